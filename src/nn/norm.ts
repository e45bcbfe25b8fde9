/**
 * torch.nn's normalisation layers: BatchNorm1d/2d/3d, LayerNorm, GroupNorm, with PyTorch's parameters, buffers
 * (state_dict names and order included: weight, bias, running_mean, running_var, num_batches_tracked), defaults,
 * checks and reprs.
 *
 *   nn.BatchNorm2d(64)                                new nn.BatchNorm2d(64)
 *   nn.BatchNorm2d(64, eps=1e-3, momentum=None)       new nn.BatchNorm2d(64, {eps: 1e-3, momentum: null})
 *   nn.LayerNorm(768)                                 new nn.LayerNorm(768)
 *   nn.GroupNorm(8, 64)                               new nn.GroupNorm(8, 64)
 */
import * as tf from '@tensorflow/tfjs-core';
import {TorchChannelAffine} from '../kernel_names';
import {TensorInput, toTensor} from '../ops/input';
import {formatSizes, torchCheck} from '../ops/torch_errors';
import {constantParameter} from './init';
import {initArgs} from './init_args';
import {MemoryFormat, inputFormat, viaContiguous} from './memory_format';
import {Module} from './module';
import {pyFloat, pyRepr, torchSize} from './repr';

export interface BatchNormOptions {
  /** default 1e-5 */
  eps?: number;
  /** default 0.1; null: a cumulative average over the batches seen */
  momentum?: number | null;
  /** default true: learnable weight and bias */
  affine?: boolean;
  /** default true: running_mean, running_var and num_batches_tracked buffers, used in eval */
  trackRunningStats?: boolean;
  /** default true: a learnable bias (with affine) */
  bias?: boolean;
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');

/**
 * The norms' learnable affine parameters, as each registers them: weight (ones) and bias (zeros) of `shape`, bias
 * None without `bias`, both None without `affine`.
 */
function registerAffine(m: Module, shape: number[], affine: boolean, bias: boolean): void {
  m.registerParameter('weight', affine ? constantParameter(shape, 1) : null);
  m.registerParameter('bias', affine && bias ? constantParameter(shape, 0) : null);
}

/** `_BatchNorm.__init__`'s parameters after num_features (bias after PyTorch's `*`; device, dtype: None only). */
function batchNormArgs(rest: readonly unknown[]): BatchNormOptions {
  return initArgs<BatchNormOptions & {device?: null; dtype?: null}>(
    '_BatchNorm.__init__',
    1,
    rest,
    ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype'],
    ['bias'],
  );
}

/**
 * Per-channel values broadcast against an (N, C, ...) tensor, or against a 4-D one stored channels-last (N, H, W, C),
 * where a vector broadcasts along the last axis as it is.
 */
function perChannel(t: tf.Tensor, rank: number, format: MemoryFormat = 'contiguous'): tf.Tensor {
  if (format === 'channelsLast' && rank === 4) return t;
  return tf.reshape(t, [1, -1, ...Array(rank - 2).fill(1)]);
}

/** A float buffer held as a (non-trainable) tf.Variable, so that updates assign in place (Module.assignBuffer). */
function stateBuffer(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, false);
  initial.dispose();
  return v;
}

/**
 * PyTorch's `_BatchNorm`. In training mode (the default) it normalises with the batch's statistics (biased
 * variance) and updates the running ones: running = (1 − m)·running + m·batch, with the unbiased variance, and
 * num_batches_tracked + 1 (momentum null: m = 1/num_batches_tracked). In eval mode it uses the running statistics:
 * y = x·scale + shift, scale = weight/√(running_var + eps), shift = bias − running_mean·scale.
 */
export abstract class BatchNormNd extends Module {
  declare weight: tf.Variable | null;
  declare bias: tf.Variable | null;
  /** running_mean, running_var, num_batches_tracked (null without trackRunningStats) */
  declare running_mean: tf.Tensor | null;
  declare running_var: tf.Tensor | null;
  declare num_batches_tracked: tf.Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  protected constructor(
    readonly numFeatures: number,
    options: BatchNormOptions,
  ) {
    super();
    const {eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, bias = true} = options;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    registerAffine(this, [numFeatures], affine, bias);
    // tf.Variables, assigned in place by a training step: a state_dict taken before it stays valid (PyTorch's
    // buffers are updated in place too)
    this.registerBuffer('running_mean', trackRunningStats ? stateBuffer(tf.zeros([numFeatures])) : null);
    this.registerBuffer('running_var', trackRunningStats ? stateBuffer(tf.ones([numFeatures])) : null);
    this.registerBuffer('num_batches_tracked', trackRunningStats ? stateBuffer(tf.scalar(0, 'int32')) : null);
  }

