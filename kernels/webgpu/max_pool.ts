/**
 * TorchMaxPool on webgpu: [values, indices] of a max pool or adaptive max pool, 1d/2d/3d as 3d with trivial leading
 * axes, windows read from the plan's tables (kernels/shared/max_tables.ts), never re-derived. One shader for every
 * geometry: sizes and offsets are uniforms, the key names only the dtype and whether a pass continues another.
 *
 * A program writes one output buffer, so the scan (one invocation per output, taps in row-major order, a tap wins
 * if `isnan(v) || v > best`: the first tie wins and the last NaN) produces the index, and a second program gathers
 * the values: after one tap has been scanned the running maximum is always x[index] (the first tap beats the
 * initial -inf or equals it), so the gather reproduces the scan's value bit for bit. Windows without an in-bounds
 * tap report -inf (int32: -2^31) and their initial index. NaN is tested on the bits (tfjs's `isnan`): a shader
 * compiler may assume comparisons never see NaN. int32 compares as i32, exactly.
 *
 * Windows longer than MAX_TAPS_PER_PASS taps are scanned in chunks, one dispatch each, each continuing from the
 * previous dispatch's index (the running maximum is re-read as x[index]).
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import {MemoryLayout, maxSpatialRank, planMax} from '../../src/geometry';
import {
  callLayout,
  cellOffset,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  splitStored,
} from './layout_wgsl';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs, TorchMaxPoolValues} from '../../src/kernel_names';
import {MAX_TAPS_PER_PASS, packMaxTables, passCount} from '../shared/max_tables';
import {MAX_TABLE_SNIPPET, MAX_UNIFORMS, chunkLoop, maxUniforms, nestedLoop, splitSnippet} from './max_program';
import {FlatProgram, flat, runPasses, uploadTable} from './program';
import type {WebGPUBackend} from './program';

/**
 * WGSL of the initial value: -2^31 for int32, -inf for float32. Neither can be written as a literal, and a constant
 * expression may not evaluate to an infinity, so -inf is tfjs's INFINITY uniform negated.
 */
function initSnippet(integer: boolean): string {
  return integer ? 'bitcast<i32>(0x80000000u)' : '-uniforms.INFINITY';
}

class MaxIndexProgram extends FlatProgram {
  /**
   * `single`: the whole scan fits in this one dispatch (nested loops); otherwise it is chunk `passStart`.
   * `valuesOnly` (single, a max pool without returnIndices): the same scan writes `best`, the value bit for bit.
   */
  constructor(
    outSize: number,
    private integer: boolean,
    private continues: boolean,
    private single: boolean,
    private valuesOnly = false,
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: outSize,
      shaderKey: `torchMaxIndex_${integer ? 'i32' : 'f32'}_${continues}_${single}_${valuesOnly}${layoutKey(layout)}`,
      variableNames: continues ? ['x', 'tbl', 'prev'] : ['x', 'tbl'],
      uniforms: MAX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    const wins = this.integer ? 'v > best' : 'isnan(v) || (!isnan(best) && v > best)';
    const start = this.continues
      ? `
          var bestIdx = prev[index];
          var best = ${initSnippet(this.integer)};
          if (hasTaps) {
            best = x[plane + ${cellOffset(this.layout, 'bestIdx')}];
          }`
      : `
          var bestIdx = (f.x * uniforms.inSize.y + f.y) * uniforms.inSize.z + f.z;
          var best = ${initSnippet(this.integer)};`;
    return `
      ${MAX_TABLE_SNIPPET}
      ${splitStored(this.layout, 'outCoords', 'uniforms.outSize', splitSnippet('outCoords', 'uniforms.outSize'))}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = outCoords(index);
          let f = vec3<i32>(tapFirst(0, c.y), tapFirst(1, c.z), tapFirst(2, c.w));
          let cnt = vec3<i32>(tapCount(0, c.y), tapCount(1, c.z), tapCount(2, c.w));
          let hasTaps = cnt.x > 0 && cnt.y > 0 && cnt.z > 0;
          let plane = ${planeBase(this.layout, 'c.x', 'uniforms.inSize.x * uniforms.inSize.y * uniforms.inSize.z')};
          ${start}
          ${(this.single ? nestedLoop : chunkLoop)(
            'f',
            'uniforms.step',
            'cnt',
            `
                let pos = (j.x * uniforms.inSize.y + j.y) * uniforms.inSize.z + j.z;
                let v = x[plane + ${cellOffset(this.layout, 'pos')}];
                if (${wins}) {
                  best = v;
                  bestIdx = pos;
                }`,
          )}
          ${
            this.valuesOnly
              ? `${this.integer ? 'setOutputAtIndexI32' : 'setOutputAtIndex'}(index, best);`
              : 'setOutputAtIndexI32(index, bestIdx);'
          }
        }
      }`;
  }
}

