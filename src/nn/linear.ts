/**
 * torch.nn.Linear(in_features, out_features, bias=True): y = x·Wᵀ + b over the last dimension, with PyTorch's
 * weight layout [out_features, in_features] (so a state_dict loads as is).
 *
 *   nn.Linear(512, 1000)            new nn.Linear(512, 1000)
 *   nn.Linear(4, 2, bias=False)     new nn.Linear(4, 2, {bias: false})
 */
import * as tf from '@tensorflow/tfjs-core';
import {TensorInput, toTensor} from '../ops/input';
import {torchCheck} from '../ops/torch_errors';
import {uniformParameter} from './init';
import {initArgs} from './init_args';
import {inputFormat, viaContiguous} from './memory_format';
import {Module} from './module';

export class Linear extends Module {
  static readonly torchName = 'Linear';

  declare weight: tf.Variable;
  declare bias: tf.Variable | null;

  constructor(inFeatures: number, outFeatures: number, options?: {bias?: boolean; device?: null; dtype?: null});
  constructor(inFeatures: number, outFeatures: number, bias?: boolean);
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    ...rest: unknown[]
  ) {
    super();
    const {bias = true} = initArgs<{bias?: boolean; device?: null; dtype?: null}>('Linear.__init__', 2, rest, [
      'bias',
      'device',
      'dtype',
    ]);
    this.weight = uniformParameter([outFeatures, inFeatures], inFeatures);
    if (bias) this.bias = uniformParameter([outFeatures], inFeatures);
    else this.registerParameter('bias', null);
  }

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => {
      // the features are the logical last dim: a channels-last 4-D input (rare before a Linear) goes back to NCHW
      return viaContiguous(inputFormat(this), [toTensor(input, 'linear')], x => this.affine(x as tf.Tensor));
    });
  }

  private affine(x: tf.Tensor): tf.Tensor {
    const [out, inF] = this.weight.shape;
    torchCheck(x.rank >= 1, () => 'both arguments to linear need to be at least 1D, but they are 0D and 2D');
    // PyTorch folds every input (a 1-d one too) to a rows × in matrix: addmm with a bias, mm without
    const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = x.shape[x.rank - 1];
    torchCheck(
      cols === inF,
      () =>
        `${this.bias ? 'addmm' : 'mm'}: mat1 and mat2 shapes cannot be multiplied ` +
        `(${rows}x${cols} and ${inF}x${out})`,
    );
    let y = tf.matMul(tf.reshape(x, [rows, cols]), this.weight, false, true);
    if (this.bias) y = tf.add(y, this.bias);
    return tf.reshape(y, [...x.shape.slice(0, -1), out]);
  }

  extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? 'True' : 'False'}`;
  }
}
