/**
 * TorchAvgPool on webgpu: one invocation per output sums its window, read from the BoxPlan's tables, in
 * row-major order (PyTorch's CPU order), then divides as the plan's divisor rule says. One shader serves every
 * pool (avg and adaptive, 1d/2d/3d): the rank only changes the table contents, so the shader key names just
 * the divisor rule and the dtype. int32 inputs sum exactly in 64 bits and divide with truncation.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import {
  DivisorRule,
  MemoryLayout,
  divisorStepWgsl,
  packTables,
  planBox,
  spatialRank,
  windowTiles,
} from '../../src/geometry';
import {
  callLayout,
  cellOffset,
  cellStride,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  splitStored,
} from './layout_wgsl';
import {tiledBoxForward} from './tiled_box';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {BOX_UNIFORMS, TABLE_SNIPPET, boxUniforms, divideI64Snippet, splitIndexSnippet} from './box_tables';
import {FlatProgram, runFlat, uploadTable} from './program';
import type {WebGPUBackend} from './program';

class TorchAvgPoolProgram extends FlatProgram {
  constructor(
    outSize: number,
    private rule: DivisorRule['kind'],
    private integer: boolean,
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: outSize,
      shaderKey: `torchAvgPool_${rule}_${integer ? 'i32' : 'f32'}${layoutKey(layout)}`,
      variableNames: ['x', 'tbl'],
      uniforms: BOX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    // Float: PyTorch's float32 running sum from +0. Integer: exact 64-bit sum as (lo, hi) with carry.
    const [init, add, result] = this.integer
      ? [
          'var lo = 0u; var hi = 0;',
          'let v = x[i]; let s = lo + bitcast<u32>(v); hi = hi + select(0, -1, v < 0) + select(0, 1, s < lo); lo = s;',
          'setOutputAtIndexI32(index, divideI64(lo, hi, f0, f1, f2));',
        ]
      : ['var acc = 0.0;', 'acc = acc + f32(x[i]);', 'setOutputAtIndex(index, divideF32(acc, f0, f1, f2));'];
    return `
      ${this.integer ? divideI64Snippet(this.rule) : divisorStepWgsl(this.rule)}
      ${splitStored(this.layout, 'outCoords', 'uniforms.outSize', splitIndexSnippet('outCoords', 'uniforms.outSize'))}
      ${TABLE_SNIPPET}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = outCoords(index);
          let f0 = factor(0, c.y);
          let f1 = factor(1, c.z);
          let f2 = factor(2, c.w);
          let end0 = winEnd(0, c.y);
          let end1 = winEnd(1, c.z);
          let start2 = winStart(2, c.w);
          let end2 = winEnd(2, c.w);
          let plane = ${planeBase(this.layout, 'c.x', 'uniforms.inSize.x * uniforms.inSize.y * uniforms.inSize.z')};
          ${init}
          for (var i0 = winStart(0, c.y); i0 < end0; i0++) {
            for (var i1 = winStart(1, c.z); i1 < end1; i1++) {
              let row = plane + ${cellOffset(this.layout, '(i0 * uniforms.inSize.y + i1) * uniforms.inSize.z')};
              for (var i = row + ${cellOffset(this.layout, 'start2')}; i < row + ${cellOffset(this.layout, 'end2')}; i += ${cellStride(this.layout)}) {
                ${add}
              }
            }
          }
          ${result}
        }
      }`;
  }
}

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: WebGPUBackend; attrs: TorchAvgPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, spatialRank(spec));
  const plan = planBox(call.logical, spec);
  const outShape = call.stored(plan.outShape);
  const p = packTables(plan, spec);
  // Windows longer than MAX_WINDOW_ELEMENTS cells: tiles and passes (float32; see tiled_box.ts).
  const tiles = x.dtype === 'float32' && util.sizeFromShape(plan.outShape) > 0 ? windowTiles(p.maxWindow) : null;
  if (tiles !== null) return tiledBoxForward(backend, x, plan, p, tiles, call);
  const size = util.sizeFromShape(plan.outShape);
  const program = new TorchAvgPoolProgram(size, plan.divisor.kind, x.dtype === 'int32', call.layout);
  const uniforms = [...boxUniforms(plan, p), ...layoutUniforms(call)];
  return runFlat(backend, program, [x], x.dtype, uniforms, outShape, uploadTable(backend, p.values));
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'webgpu',
  kernelFunc: avgPool as unknown as KernelFunc,
};
