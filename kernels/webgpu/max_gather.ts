/**
 * TorchGatherPlanes on webgpu: out[q][j] = x[q][indices[q][j] + offset], 0 where that lies outside x's plane.
 * Planes are x's trailing `rank` axes; the indices' trailing `rank` axes form theirs. The offset is 0 for the
 * kernel, -1 for max_unpool's last step (its winners are stored as j + 1, 0 meaning none).
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import {TorchGatherPlanes, TorchGatherPlanesAttrs, TorchGatherPlanesInputs} from '../../src/kernel_names';
import {FlatProgram, flat} from './program';
import {MemoryLayout, logicalShape} from '../../src/geometry';
import {CHANNELS_FIRST, ShaderLayout} from '../shared/call_layout';
import {
  callLayout,
  cellOffset,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  planeCell,
} from './layout_wgsl';
import type {WebGPUBackend} from './program';

class GatherPlanesProgram extends FlatProgram {
  constructor(
    size: number,
    private integer: boolean,
    private layout: MemoryLayout,
  ) {
    super({
      size,
      shaderKey: `torchGatherPlanes_${integer ? 'i32' : 'f32'}${layoutKey(layout)}`,
      variableNames: ['x', 'ind'],
      uniforms: 'targetPlane : i32, indexPlane : i32, offset : i32,' + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    const zero = this.integer ? '0' : '0.0';
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let i = ind[index] + uniforms.offset;
          var v = ${zero};
          if (i >= 0 && i < uniforms.targetPlane) {
            ${planeCell(this.layout, 'index', 'uniforms.indexPlane', 'q', 'j')}
            v = x[${planeBase(this.layout, 'q', 'uniforms.targetPlane')} + ${cellOffset(this.layout, 'i')}];
          }
          ${this.integer ? 'setOutputAtIndexI32' : 'setOutputAtIndex'}(index, v);
        }
      }`;
  }
}

/** Gathers flat `x` (planes of `targetPlane`) at flat int32 `indices` (planes of `indexPlane`) plus `offset`. */
export function gatherPlanes(
  backend: WebGPUBackend,
  x: TensorInfo,
  indices: TensorInfo,
  targetPlane: number,
  indexPlane: number,
  offset: number,
  l: ShaderLayout = CHANNELS_FIRST,
): TensorInfo {
  const size = util.sizeFromShape(indices.shape);
  const integer = x.dtype === 'int32';
  // Nothing to gather from (an empty x: every index lies outside its plane) or nothing to gather: no binding.
  if (size === 0 || util.sizeFromShape(x.shape) === 0) {
    return backend.makeTensorInfo([size], x.dtype, integer ? new Int32Array(size) : new Float32Array(size));
  }
  return backend.runWebGPUProgram(new GatherPlanesProgram(size, integer, l.layout), [flat(x), flat(indices)], x.dtype, [
    {type: 'int32', data: [targetPlane]},
    {type: 'int32', data: [indexPlane]},
    {type: 'int32', data: [offset]},
    ...layoutUniforms(l),
  ]);
}

function gather(args: {inputs: TorchGatherPlanesInputs; backend: WebGPUBackend; attrs: TorchGatherPlanesAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {rank, layout},
  } = args;
  const call = callLayout(layout, indices.shape, rank);
  const plane = (shape: number[]) => util.sizeFromShape(logicalShape(shape, rank, call.layout).slice(-rank));
  const out = gatherPlanes(backend, x, indices, plane(x.shape), plane(indices.shape), 0, call);
  return {dataId: out.dataId, shape: indices.shape, dtype: x.dtype};
}

export const gatherPlanesConfig: KernelConfig = {
  kernelName: TorchGatherPlanes,
  backendName: 'webgpu',
  kernelFunc: gather as unknown as KernelFunc,
};
