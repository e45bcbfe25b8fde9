/**
 * TorchMaxUnpool on webgpu. PyTorch zero-fills the output and writes out[plane][indices[j]] = x[j] in flat input
 * order, so on duplicates the last write wins. Parallel writes would leave the winner to chance, so one dispatch
 * first records, per output cell, the greatest j + 1 naming it (atomicMax on an int32 buffer of zeros: the result
 * does not depend on the order of the atomics), and a second gathers x at the winners (0 where none). Each
 * invocation does constant work.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import {MemoryLayout, planeLayout} from '../../src/geometry';
import {
  callLayout,
  cellOffset,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  planeCell,
} from './layout_wgsl';
import {TorchMaxUnpool, TorchMaxUnpoolAttrs, TorchMaxUnpoolInputs} from '../../src/kernel_names';
import {gatherPlanes} from './max_gather';
import {FlatProgram, flat} from './program';
import type {WebGPUBackend} from './program';

class LastWriterProgram extends FlatProgram {
  /** `winners` cells of output (zeros, bound as the output), one invocation per index of `count`. */
  constructor(
    winners: number,
    count: number,
    private layout: MemoryLayout,
  ) {
    super({
      size: winners,
      invocations: count,
      atomic: true,
      shaderKey: `torchMaxUnpoolWinners${layoutKey(layout)}`,
      variableNames: ['ind'],
      uniforms: 'count : i32, targetPlane : i32, indexPlane : i32,' + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.count) {
          ${planeCell(this.layout, 'index', 'uniforms.indexPlane', 'q', 'j')}
          atomicMax(&result[${planeBase(this.layout, 'q', 'uniforms.targetPlane')} + ${cellOffset(this.layout, 'ind[index]')}], j + 1);
        }
      }`;
  }
}

function maxUnpool(args: {inputs: TorchMaxUnpoolInputs; backend: WebGPUBackend; attrs: TorchMaxUnpoolAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {outputSize, layout},
  } = args;
  const nd = outputSize.length;
  // x, indices and the output share the layout; the winners are stored as the output
  const call = callLayout(layout, indices.shape, nd);
  const outShape = call.stored([...call.logical.slice(0, call.logical.length - nd), ...outputSize]);
  const integer = x.dtype === 'int32';
  const size = util.sizeFromShape(outShape);
  const count = util.sizeFromShape(indices.shape);
  // Nothing to write to, or nothing written: no dispatch (an empty binding is invalid).
  if (size === 0 || count === 0) {
    return backend.makeTensorInfo(outShape, x.dtype, integer ? new Int32Array(size) : new Float32Array(size));
  }
  const {targetPlane, indexPlane} = planeLayout(call.logical, outputSize);
  const zeros = backend.makeTensorInfo([size], 'int32', new Int32Array(size));
  let winners: TensorInfo | null = null;
  try {
    winners = backend.runWebGPUProgram(
      new LastWriterProgram(size, count, call.layout),
      [flat(indices)],
      'int32',
      [
        {type: 'int32', data: [count]},
        {type: 'int32', data: [targetPlane]},
        {type: 'int32', data: [indexPlane]},
        ...layoutUniforms(call),
      ],
      zeros,
    );
    const out = gatherPlanes(backend, x, winners, indexPlane, targetPlane, -1, call);
    return {dataId: out.dataId, shape: outShape, dtype: x.dtype};
  } finally {
    if (winners !== null) backend.disposeData(winners.dataId);
    if (winners === null || winners.dataId !== zeros.dataId) backend.disposeData(zeros.dataId);
  }
}

export const maxUnpoolConfig: KernelConfig = {
  kernelName: TorchMaxUnpool,
  backendName: 'webgpu',
  kernelFunc: maxUnpool as unknown as KernelFunc,
};