  /** The eval-mode scale and shift, derived once per set of parameter and statistic values. */
  private folded: {key: unknown[]; scale: tf.Tensor; shift: tf.Tensor} | null = null;

  private evalScaleShift(): [tf.Tensor, tf.Tensor] {
    const sources = [this.weight, this.bias, this.running_mean, this.running_var];
    // a Variable's assign (loadStateDict, an optimizer) gives it a new dataId: the key changes with the values
    const key = sources.map(t => (t === null ? null : t.dataId));
    const taped = tf.engine().state.gradientDepth > 0;
    const cached = this.folded;
    if (!taped && cached && cached.key.every((k, i) => k === key[i])) return [cached.scale, cached.shift];
    const scale0 = tf.div(1, tf.sqrt(tf.add(this.running_var as tf.Tensor, this.eps)));
    const scale = this.weight ? tf.mul(scale0, this.weight) : scale0;
    const shift = tf.sub(this.bias ?? 0, tf.mul(this.running_mean as tf.Tensor, scale));
    // derived under a gradient tape, they must stay on it (fine-tuning in eval mode): cache only without one
    if (taped) return [scale, shift];
    this.dropFolded();
    this.folded = {key, scale: tf.keep(scale), shift: tf.keep(shift)};
    return [scale, shift];
  }

  private dropFolded(): void {
    if (this.folded) tf.dispose([this.folded.scale, this.folded.shift]);
    this.folded = null;
  }

  /** Zeros and ones of the channel count (tf.batchNorm's mean and variance for a plain x·scale + shift). */
  private identity: [tf.Tensor1D, tf.Tensor1D] | null = null;

  private identityStats(): [tf.Tensor1D, tf.Tensor1D] {
    this.identity ??= [tf.keep(tf.zeros([this.numFeatures])), tf.keep(tf.ones([this.numFeatures]))];
    return this.identity;
  }

  protected disposeOwn(): void {
    this.dropFolded();
    if (this.identity) tf.dispose(this.identity);
    this.identity = null;
    super.disposeOwn();
  }

