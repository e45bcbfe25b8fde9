/**
 * TorchMaxUnpool on webgl. PyTorch zero-fills the output and writes out[plane][indices[j]] = x[j] in flat input
 * order, so on duplicates the last write wins. A fragment cannot scatter and webgl has no atomics, so each output
 * cell finds the last j of its plane whose index names it, then gathers x there (0 where none):
 *
 * - small index planes (at most LINEAR_SEARCH indices): each output cell scans them all, one pass;
 * - larger ones: the plane's positions j are sorted by (indices[j], j) with a bitonic network (log2(Q)·(log2(Q)+1)/2
 *   passes of one compare-exchange per fragment), and each output cell binary-searches the sorted run for the last
 *   entry with its own index (at most log2(Q)+1 steps). Every invocation does bounded work, and the whole costs
 *   O(Q log² Q + P log Q) per plane instead of the O(P·Q) of a search over all indices.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {unpoolLayout} from '../../src/geometry';
import {TorchMaxUnpool, TorchMaxUnpoolAttrs, TorchMaxUnpoolInputs} from '../../src/kernel_names';
import {gatherPlanes} from './max_gather';
import {GlslLayout, LAYOUT_UNIFORM, callLayout, cellOffset, layoutValue, planeBase, planeCell} from './layout_glsl';
import {
  CustomUniforms,
  disposeViews,
  emptyOutput,
  flatView,
  loopBound,
  runPasses,
  uniformValues,
  withShape,
} from './webgl_program';

/** Index planes up to this size are searched linearly (one pass of at most this many comparisons per output). */
const LINEAR_SEARCH = 64;

/**
 * Uniforms of the search programs: the cells of an output plane (targetPlane) and of an index plane (indexPlane),
 * the sort's padded plane, the bitonic step's (block, span), and C.
 */
const SEARCH_UNIFORMS: CustomUniforms = [
  {name: 'targetPlane', type: 'int'},
  {name: 'indexPlane', type: 'int'},
  {name: 'padded', type: 'int'},
  {name: 'block', type: 'int'},
  {name: 'span', type: 'int'},
  ...LAYOUT_UNIFORM,
];

