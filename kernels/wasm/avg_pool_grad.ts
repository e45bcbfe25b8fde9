import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planBox} from '../../src/geometry';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {boxAverageGradScalar} from '../shared/box_average_scalar';
import {boxAverageGradSimdHeap} from '../shared/box_simd';
import {clAvgPoolGrad} from './channels_last';

function avgPoolGrad(args: {inputs: TorchAvgPoolGradInputs; backend: BackendWasm; attrs: TorchAvgPoolGradAttrs}) {
  if (args.attrs.layout === 'channelsLast') return clAvgPoolGrad(args);
  const {
    inputs: {dy, x},
    backend,
    attrs: {spec},
  } = args;
  const dx = backend.makeOutput(x.shape, 'float32');
  const plan = planBox(x.shape, spec);
  if (
    !boxAverageGradSimdHeap(
      backend,
      backend.typedArrayFromHeap(dy) as Float32Array,
      plan,
      spec,
      backend.typedArrayFromHeap(dx) as Float32Array,
    )
  ) {
    boxAverageGradScalar(
      backend.typedArrayFromHeap(dy) as Float32Array,
      plan,
      backend.typedArrayFromHeap(dx) as Float32Array,
    );
  }
  return dx;
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'wasm',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