class MaxValuesProgram extends FlatProgram {
  constructor(
    outSize: number,
    private integer: boolean,
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: outSize,
      shaderKey: `torchMaxValues_${integer ? 'i32' : 'f32'}${layoutKey(layout)}`,
      variableNames: ['x', 'tbl', 'ind'],
      uniforms: MAX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      ${MAX_TABLE_SNIPPET}
      ${splitStored(this.layout, 'outCoords', 'uniforms.outSize', splitSnippet('outCoords', 'uniforms.outSize'))}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = outCoords(index);
          var v = ${initSnippet(this.integer)};
          if (tapCount(0, c.y) > 0 && tapCount(1, c.z) > 0 && tapCount(2, c.w) > 0) {
            v = x[${planeBase(this.layout, 'c.x', 'uniforms.inSize.x * uniforms.inSize.y * uniforms.inSize.z')} + ${cellOffset(this.layout, 'ind[index]')}];
          }
          ${this.integer ? 'setOutputAtIndexI32' : 'setOutputAtIndex'}(index, v);
        }
      }`;
  }
}

/** TorchMaxPoolValues: one scan writing the values where one dispatch holds every tap, else the programs below. */
function maxPoolValues(args: {inputs: TorchMaxPoolInputs; backend: WebGPUBackend; attrs: TorchMaxPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const t = packMaxTables(plan);
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0 || passCount(t.maxTaps) > 1) {
    const [values, indices] = maxPool(args);
    backend.disposeData(indices.dataId);
    return values;
  }
  const table = uploadTable(backend, t.values);
  try {
    const values = backend.runWebGPUProgram(
      new MaxIndexProgram(size, x.dtype === 'int32', false, true, true, call.layout),
      [flat(x), table],
      x.dtype,
      [...maxUniforms(t, 0), ...layoutUniforms(call)],
    );
    return {dataId: values.dataId, shape: call.stored(plan.outShape), dtype: x.dtype};
  } finally {
    backend.disposeData(table.dataId);
  }
}

function maxPool(args: {inputs: TorchMaxPoolInputs; backend: WebGPUBackend; attrs: TorchMaxPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const outShape = call.stored(plan.outShape);
  const integer = x.dtype === 'int32';
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0) {
    return [
      backend.makeTensorInfo(outShape, x.dtype, integer ? new Int32Array(0) : new Float32Array(0)),
      backend.makeTensorInfo(outShape, 'int32', new Int32Array(0)),
    ];
  }
  const t = packMaxTables(plan);
  const table = uploadTable(backend, t.values);
  const xf = flat(x);
  try {
    const passes = passCount(t.maxTaps);
    const indices = runPasses(backend, passes, (pass, prev) =>
      backend.runWebGPUProgram(
        new MaxIndexProgram(size, integer, prev !== null, passes === 1, false, call.layout),
        prev ? [xf, table, prev] : [xf, table],
        'int32',
        [...maxUniforms(t, pass * MAX_TAPS_PER_PASS), ...layoutUniforms(call)],
      ),
    );
    try {
      const values = backend.runWebGPUProgram(
        new MaxValuesProgram(size, integer, call.layout),
        [xf, table, indices],
        x.dtype,
        [...maxUniforms(t, 0), ...layoutUniforms(call)],
      );
      return [
        {dataId: values.dataId, shape: outShape, dtype: x.dtype},
        {dataId: indices.dataId, shape: outShape, dtype: 'int32'},
      ];
    } catch (e) {
      backend.disposeData(indices.dataId);
      throw e;
    }
  } finally {
    backend.disposeData(table.dataId);
  }
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'webgpu',
  kernelFunc: maxPool as unknown as KernelFunc,
};

export const maxPoolValuesConfig: KernelConfig = {
  kernelName: TorchMaxPoolValues,
  backendName: 'webgpu',
  kernelFunc: maxPoolValues as unknown as KernelFunc,
};