/** For each output cell, the last j of its plane whose index names it (-1: none), by a scan of all Q indices. */
class LinearSearchProgram implements GPGPUProgram {
  variableNames = ['ind'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = SEARCH_UNIFORMS;
  userCode: string;

  /** The loop's constant bound: Q rounded up to a power of two, breaking at Q. */
  constructor(size: number, indexPlane: number, l: GlslLayout) {
    this.outputShape = [size];
    this.userCode = `
      void main() {
        int idx = getOutputCoords();
        ${planeCell(l, 'idx', 'targetPlane', 'q', 'cell')}
        int qBase = ${planeBase(l, 'q', 'indexPlane')};
        float found = -1.0;
        for (int j = 0; j < ${loopBound(indexPlane)}; j++) {
          if (j >= indexPlane) break;
          if (int(floor(getInd(qBase + ${cellOffset(l, 'j')}) + 0.5)) == cell) found = float(j);
        }
        setOutput(found);
      }
    `;
  }
}

/**
 * GLSL ordering two entries of plane q of the sort (a position j, or -1 for the padding up to a power of two) by
 * (indices[j], j); padding sorts last.
 */
function keySnippet(l: GlslLayout): string {
  const at = `${planeBase(l, 'q', 'indexPlane')} + ${cellOffset(l, 'int(floor(a + 0.5))')}`;
  return `
      int sortKey(int q, float a) {
        return a < 0.0 ? targetPlane : int(floor(getInd(${at}) + 0.5));
      }
      bool before(int q, float a, float b) {
        int ka = sortKey(q, a);
        int kb = sortKey(q, b);
        return ka < kb || (ka == kb && a < b);
      }`;
}

/** One compare-exchange step of the bitonic network: blocks of `block` entries, partners `span` apart. */
class BitonicStepProgram implements GPGPUProgram {
  variableNames = ['ind', 'a'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = SEARCH_UNIFORMS;
  userCode: string;

  constructor(size: number, l: GlslLayout) {
    this.outputShape = [size];
    this.userCode = `
      ${keySnippet(l)}

      void main() {
        int i = getOutputCoords();
        int q = i / padded;
        int r = i - q * padded;
        bool lower = imod(r / span, 2) == 0;
        bool ascending = imod(r / block, 2) == 0;
        float mine = getA(i);
        float other = getA(lower ? i + span : i - span);
        bool mineFirst = before(q, mine, other);
        // the lower entry of a pair takes the smaller key in an ascending block, the larger in a descending one
        bool keepMine = (lower == ascending) == mineFirst;
        setOutput(keepMine ? mine : other);
      }
    `;
  }
}

/** For each output cell, the last entry of its plane's sorted run whose index is the cell (-1: none). */
class SortedSearchProgram implements GPGPUProgram {
  variableNames = ['ind', 'a'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = SEARCH_UNIFORMS;
  userCode: string;

  /** `padded` (a power of two) sets the constant bound of the binary search, log2(padded) + 1 steps. */
  constructor(size: number, padded: number, l: GlslLayout) {
    this.outputShape = [size];
    const steps = Math.log2(padded) + 1;
    this.userCode = `
      ${keySnippet(l)}

      void main() {
        int idx = getOutputCoords();
        ${planeCell(l, 'idx', 'targetPlane', 'q', 'cell')}
        int lo = 0;
        int hi = padded;
        // lo becomes the number of entries whose index is at most the cell
        for (int s = 0; s < ${steps}; s++) {
          if (lo >= hi) break;
          int mid = (lo + hi) / 2;
          if (sortKey(q, getA(q * padded + mid)) <= cell) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        float found = -1.0;
        if (lo > 0) {
          float last = getA(q * padded + lo - 1);
          if (last >= 0.0 && sortKey(q, last) == cell) found = last;
        }
        setOutput(found);
      }
    `;
  }
}

/** The last writer of every output cell (flat, planes of `targetPlane`; -1 where none). */
function lastWriters(
  backend: MathBackendWebGL,
  ind: TensorInfo,
  planes: number,
  targetPlane: number,
  indexPlane: number,
  l: GlslLayout,
): TensorInfo {
  const size = planes * targetPlane;
  const values = (more: Record<string, number[]> = {}) =>
    uniformValues(SEARCH_UNIFORMS, {targetPlane: [targetPlane], indexPlane: [indexPlane], ...layoutValue(l), ...more});
  if (indexPlane <= LINEAR_SEARCH) {
    return backend.runWebGLProgram(new LinearSearchProgram(size, indexPlane, l), [ind], 'float32', values());
  }
  let padded = 1;
  while (padded < indexPlane) padded *= 2;
  const start = new Float32Array(planes * padded);
  for (let q = 0; q < planes; q++) {
    for (let j = 0; j < padded; j++) start[q * padded + j] = j < indexPlane ? j : -1;
  }
  // the network's steps: (block, span) for blocks 2, 4, …, padded and spans block/2, …, 1
  const steps: Array<[number, number]> = [];
  for (let block = 2; block <= padded; block *= 2) {
    for (let span = block / 2; span >= 1; span /= 2) steps.push([block, span]);
  }
  const step = new BitonicStepProgram(planes * padded, l);
  // pass 0 uploads the unsorted positions; the chain owns them like any intermediate
  const sorted = runPasses(backend, 1 + steps.length, (k, a) =>
    a === null
      ? backend.makeTensorInfo([planes * padded], 'float32', start)
      : backend.runWebGLProgram(
          step,
          [ind, a],
          'float32',
          values({padded: [padded], block: [steps[k - 1][0]], span: [steps[k - 1][1]]}),
        ),
  );
  try {
    return backend.runWebGLProgram(
      new SortedSearchProgram(size, padded, l),
      [ind, sorted],
      'float32',
      values({padded: [padded]}),
    );
  } finally {
    backend.disposeIntermediateTensorInfo(sorted);
  }
}

function maxUnpool(args: {inputs: TorchMaxUnpoolInputs; backend: MathBackendWebGL; attrs: TorchMaxUnpoolAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {outputSize, layout},
  } = args;
  const nd = outputSize.length;
  // x, indices and the output share the layout; the search's winners are stored as the output (layout_glsl.ts)
  const call = callLayout(layout, indices.shape, nd);
  const {outShape: logicalOut, planes, targetPlane, indexPlane} = unpoolLayout(call.logical, outputSize);
  const outShape = call.stored(logicalOut);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(outShape);
  if (size === 0) return emptyOutput(backend, outShape, dtype);
  // No input cell: nothing is written, the output stays zero.
  if (indexPlane === 0 || util.sizeFromShape(x.shape) === 0) {
    return backend.makeTensorInfo(outShape, dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
  }
  const iv = flatView(backend, indices);
  let winners: TensorInfo | null = null;
  try {
    winners = lastWriters(backend, iv.view, planes, targetPlane, indexPlane, call);
    return withShape(gatherPlanes(backend, x, winners, indexPlane, targetPlane, dtype, call), outShape);
  } finally {
    if (winners) backend.disposeIntermediateTensorInfo(winners);
    disposeViews(backend, [iv]);
  }
}

export const maxUnpoolConfig: KernelConfig = {
  kernelName: TorchMaxUnpool,
  backendName: 'webgl',
  kernelFunc: maxUnpool as unknown as KernelFunc,
};
