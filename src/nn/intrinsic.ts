/**
 * torch.ao.nn.intrinsic's ConvReLU1d / ConvReLU2d / ConvReLU3d: the Sequential(conv, relu) that
 * `fuseModules` (torch.ao.quantization.fuse_modules) puts in place of a convolution and the ReLU after it. Same
 * children ('0': the convolution, '1': the ReLU), state_dict keys and repr as PyTorch's. Its forward is the
 * convolution with the ReLU applied by tfjs's fused convolution kernel (conv + bias + ReLU in one kernel where the
 * backend has one), which PyTorch's float module does not do but which computes the same values.
 *
 *   torch.ao.nn.intrinsic.ConvReLU2d(conv, relu)        new nn.intrinsic.ConvReLU2d(conv, relu)
 */
import * as tf from '@tensorflow/tfjs-core';
import {TensorInput} from '../ops/input';
import {torchCheck} from '../ops/torch_errors';
import {ReLU} from './activation';
import {Sequential} from './containers';
import {Conv1d, Conv2d, Conv3d, ConvNd} from './conv';
import {Module} from './module';

/** PyTorch's `_FusedModule` of a convolution class and ReLU. */
abstract class ConvReLUNd extends Sequential {
  protected constructor(convClass: typeof Conv1d | typeof Conv2d | typeof Conv3d, conv: Module, relu: Module) {
    // the exact classes, as PyTorch compares type(conv) == Conv2d (a subclass is refused)
    torchCheck(
      conv instanceof Module && relu instanceof Module && conv.constructor === convClass && relu.constructor === ReLU,
      () =>
        `Incorrect types for input modules: ${conv instanceof Module ? conv.getName() : typeof conv} and ` +
        `${relu instanceof Module ? relu.getName() : typeof relu}`,
      'AssertionError',
    );
    super(conv, relu);
  }

  /** The convolution then ReLU: one fused kernel where the children are still the fused pair, else in turn. */
  forward(input: TensorInput): tf.Tensor {
    const conv = this._modules.get('0');
    const relu = this._modules.get('1');
    if (this._modules.size === 2 && conv instanceof ConvNd && relu instanceof Module && relu.constructor === ReLU) {
      return conv.forwardActivated(input, 'relu');
    }
    return super.forward(input) as tf.Tensor;
  }
}

/** torch.ao.nn.intrinsic.ConvReLU1d(conv, relu): Conv1d then ReLU. */
export class ConvReLU1d extends ConvReLUNd {
  static readonly torchName: string = 'ConvReLU1d';

  constructor(conv: Conv1d, relu: ReLU) {
    super(Conv1d, conv, relu);
  }
}

/** torch.ao.nn.intrinsic.ConvReLU2d(conv, relu): Conv2d then ReLU. */
export class ConvReLU2d extends ConvReLUNd {
  static readonly torchName: string = 'ConvReLU2d';

  constructor(conv: Conv2d, relu: ReLU) {
    super(Conv2d, conv, relu);
  }
}

/** torch.ao.nn.intrinsic.ConvReLU3d(conv, relu): Conv3d then ReLU. */
export class ConvReLU3d extends ConvReLUNd {
  static readonly torchName: string = 'ConvReLU3d';

  constructor(conv: Conv3d, relu: ReLU) {
    super(Conv3d, conv, relu);
  }
}
