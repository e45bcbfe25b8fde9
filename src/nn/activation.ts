/**
 * torch.nn's activation modules and Dropout, on tfjs-core ops (each differentiable): ReLU, ReLU6, LeakyReLU, GELU
 * (approximate 'none' or 'tanh'), SiLU, Hardswish, Hardsigmoid, Sigmoid, Tanh, Softmax, Dropout. Same constructor
 * arguments, defaults and reprs as torch/nn/modules/activation.py (`inplace` is accepted and printed, but tfjs
 * tensors are immutable: the result is always a new tensor).
 *
 *   nn.GELU(approximate='tanh')        new nn.GELU({approximate: 'tanh'})
 *   nn.Softmax(dim=1)                  new nn.Softmax(1)
 */
import * as tf from '@tensorflow/tfjs-core';
import {TensorInput, toTensor} from '../ops/input';
import {torchCheck, wrapDim} from '../ops/torch_errors';
import {pyTypeName} from '../ops/int_args';
import {initArgs} from './init_args';
import {inputFormat, viaContiguous} from './memory_format';
import {Module} from './module';
import {pyFloat} from './repr';

/** A module computing `fn(x)` on a float input, inside one tidy. */
abstract class Elementwise extends Module {
  protected abstract compute(x: tf.Tensor): tf.Tensor;
  /** PyTorch's functional op behind the module: the name its TypeError for a non-tensor input gives. */
  protected abstract readonly functional: string;

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => this.compute(toTensor(input, this.functional)));
  }
}

/**
 * f(x) with the derivative `df` written out (PyTorch's backward formula), where composing tfjs ops would put a
 * kink's gradient on the other side.
 */
function piecewise(x: tf.Tensor, f: (a: tf.Tensor) => tf.Tensor, df: (a: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((a: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a]);
    return {value: f(a), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, df(saved))};
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x);
}

/** Modules whose only argument is `inplace` (printed only when true). */
abstract class InplaceElementwise extends Elementwise {
  readonly inplace: boolean;

  constructor(options?: {inplace?: boolean});
  constructor(inplace?: boolean);
  constructor(...rest: unknown[]) {
    super();
    const torchName = (new.target as unknown as {torchName: string}).torchName;
    this.inplace = initArgs<{inplace?: boolean}>(`${torchName}.__init__`, 0, rest, ['inplace']).inplace ?? false;
  }

  extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** torch.nn.ReLU(inplace=False): max(x, 0). */
export class ReLU extends InplaceElementwise {
  protected readonly functional = 'relu';
  static readonly torchName = 'ReLU';

  protected compute(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
}

/**
 * torch.nn.ReLU6(inplace=False): min(max(x, 0), 6). PyTorch computes it as hardtanh(x, 0, 6), whose gradient is 1
 * strictly inside (0, 6) and 0 at both kinks; tfjs's Relu6 gradient is 1 at x = 6, so the gradient is written out.
 */
export class ReLU6 extends InplaceElementwise {
  protected readonly functional = 'hardtanh';
  static readonly torchName = 'ReLU6';

  protected compute(x: tf.Tensor): tf.Tensor {
    return piecewise(
      x,
      a => tf.relu6(a),
      a => tf.where(tf.logicalAnd(tf.greater(a, 0), tf.less(a, 6)), tf.onesLike(a), tf.zerosLike(a)),
    );
  }
}

/** torch.nn.SiLU(inplace=False): x · sigmoid(x). */
export class SiLU extends InplaceElementwise {
  protected readonly functional = 'silu';
  static readonly torchName = 'SiLU';

  protected compute(x: tf.Tensor): tf.Tensor {
    return tf.mul(x, tf.sigmoid(x));
  }
}

/**
 * torch.nn.Hardswish(inplace=False): x · relu6(x + 3) / 6. Its gradient is PyTorch's piecewise one, written out so
 * the kinks take PyTorch's side: 0 for x <= -3, x/3 + 1/2 for -3 < x < 3, 1 for x >= 3 (so 0 at -3 and 1 at 3).
 */
export class Hardswish extends InplaceElementwise {
  protected readonly functional = 'hardswish';
  static readonly torchName = 'Hardswish';

  protected compute(x: tf.Tensor): tf.Tensor {
    return piecewise(
      x,
      a => tf.div(tf.mul(a, tf.relu6(tf.add(a, 3))), 6),
      a =>
        tf.where(
          tf.lessEqual(a, -3),
          tf.zerosLike(a),
          tf.where(tf.less(a, 3), tf.add(tf.div(a, 3), 0.5), tf.onesLike(a)),
        ),
    );
  }
}

/** torch.nn.Hardsigmoid(inplace=False): relu6(x + 3) / 6; gradient 1/6 strictly inside (-3, 3), else 0. */
export class Hardsigmoid extends InplaceElementwise {
  protected readonly functional = 'hardsigmoid';
  static readonly torchName = 'Hardsigmoid';

  protected compute(x: tf.Tensor): tf.Tensor {
    return piecewise(
      x,
      a => tf.div(tf.relu6(tf.add(a, 3)), 6),
      a => tf.where(tf.logicalAnd(tf.greater(a, -3), tf.less(a, 3)), tf.fill(a.shape, 1 / 6), tf.zerosLike(a)),
    );
  }
}

/** torch.nn.Sigmoid(). */
export class Sigmoid extends Elementwise {
  protected readonly functional = 'sigmoid';
  static readonly torchName = 'Sigmoid';

  /** PyTorch's Sigmoid takes no arguments (Module.__init__'s check) */
  constructor(...rest: unknown[]) {
    super();
    initArgs('Sigmoid.__init__', 0, rest, []);
  }

