/**
 * TorchMaxPool on webgl: [values, indices] of a max pool or adaptive max pool, 1d/2d/3d as 3d with trivial leading
 * axes, windows read from the plan's tables (kernels/shared/max_tables.ts), never re-derived.
 *
 * A fragment writes one value, so the scan (one fragment per output, taps in row-major order, a tap wins if
 * `isnan(v) || v > best`: the first tie wins and the last NaN) produces the index only, and a second program gathers
 * the values at those indices: after one tap has been scanned the running maximum is always x[index] (the first tap
 * beats the initial -inf or equals it), so the gather reproduces the scan's value bit for bit, NaN payload and zero
 * sign included. Windows without an in-bounds tap report -inf (int32: -2^31) and their initial index.
 *
 * Windows longer than MAX_TAPS_PER_PASS taps are scanned in chunks, one program run each, each run continuing from
 * the previous run's index (the running maximum is re-read as x[index]).
 *
 * int32 tensors live in float textures on webgl; they compare exactly below 2^24 in magnitude, as tfjs's own ops.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {MaxPlan, planMax} from '../../src/geometry';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs} from '../../src/kernel_names';
import {PackedMaxTables, packMaxTables, passCount, MAX_TAPS_PER_PASS} from '../shared/max_tables';
import {MAX_UNIFORMS, chunkLoop, maxConstants, tapCount, tapFirst} from './max_program';
import {TABLE_SNIPPET, disposeViews, emptyOutput, flatView, splitIndex, withShape} from './webgl_program';

/** One chunk of the scan: the index of each output's maximum so far. */
class MaxIndexProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = false;
  customUniforms = MAX_UNIFORMS;
  userCode: string;

  constructor(size: number, t: PackedMaxTables, continues: boolean) {
    this.outputShape = [size];
    this.variableNames = continues ? ['x', 't', 'prev'] : ['x', 't'];
    const f = [0, 1, 2].map(d => tapFirst(d, `o${d}`));
    const start = continues ?
        `int bestIdx = tab0(getPrev(idx));
        float best = hasTaps ? getX(plane + bestIdx) : initValue;` :
        `int bestIdx = (f0 * inSize.y + f1) * inSize.z + f2;
        float best = initValue;`;
    this.userCode = `
      ${maxConstants(t)}
      ${TABLE_SNIPPET}
      int tab0(float v) {
        return int(floor(v + 0.5));
      }

      void main() {
        int idx = getOutputCoords();
        ${splitIndex('idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        int f0 = ${f[0]};
        int f1 = ${f[1]};
        int f2 = ${f[2]};
        int c0 = ${tapCount(0, 'o0')};
        int c1 = ${tapCount(1, 'o1')};
        int c2 = ${tapCount(2, 'o2')};
        bool hasTaps = c0 > 0 && c1 > 0 && c2 > 0;
        int plane = p * (inSize.x * inSize.y * inSize.z);
        ${start}
        ${chunkLoop(['f0', 'f1', 'f2'], ['step.x', 'step.y', 'step.z'], ['c0', 'c1', 'c2'], `
              int pos = (j0 * inSize.y + j1) * inSize.z + j2;
              float v = getX(plane + pos);
              if (isnan(v) || (!isnan(best) && v > best)) {
                best = v;
                bestIdx = pos;
              }`)}
        setOutput(float(bestIdx));
      }
    `;
  }
}

/** values = x[plane][index], or the initial value where a window has no in-bounds tap. */
class MaxValuesProgram implements GPGPUProgram {
  variableNames = ['x', 't', 'ind'];
  outputShape: number[];
  enableShapeUniforms = false;
  customUniforms = MAX_UNIFORMS;
  userCode: string;

  constructor(size: number, t: PackedMaxTables) {
    this.outputShape = [size];
    this.userCode = `
      ${maxConstants(t)}
      ${TABLE_SNIPPET}

      void main() {
        int idx = getOutputCoords();
        ${splitIndex('idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        bool hasTaps = ${tapCount(0, 'o0')} > 0 && ${tapCount(1, 'o1')} > 0 && ${tapCount(2, 'o2')} > 0;
        int at = p * (inSize.x * inSize.y * inSize.z) + int(floor(getInd(idx) + 0.5));
        setOutput(hasTaps ? getX(at) : initValue);
      }
    `;
  }
}

function initValue(dtype: string): number {
  return dtype === 'int32' ? -(2 ** 31) : -Infinity;
}

/** The index pass(es) over a plan; returns the int32 indices texture (flat). */
export function maxIndices(backend: MathBackendWebGL, x: TensorInfo, plan: MaxPlan, t: PackedMaxTables,
                           table: TensorInfo): TensorInfo {
  const size = util.sizeFromShape(plan.outShape);
  const init = [initValue(x.dtype)];
  let prev: TensorInfo | null = null;
  for (let pass = 0; pass < passCount(t.maxTaps); pass++) {
    const program = new MaxIndexProgram(size, t, prev !== null);
    const inputs = prev ? [x, table, prev] : [x, table];
    const next = backend.runWebGLProgram(program, inputs, 'int32', [[pass * MAX_TAPS_PER_PASS], init]);
    if (prev) backend.disposeIntermediateTensorInfo(prev);
    prev = next;
  }
  return prev as TensorInfo;
}

function maxPool(args: {inputs: TorchMaxPoolInputs, backend: MathBackendWebGL, attrs: TorchMaxPoolAttrs}) {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planMax(x.shape, spec);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0) return [emptyOutput(backend, plan.outShape, dtype), emptyOutput(backend, plan.outShape, 'int32')];
  const t = packMaxTables(plan);
  const xv = flatView(backend, x);
  const table = backend.makeTensorInfo([t.values.length], 'int32', t.values);
  try {
    const indices = maxIndices(backend, xv.view, plan, t, table);
    const values = backend.runWebGLProgram(new MaxValuesProgram(size, t), [xv.view, table, indices], dtype,
                                           [[0], [initValue(dtype)]]);
    return [withShape(values, plan.outShape), withShape(indices, plan.outShape)];
  } finally {
    backend.disposeIntermediateTensorInfo(table);
    disposeViews(backend, [xv]);
  }
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'webgl',
  kernelFunc: maxPool as unknown as KernelFunc,
};
