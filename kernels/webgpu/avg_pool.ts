/**
 * TorchAvgPool on webgpu: one invocation per output sums its window, read from the BoxPlan's tables, in
 * row-major order (PyTorch's CPU order), then divides as the plan's divisor rule says. One shader serves every
 * pool (avg and adaptive, 1d/2d/3d): the rank only changes the table contents, so the shader key names just
 * the divisor rule and the dtype. int32 inputs sum exactly in 64 bits and divide with truncation.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import {DivisorRule, planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {BOX_UNIFORMS, boxUniforms, divideF32Snippet, divideI64Snippet, packBox, splitIndexSnippet} from './box_tables';
import {FLAT_WORKGROUP, flatDispatch, runFlat, uploadTable} from './program';
import type {WebGPUBackend, WebGPUProgram} from './program';

class TorchAvgPoolProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = {x: [0]};
  dispatch: [number, number, number];
  variableNames = ['x', 'tbl'];
  uniforms = BOX_UNIFORMS;
  workgroupSize: [number, number, number] = [FLAT_WORKGROUP, 1, 1];
  size = true;

  constructor(outSize: number, private rule: DivisorRule['kind'], private integer: boolean) {
    this.outputShape = [outSize];
    this.dispatch = flatDispatch(outSize, FLAT_WORKGROUP);
    this.shaderKey = `torchAvgPool_${rule}_${integer ? 'i32' : 'f32'}`;
  }

  getUserCode(): string {
    // Float: PyTorch's float32 running sum from +0. Integer: exact 64-bit sum as (lo, hi) with carry.
    const [init, add, result] = this.integer ?
        ['var lo = 0u; var hi = 0;',
         'let v = x[i]; let s = lo + bitcast<u32>(v); hi = hi + select(0, -1, v < 0) + select(0, 1, s < lo); lo = s;',
         'setOutputAtIndexI32(index, divideI64(lo, hi, f0, f1, f2));'] :
        ['var acc = 0.0;', 'acc = acc + f32(x[i]);', 'setOutputAtIndex(index, divideF32(acc, f0, f1, f2));'];
    return `
      ${this.integer ? divideI64Snippet(this.rule) : divideF32Snippet(this.rule)}
      ${splitIndexSnippet('outCoords', 'uniforms.outSize')}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = outCoords(index);
          let w0 = uniforms.fwdOffset.x + 3 * c.y;
          let w1 = uniforms.fwdOffset.y + 3 * c.z;
          let w2 = uniforms.fwdOffset.z + 3 * c.w;
          let f0 = tbl[w0 + 2];
          let f1 = tbl[w1 + 2];
          let f2 = tbl[w2 + 2];
          let end0 = tbl[w0 + 1];
          let end1 = tbl[w1 + 1];
          let start2 = tbl[w2];
          let end2 = tbl[w2 + 1];
          let plane = c.x * uniforms.inSize.x * uniforms.inSize.y * uniforms.inSize.z;
          ${init}
          for (var i0 = tbl[w0]; i0 < end0; i0++) {
            for (var i1 = tbl[w1]; i1 < end1; i1++) {
              let row = plane + (i0 * uniforms.inSize.y + i1) * uniforms.inSize.z;
              for (var i = row + start2; i < row + end2; i++) {
                ${add}
              }
            }
          }
          ${result}
        }
      }`;
  }
}

function avgPool(args: {inputs: TorchAvgPoolInputs, backend: WebGPUBackend, attrs: TorchAvgPoolAttrs}) {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planBox(x.shape, spec);
  const p = packBox(plan);
  const program = new TorchAvgPoolProgram(util.sizeFromShape(plan.outShape), plan.divisor.kind, x.dtype === 'int32');
  return runFlat(backend, program, [x], x.dtype, boxUniforms(plan, p), plan.outShape, uploadTable(backend, p.values));
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'webgpu',
  kernelFunc: avgPool as unknown as KernelFunc,
};
