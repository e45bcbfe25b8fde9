import {GradConfig, NamedAttrMap, Tensor, broadcastTo, div, reshape, scalar, zerosLike} from '@tensorflow/tfjs-core';
import {planMean} from '../geometry';
import {TorchMean, TorchMeanAttrs} from '../kernel_names';

/**
 * d(mean)/dx: dy broadcast back over the reduced axes, divided by N in float32 (FunctionsManual.cpp
 * mean_backward: `grad.expand(sizes) / N`, one division, so 1/6 is 0.1666666716337204).
 */
export const meanGradConfig: GradConfig = {
  kernelName: TorchMean,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const x = saved[0];
    const plan = planMean(x.shape, (attrs as unknown as TorchMeanAttrs).axes);
    // tf.broadcastTo cannot broadcast to a shape with a zero dim; an empty input's gradient is simply empty.
    return {
      x: () =>
        x.size === 0
          ? zerosLike(x)
          : div(broadcastTo(reshape(dy as Tensor, plan.keepShape), x.shape), scalar(plan.reduceSize)),
    };
  },
};