  protected compute(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(x);
  }
}

/** torch.nn.Tanh(). */
export class Tanh extends Elementwise {
  protected readonly functional = 'tanh';
  static readonly torchName = 'Tanh';

  /** PyTorch's Tanh takes no arguments (Module.__init__'s check) */
  constructor(...rest: unknown[]) {
    super();
    initArgs('Tanh.__init__', 0, rest, []);
  }

  protected compute(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }
}

/** torch.nn.LeakyReLU(negative_slope=0.01, inplace=False). */
export class LeakyReLU extends Elementwise {
  protected readonly functional = 'leaky_relu';
  static readonly torchName = 'LeakyReLU';

  readonly negativeSlope: number;
  readonly inplace: boolean;

  constructor(options?: {negativeSlope?: number; inplace?: boolean});
  constructor(negativeSlope?: number, inplace?: boolean);
  constructor(...rest: unknown[]) {
    super();
    const o = initArgs<{negativeSlope?: number; inplace?: boolean}>('LeakyReLU.__init__', 0, rest, [
      'negativeSlope',
      'inplace',
    ]);
    this.negativeSlope = o.negativeSlope ?? 0.01;
    this.inplace = o.inplace ?? false;
  }

  protected compute(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, this.negativeSlope);
  }

  extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * torch.nn.GELU(approximate='none'): x · Φ(x) with the exact normal CDF (via erf), or with approximate 'tanh',
 * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 */
export class GELU extends Elementwise {
  protected readonly functional = 'gelu';
  static readonly torchName = 'GELU';

  readonly approximate: 'none' | 'tanh';

  /**
   * Like PyTorch's, the constructor keeps any `approximate`; F.gelu checks it when the module runs (a TypeError for a
   * non-string, then a RuntimeError for a string other than 'none' or 'tanh').
   */
  constructor(options?: {approximate?: 'none' | 'tanh'});
  constructor(approximate?: 'none' | 'tanh');
  constructor(...rest: unknown[]) {
    super();
    const {approximate = 'none'} = initArgs<{approximate?: 'none' | 'tanh'}>('GELU.__init__', 0, rest, ['approximate']);
    this.approximate = approximate;
  }

  protected compute(x: tf.Tensor): tf.Tensor {
    const approximate: unknown = this.approximate;
    torchCheck(
      typeof approximate === 'string',
      () => `gelu(): argument 'approximate' must be str, not ${pyTypeName(approximate)}`,
      'TypeError',
    );
    torchCheck(
      approximate === 'none' || approximate === 'tanh',
      () => `approximate argument must be either none or tanh.`,
    );
    if (this.approximate === 'tanh') {
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
    }
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  }

  extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * torch.nn.Softmax(dim=None): exp(x) / Σ exp(x) along `dim`. With dim null, PyTorch's legacy choice
 * (`_get_softmax_dim`): dim 0 for 0-, 1- and 3-d inputs, else 1.
 */
export class Softmax extends Elementwise {
  protected readonly functional = 'softmax';
  static readonly torchName = 'Softmax';

  readonly dim: number | null;

  constructor(options?: {dim?: number | null});
  constructor(dim?: number | null);
  constructor(...rest: unknown[]) {
    super();
    this.dim = initArgs<{dim?: number | null}>('Softmax.__init__', 0, rest, ['dim']).dim ?? null;
  }

  forward(input: TensorInput): tf.Tensor {
    // the dim is logical (NCHW): in a channels-last model a 4-D input goes back to NCHW around the softmax
    return tf.tidy(() =>
      viaContiguous(inputFormat(this), [toTensor(input, this.functional)], x => this.compute(x as tf.Tensor)),
    );
  }

  protected compute(x: tf.Tensor): tf.Tensor {
    const legacy = x.rank === 0 || x.rank === 1 || x.rank === 3 ? 0 : 1;
    const d = wrapDim(this.dim ?? legacy, x.rank);
    if (x.rank === 0) return tf.reshape(tf.softmax(tf.reshape(x, [1])), []);
    if (d === x.rank - 1) return tf.softmax(x);
    const perm = [...Array(x.rank).keys()];
    [perm[d], perm[x.rank - 1]] = [perm[x.rank - 1], perm[d]];
    return tf.transpose(tf.softmax(tf.transpose(x, perm)), perm);
  }

  extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/**
 * torch.nn.Dropout(p=0.5, inplace=False): the identity in eval mode; in training, zeroes each element with
 * probability p and scales the rest by 1/(1-p) (tf.dropout's random stream, not PyTorch's).
 */
export class Dropout extends Module {
  static readonly torchName = 'Dropout';

  readonly p: number;
  readonly inplace: boolean;

  constructor(options?: {p?: number; inplace?: boolean});
  constructor(p?: number, inplace?: boolean);
  constructor(...rest: unknown[]) {
    super();
    const {p = 0.5, inplace = false} = initArgs<{p?: number; inplace?: boolean}>('_DropoutNd.__init__', 0, rest, [
      'p',
      'inplace',
    ]);
    this.p = p;
    this.inplace = inplace;
    torchCheck(
      p >= 0 && p <= 1,
      () => `dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`,
      'ValueError',
    );
  }

  forward(input: TensorInput): tf.Tensor {
    if (!this.training || this.p === 0) return toTensor(input, 'dropout');
    return tf.tidy(() => {
      const x = toTensor(input, 'dropout');
      return this.p === 1 ? tf.zerosLike(x) : tf.dropout(x, this.p);
    });
  }

  extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}
