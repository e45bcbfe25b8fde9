/**
 * wasm kernels work in place on the wasm heap: the output is allocated on the heap first (makeOutput), then float32
 * tensors go through the SIMD modules of ../shared/box_simd.ts, instantiated over tfjs-wasm's own memory, and int32
 * tensors (or a runtime without WebAssembly SIMD) through the shared scalar loops on heap views. Both are the cpu
 * backend's arithmetic, hence PyTorch-exact in float32.
 */
import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {boxAverageScalar} from '../shared/box_average_scalar';
import {boxAverageSimdHeap} from '../shared/box_simd';
import {clAvgPool} from './channels_last';

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: BackendWasm; attrs: TorchAvgPoolAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clAvgPool(args);
  const {
    inputs: {x},
    backend,
    attrs: {spec},
  } = args;
  const plan = planBox(x.shape, spec);
  const out = backend.makeOutput(plan.outShape, x.dtype);
  const integer = x.dtype === 'int32';
  if (
    integer ||
    !boxAverageSimdHeap(
      backend,
      backend.typedArrayFromHeap(x) as Float32Array,
      plan,
      spec,
      backend.typedArrayFromHeap(out) as Float32Array,
    )
  ) {
    // Fresh views: the SIMD path may have grown the heap before declining.
    boxAverageScalar(
      backend.typedArrayFromHeap(x) as Float32Array | Int32Array,
      plan,
      integer,
      backend.typedArrayFromHeap(out) as Float32Array | Int32Array,
    );
  }
  return out;
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'wasm',
  kernelFunc: avgPool as unknown as KernelFunc,
};