  /** PyTorch's `_check_input_dim`. */
  protected abstract checkInputDim(rank: number): void;

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => {
      const x = toTensor(input, 'batch_norm');
      this.checkInputDim(x.rank);
      const format = inputFormat(this);
      const cl = format === 'channelsLast' && x.rank === 4;
      const useBatch = this.training || this.running_mean === null;
      if (!useBatch) {
        const [scale, shift] = this.evalScaleShift();
        if (cl && tf.engine().state.gradientDepth === 0) {
          if (x.dtype === 'float32' && tf.getKernel(TorchChannelAffine, tf.getBackend()) !== undefined) {
            // the kit's kernel where the backend has it (wasm): the same bits, one vectorised pass
            return tf.engine().runKernel(TorchChannelAffine, {x, scale, shift}) as tf.Tensor;
          }
          // channels-last, nothing to record: tfjs's batchNorm broadcasts per-channel vectors along the last axis
          // and computes x·scale + shift in one kernel (mean 0, variance 1, epsilon 0 leave exactly that)
          const [zero, one] = this.identityStats();
          return tf.batchNorm(x as tf.Tensor4D, zero, one, shift, scale, 0);
        }
        return tf.add(tf.mul(x, perChannel(scale, x.rank, format)), perChannel(shift, x.rank, format));
      }
      const count = x.size / (x.shape[cl ? 3 : 1] as number);
      torchCheck(
        count > 1,
        () => `Expected more than 1 value per channel when training, got input size ` + torchSize(x.shape),
        'ValueError',
      );
      const axes = cl ? [0, 1, 2] : [0, ...Array.from({length: x.rank - 2}, (_, i) => i + 2)];
      const {mean, variance} = tf.moments(x, axes);
      const pc = (t: tf.Tensor) => perChannel(t, x.rank, format);
      let y = tf.mul(tf.sub(x, pc(mean)), pc(tf.rsqrt(tf.add(variance, this.eps))));
      if (this.weight) y = tf.mul(y, pc(this.weight));
      if (this.bias) y = tf.add(y, pc(this.bias));
      if (this.training && this.trackRunningStats) this.updateRunningStats(mean, variance, count);
      return y;
    });
  }

  private updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    const tracked = this.num_batches_tracked;
    let factor = this.momentum ?? 0;
    if (tracked !== null) {
      const next = tf.add(tracked, tf.scalar(1, 'int32'));
      if (this.momentum === null) factor = 1 / next.dataSync()[0];
      this.assignBuffer('num_batches_tracked', next);
    }
    const f = factor;
    const unbiased = tf.mul(variance, count / (count - 1));
    const blend = (old: tf.Tensor, batch: tf.Tensor) => tf.add(tf.mul(old, 1 - f), tf.mul(batch, f));
    this.assignBuffer('running_mean', blend(this.running_mean as tf.Tensor, mean));
    this.assignBuffer('running_var', blend(this.running_var as tf.Tensor, unbiased));
  }

  /**
   * PyTorch's `_NormBase._load_from_state_dict`: a state_dict without version metadata (every one given here) may
   * lack num_batches_tracked, which then keeps its current value instead of being reported missing.
   */
  protected loadStateDictDefaults(dict: Map<string, tf.Tensor>, prefix: string, created: tf.Tensor[]): void {
    const key = `${prefix}num_batches_tracked`;
    if (this.trackRunningStats && !dict.has(key)) {
      let value = this.num_batches_tracked;
      if (value === null) {
        // PyTorch adds a zero here too (then reports it unexpected, the buffer being None): the load frees it
        value = tf.scalar(0, 'int32');
        created.push(value);
      }
      dict.set(key, value);
    }
  }

  extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, ` +
      `bias=${pyBool(this.bias !== null)}, track_running_stats=${pyBool(this.trackRunningStats)}`
    );
  }
}

/**
 * torch.nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, *, bias=True)
 * on (N, C) or (N, C, L).
 */
export class BatchNorm1d extends BatchNormNd {
  static readonly torchName = 'BatchNorm1d';

  constructor(numFeatures: number, options?: BatchNormOptions);
  constructor(
    numFeatures: number,
    eps?: number,
    momentum?: number | null,
    affine?: boolean,
    trackRunningStats?: boolean,
  );
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, batchNormArgs(rest));
  }

  protected checkInputDim(rank: number): void {
    torchCheck(rank === 2 || rank === 3, () => `expected 2D or 3D input (got ${rank}D input)`, 'ValueError');
  }
}

/**
 * torch.nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, *, bias=True)
 * on (N, C, H, W).
 */
export class BatchNorm2d extends BatchNormNd {
  static readonly torchName = 'BatchNorm2d';

  constructor(numFeatures: number, options?: BatchNormOptions);
  constructor(
    numFeatures: number,
    eps?: number,
    momentum?: number | null,
    affine?: boolean,
    trackRunningStats?: boolean,
  );
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, batchNormArgs(rest));
  }

  protected checkInputDim(rank: number): void {
    torchCheck(rank === 4, () => `expected 4D input (got ${rank}D input)`, 'ValueError');
  }
}

/**
 * torch.nn.BatchNorm3d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, *, bias=True)
 * on (N, C, D, H, W).
 */
export class BatchNorm3d extends BatchNormNd {
  static readonly torchName = 'BatchNorm3d';

  constructor(numFeatures: number, options?: BatchNormOptions);
  constructor(
    numFeatures: number,
    eps?: number,
    momentum?: number | null,
    affine?: boolean,
    trackRunningStats?: boolean,
  );
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, batchNormArgs(rest));
  }

  protected checkInputDim(rank: number): void {
    torchCheck(rank === 5, () => `expected 5D input (got ${rank}D input)`, 'ValueError');
  }
}

/** Normalises `x` over `axes` with the biased variance: (x − mean)/√(var + eps). */
function normalize(x: tf.Tensor, axes: number[], eps: number): tf.Tensor {
  const {mean, variance} = tf.moments(x, axes, true);
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
}

/**
 * torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True, bias=True): normalises over the last
 * dims given by `normalizedShape`, then scales by weight and adds bias (each of that shape).
 */
export class LayerNorm extends Module {
  static readonly torchName = 'LayerNorm';

  declare weight: tf.Variable | null;
  declare bias: tf.Variable | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(
    normalizedShape: number | readonly number[],
    options?: {eps?: number; elementwiseAffine?: boolean; bias?: boolean; device?: null; dtype?: null},
  );
  constructor(normalizedShape: number | readonly number[], eps?: number, elementwiseAffine?: boolean, bias?: boolean);
  constructor(normalizedShape: number | readonly number[], ...rest: unknown[]) {
    super();
    const {
      eps = 1e-5,
      elementwiseAffine = true,
      bias = true,
    } = initArgs<{eps?: number; elementwiseAffine?: boolean; bias?: boolean; device?: null; dtype?: null}>(
      'LayerNorm.__init__',
      1,
      rest,
      ['eps', 'elementwiseAffine', 'bias', 'device', 'dtype'],
    );
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    registerAffine(this, this.normalizedShape, elementwiseAffine, bias);
  }

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => {
      // normalized_shape names the logical last dims: a channels-last 4-D input goes back to NCHW around it
      return viaContiguous(inputFormat(this), [toTensor(input, 'layer_norm')], x => this.normalizeLast(x as tf.Tensor));
    });
  }

  private normalizeLast(x: tf.Tensor): tf.Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    torchCheck(
      x.rank >= k && tail.every((s, i) => s === this.normalizedShape[i]),
      () =>
        `Given normalized_shape=${formatSizes(this.normalizedShape)}, expected input with shape ` +
        `[*, ${this.normalizedShape.join(', ')}], but got input of size${formatSizes(x.shape)}`,
    );
    let y = normalize(
      x,
      Array.from({length: k}, (_, i) => x.rank - k + i),
      this.eps,
    );
    if (this.weight) y = tf.mul(y, this.weight);
    if (this.bias) y = tf.add(y, this.bias);
    return y;
  }

  extraRepr(): string {
    return (
      `${pyRepr(this.normalizedShape)}, eps=${pyFloat(this.eps)}, ` +
      `elementwise_affine=${pyBool(this.elementwiseAffine)}, bias=${pyBool(this.bias !== null)}`
    );
  }
}

/**
 * torch.nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True, *, bias=True): splits the channels of
 * (N, C, ...) into
 * groups, normalises each group of each sample, then applies a per-channel weight and bias.
 */
export class GroupNorm extends Module {
  static readonly torchName = 'GroupNorm';

  declare weight: tf.Variable | null;
  declare bias: tf.Variable | null;
  readonly eps: number;
  readonly affine: boolean;

  constructor(
    numGroups: number,
    numChannels: number,
    options?: {eps?: number; affine?: boolean; bias?: boolean; device?: null; dtype?: null},
  );
  constructor(numGroups: number, numChannels: number, eps?: number, affine?: boolean);
  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    ...rest: unknown[]
  ) {
    super();
    const {
      eps = 1e-5,
      affine = true,
      bias = true,
    } = initArgs<{eps?: number; affine?: boolean; bias?: boolean; device?: null; dtype?: null}>(
      'GroupNorm.__init__',
      2,
      rest,
      ['eps', 'affine', 'device', 'dtype'],
      ['bias'],
    );
    torchCheck(
      numChannels % numGroups === 0,
      () => `num_channels (${numChannels}) must be divisible by num_groups (${numGroups})`,
      'ValueError',
    );
    this.eps = eps;
    this.affine = affine;
    registerAffine(this, [numChannels], affine, bias);
  }

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => {
      // a channels-last 4-D input goes back to NCHW around the group statistics (no channels-last path yet)
      return viaContiguous(inputFormat(this), [toTensor(input, 'group_norm')], x =>
        this.normalizeGroups(x as tf.Tensor),
      );
    });
  }

  private normalizeGroups(x: tf.Tensor): tf.Tensor {
    torchCheck(
      x.rank >= 2 && (x.shape[1] as number) % this.numGroups === 0,
      () =>
        `Expected number of channels in input to be divisible by num_groups, but got input of shape ` +
        `${formatSizes(x.shape)} and num_groups=${this.numGroups}`,
    );
    // then the affine vectors against the input's channels, weight before bias (ATen's check_group_norm_inputs)
    for (const [name, t] of [
      ['weight', this.weight],
      ['bias', this.bias],
    ] as const) {
      torchCheck(
        t === null || (t.rank === 1 && t.size === x.shape[1]),
        () =>
          `Expected ${name} to be a vector of size equal to the number of channels in input, but got ` +
          `${name} of shape ${formatSizes(t!.shape)} and input of shape ${formatSizes(x.shape)}`,
      );
    }
    const grouped = tf.reshape(x, [x.shape[0], this.numGroups, -1]);
    let y = tf.reshape(normalize(grouped, [2], this.eps), x.shape);
    if (this.weight) y = tf.mul(y, perChannel(this.weight, x.rank));
    if (this.bias) y = tf.add(y, perChannel(this.bias, x.rank));
    return y;
  }

  extraRepr(): string {
    return (
      `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}, ` +
      `bias=${pyBool(this.bias !== null)}`
    );
  }
}
