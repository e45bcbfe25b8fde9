/**
 * torch.nn.Conv1d / Conv2d / Conv3d and ConvTranspose2d on NCHW (NCL, NCDHW) tensors, with PyTorch's weight layout
 * [out, in/groups, k...] in the state_dict, its arguments and defaults, its constructor and forward checks, and its
 * repr. Every option is supported: stride, padding (int, tuple, 'same', 'valid'), dilation, groups (depthwise
 * included), bias, paddingMode ('zeros', 'reflect', 'replicate', 'circular').
 *
 *   nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
 *                                          new nn.Conv2d(3, 64, 7, {stride: 2, padding: 3, bias: false})
 *   nn.Conv2d(32, 32, 3, padding=1, groups=32)             new nn.Conv2d(32, 32, 3, {padding: 1, groups: 32})
 *
 * Method: tfjs convolves channels-last, so the input is transposed to NHWC (NDHWC), padded as PyTorch pads
 * (src/geometry/conv_pads.ts), convolved 'valid' and transposed back. A dilated kernel is convolved as the
 * zero-inserted kernel it equals, because tfjs's convolution gradients refuse dilation > 1. groups == in_channels
 * on 1d/2d runs tfjs's depthwise convolution (where the backend has its gradient kernels); other groups split the
 * channels and concatenate. Backends without tfjs's conv2d gradient kernels (wasm) get them from conv_grad.ts.
 * Outside a gradient tape, where the backend registers them (cpu, wasm), 3 × 3 and 1 × 1 stride-1 convolutions run
 * the kit's own kernels instead (kitConvolution below: Winograd F(2×2, 3×3), one matrix product), which tfjs-wasm's
 * XNNPACK convolution could not match for the torchvision ports' speed target (docs/performance.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import {PaddingMode, convPads, convTransposeOutputSize, padSourceIndices} from '../geometry/conv_pads';
import {POINTWISE_COLUMNS, planPointwise} from '../geometry/pointwise_conv';
import {WINOGRAD_COLUMNS, WINOGRAD_G, planWinograd} from '../geometry/winograd';
import {TorchConv2dPointwise, TorchConv2dWinograd} from '../kernel_names';
import {TensorInput, toTensor} from '../ops/input';
import {IntOrInts} from '../ops/int_args';
import {formatSizes, torchCheck} from '../ops/torch_errors';
import {conv2dTransposeValid, conv2dValid, depthwiseHasGradients} from './conv_grad';
import {uniformParameter} from './init';
import {Module} from './module';
import {initArgs} from './init_args';
import {inputFormat, logicalShape} from './memory_format';
import {pyRepr} from './repr';

/** The activation a convolution may apply to its output: none, or ReLU (a fused ConvReLU module's). */
export type ConvActivation = 'linear' | 'relu';

/** Conv constructor keywords (PyTorch's, camelCase). */
export interface ConvOptions {
  stride?: IntOrInts;
  padding?: IntOrInts | 'same' | 'valid';
  dilation?: IntOrInts;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
  /** PyTorch's factory arguments: None (the default) only */
  device?: null;
  dtype?: null;
}

/** Conv's `__init__` parameters after kernel_size, in PyTorch's order (device and dtype: None only, init_args). */
const CONV_ARGS: ReadonlyArray<keyof ConvOptions & string> = [
  'stride',
  'padding',
  'dilation',
  'groups',
  'bias',
  'paddingMode',
  'device',
  'dtype',
];

export interface ConvTransposeOptions {
  stride?: IntOrInts;
  padding?: IntOrInts;
  outputPadding?: IntOrInts;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrInts;
  paddingMode?: 'zeros';
  /** PyTorch's factory arguments: None (the default) only */
  device?: null;
  dtype?: null;
}

/** `_single`/`_pair`/`_triple`: an int repeated n times, a sequence kept. */
function ntuple(value: IntOrInts, n: number): number[] {
  return typeof value === 'number' ? Array(n).fill(value) : [...value];
}

/**
 * Python's repr of the sets of valid padding strings and modes that PyTorch's messages print. CPython prints a set
 * of strings in hash order, which changes between runs (PYTHONHASHSEED): this is one of those orders, fixed.
 */
const PADDING_STRINGS = "{'same', 'valid'}";
const PADDING_MODES = "{'zeros', 'reflect', 'replicate', 'circular'}";

/**
 * `x` seen as [before, length, after] around `axis`: every per-axis step below works on that rank-3 (or rank-4)
 * view, because tfjs-backend-webgl's pad and slice shaders fail to compile for rank 5 (Conv3d's NDHWC, a 2-d
 * filter with an inserted axis) under SwiftShader.
 */
function axisView(x: tf.Tensor, axis: number): tf.Tensor3D {
  const before = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const after = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return tf.reshape(x, [before, x.shape[axis], after]);
}

/** `x` with its `axis` resized to `length` (the inverse of axisView after a step changed that axis). */
function fromAxisView(view: tf.Tensor, like: readonly number[], axis: number): tf.Tensor {
  const shape = like.slice();
  shape[axis] = view.shape[1] as number;
  return tf.reshape(view, shape);
}

/** One of the kit's own convolution kernels (kernel_names.ts TorchConv2dWinograd, TorchConv2dPointwise). */
interface KitConvolution {
  kernel: typeof TorchConv2dWinograd | typeof TorchConv2dPointwise;
  pads: Array<[number, number]>;
  /** the kernel's packed filter, from tfjs's [k, k, ci, co] filter */
  pack(filter: tf.Tensor4D): tf.Tensor;
}

/**
 * The kit's own kernel for a 2-d, single-group, zero-padded convolution where the active backend registers it and
 * its plan takes the shapes: 3 × 3, stride 1, undilated (Winograd), or 1 × 1, stride 1, unpadded (one matrix
 * product); else null.
 */
function kitConvolution(
  kernelSize: readonly number[],
  stride: readonly number[],
  dilation: readonly number[],
  pads: Array<[number, number]>,
  xShape: readonly number[],
  outChannels: number,
): KitConvolution | null {
  const ones = (v: readonly number[]) => v.every(d => d === 1);
  if (kernelSize.length !== 2 || !ones(stride)) return null;
  const has = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;
  if (kernelSize.every(k => k === 3) && ones(dilation) && has(TorchConv2dWinograd)) {
    if (planWinograd(xShape, outChannels, pads) === null) return null;
    return {kernel: TorchConv2dWinograd, pads, pack: packWinogradFilter};
  }
  if (ones(kernelSize) && pads.every(([a, b]) => a === 0 && b === 0) && has(TorchConv2dPointwise)) {
    if (planPointwise(xShape, outChannels) === null) return null;
    return {kernel: TorchConv2dPointwise, pads, pack: packPointwiseFilter};
  }
  return null;
}

/** A [1, 1, ci, co] filter packed [co / 8, ci, 8] (src/geometry/pointwise_conv.ts). */
function packPointwiseFilter(filter: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => {
    const [, , ci, co] = filter.shape;
    const byGroup = tf.reshape(filter, [ci, co / POINTWISE_COLUMNS, POINTWISE_COLUMNS]);
    return tf.transpose(byGroup, [1, 0, 2]);
  });
}

/**
 * The transformed filter G g Gᵀ (src/geometry/winograd.ts) of a [3, 3, ci, co] filter g, packed [16, co / 8, ci, 8]:
 * element ξ = 4a + b of the 4 × 4 transform, then 8 output channels of every input channel together (the kernel's
 * micro-kernel reads such a panel).
 */
function packWinogradFilter(filter: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = filter.shape;
    const a = WINOGRAD_G.length;
    const G = tf.tensor2d(WINOGRAD_G.flat(), [a, kh]);
    // G g along kh: [a, kw, ci·co]; then along kw, which moves to the front: [b, a, ci·co]
    const rows = tf.reshape(tf.matMul(G, tf.reshape(filter, [kh, kw * ci * co])), [a, kw, ci * co]);
    const both = tf.matMul(G, tf.reshape(tf.transpose(rows, [1, 0, 2]), [kw, a * ci * co]));
    const byGroup = tf.reshape(both, [a, a, ci, co / WINOGRAD_COLUMNS, WINOGRAD_COLUMNS]);
    return tf.reshape(tf.transpose(byGroup, [1, 0, 3, 2, 4]), [a * a, co / WINOGRAD_COLUMNS, ci, WINOGRAD_COLUMNS]);
  });
}

/** The kernel with dilation−1 zeros between taps along each spatial axis of a [k..., in, out] filter. */
function dilateFilter(filter: tf.Tensor, dilation: readonly number[]): tf.Tensor {
  let f = filter;
  dilation.forEach((d, axis) => {
    if (d === 1) return;
    // [b, k, a] -> [b, k, 1, a] -> pad to [b, k, d, a] -> [b, k·d, a] -> its first (k−1)·d + 1 along k
    const [b, k, a] = axisView(f, axis).shape;
    const spread = tf.reshape(
      tf.pad(tf.reshape(f, [b, k, 1, a]), [
        [0, 0],
        [0, 0],
        [0, d - 1],
        [0, 0],
      ]),
      [b, k * d, a],
    );
    f = fromAxisView(tf.slice(spread, [0, 0, 0], [b, (k - 1) * d + 1, a]), f.shape, axis);
  });
  return f;
}

/**
 * A padded axis's source indices as runs of consecutive cells: [first, length, step] with step 1 (ascending),
 * -1 (descending: reflect's mirrored edges) or 0 (one cell repeated: replicate's edges).
 */
function indexRuns(indices: number[]): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (const i of indices) {
    const last = runs[runs.length - 1];
    if (last !== undefined) {
      const [first, length, step] = last;
      const next = first + length * step;
      if (length === 1 && Math.abs(i - first) <= 1) {
        last[1] = 2;
        last[2] = i - first;
        continue;
      }
      if (i === next && length > 1) {
        last[1]++;
        continue;
      }
    }
    runs.push([i, 1, 1]);
  }
  return runs;
}

/**
 * Pads the spatial axes (1…n) of a channels-last tensor as PyTorch's padding mode does. The non-zero modes copy
 * the cells src/geometry/conv_pads.ts names, built from slices (reversed where the run descends, tiled where it
 * repeats) rather than a gather, whose gradient needs a kernel tfjs-backend-wasm lacks (UnsortedSegmentSum).
 */
function padSpatial(x: tf.Tensor, pads: ReadonlyArray<[number, number]>, mode: PaddingMode): tf.Tensor {
  let y = x;
  pads.forEach(([before, after], i) => {
    if (before === 0 && after === 0) return;
    const axis = i + 1;
    const view = axisView(y, axis);
    let padded: tf.Tensor;
    if (mode === 'zeros') {
      padded = tf.pad(view, [
        [0, 0],
        [before, after],
        [0, 0],
      ]);
    } else {
      const [b, , a] = view.shape;
      const pieces = indexRuns(padSourceIndices(view.shape[1], before, after, mode)).map(([first, length, step]) => {
        const piece = tf.slice(view, [0, step < 0 ? first - length + 1 : first, 0], [b, step === 0 ? 1 : length, a]);
        if (step < 0) return tf.reverse(piece, 1);
        if (step === 0) return tf.tile(piece, [1, length, 1]);
        return piece;
      });
      padded = pieces.length === 1 ? pieces[0] : tf.concat(pieces, 1);
    }
    y = fromAxisView(padded, y.shape, axis);
  });
  return y;
}

/** Channels-last convolution of rank 2 (NHWC) or 3 (NDHWC), 'valid', one group, undilated filter [k..., in, out]. */
function convValid(x: tf.Tensor, filter: tf.Tensor, stride: number[]): tf.Tensor {
  return stride.length === 2
    ? conv2dValid(x as tf.Tensor4D, filter as tf.Tensor4D, stride as [number, number])
    : tf.conv3d(x as tf.Tensor5D, filter as tf.Tensor5D, stride as [number, number, number], 'valid');
}

/** Shared by Conv1d/2d/3d: PyTorch's `_ConvNd`. */
export abstract class ConvNd extends Module {
  declare weight: tf.Variable;
  declare bias: tf.Variable | null;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  protected constructor(
    private readonly rank: number,
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrInts,
    options: ConvOptions,
  ) {
    super();
    const {stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros'} = options;
    torchCheck(groups > 0, () => 'groups must be a positive integer', 'ValueError');
    torchCheck(inChannels % groups === 0, () => 'in_channels must be divisible by groups', 'ValueError');
    torchCheck(outChannels % groups === 0, () => 'out_channels must be divisible by groups', 'ValueError');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = ntuple(kernelSize, rank);
    this.stride = ntuple(stride, rank);
    if (typeof padding === 'string') {
      torchCheck(
        padding === 'same' || padding === 'valid',
        () => `Invalid padding string '${padding}', should be one of ${PADDING_STRINGS}`,
        'ValueError',
      );
      torchCheck(
        padding !== 'same' || this.stride.every(s => s === 1),
        () => "padding='same' is not supported for strided convolutions",
        'ValueError',
      );
      this.padding = padding;
    } else {
      this.padding = ntuple(padding, rank);
    }
    torchCheck(
      ['zeros', 'reflect', 'replicate', 'circular'].includes(paddingMode),
      () => `padding_mode must be one of ${PADDING_MODES}, but got padding_mode='${paddingMode}'`,
      'ValueError',
    );
    this.dilation = ntuple(dilation, rank);
    this.groups = groups;
    this.paddingMode = paddingMode;
    const fanIn = (inChannels / groups) * this.kernelSize.reduce((a, b) => a * b, 1);
    this.weight = uniformParameter([outChannels, inChannels / groups, ...this.kernelSize], fanIn);
    if (bias) this.bias = uniformParameter([outChannels], fanIn);
    else this.registerParameter('bias', null);
  }

  private get opName(): string {
    return `conv${this.rank}d`;
  }

  forward(input: TensorInput): tf.Tensor {
    return this.forwardActivated(input, 'linear');
  }

  /**
   * `forward` followed by `activation` ('relu': torch.ao.nn.intrinsic's ConvReLU1d/2d/3d), which tfjs's fused
   * convolution applies in the same kernel where it runs (see `convolve`). Used by those modules (intrinsic.ts).
   * @internal
   */
  forwardActivated(input: TensorInput, activation: ConvActivation): tf.Tensor {
    return tf.tidy(() => {
      const stored = toTensor(input, this.opName);
      const n = this.rank;
      // a channels-last model hands Conv2d its 4-D input stored NHWC: the checks read the logical NCHW shape
      const cl = inputFormat(this) === 'channelsLast' && n === 2 && stored.rank === 4;
      const x = {rank: stored.rank, shape: logicalShape(stored.shape, cl ? 'channelsLast' : 'contiguous')};
      torchCheck(
        x.rank === n + 1 || x.rank === n + 2,
        () =>
          `Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${this.opName}, but got ` +
          `input of size: ${formatSizes(x.shape)}`,
      );
      const batched = x.rank === n + 2 ? x : {rank: x.rank + 1, shape: [1, ...x.shape]};
      const w = this.weight;
      const perGroup = w.shape[1] as number;
      torchCheck(
        batched.shape[1] === perGroup * this.groups,
        () =>
          `Given groups=${this.groups}, weight of size ${formatSizes(w.shape)}, expected input` +
          `${formatSizes(batched.shape)} to have ${perGroup * this.groups} channels, but got ` +
          `${batched.shape[1]} channels instead`,
      );
      const pads = convPads(this.padding, this.kernelSize, this.dilation);
      const padded = pads.map(([a, b], i) => batched.shape[i + 2] + a + b);
      const kernel = this.kernelSize.map((k, i) => this.dilation[i] * (k - 1) + 1);
      torchCheck(
        padded.every((p, i) => p >= kernel[i]),
        () =>
          `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: ` +
          `(${kernel.join(' x ')}). Kernel size can't be greater than actual input size`,
      );
      if (this.paddingMode === 'reflect') {
        // F.pad checks the last dimension first, on the input as given (an unbatched one is padded unbatched)
        const lead = x.rank - n;
        [...pads.entries()]
          .reverse()
          .forEach(([i, [a, b]]) =>
            torchCheck(
              a < x.shape[i + lead] && b < x.shape[i + lead],
              () =>
                `Argument #4: Padding size should be less than the corresponding input dimension, but got: ` +
                `padding (${a}, ${b}) at dimension ${i + lead} of input ${formatSizes(x.shape)}`,
            ),
          );
      }
      if (this.paddingMode === 'circular') {
        // F.pad checks the last dimension first
        [...pads.entries()]
          .reverse()
          .forEach(([i, [a, b]]) =>
            torchCheck(
              a <= batched.shape[i + 2] && b <= batched.shape[i + 2],
              () => 'Padding value causes wrapping around more than once.',
            ),
          );
      }
      const xb = stored.rank === n + 2 ? stored : tf.expandDims(stored, 0);
      const y = this.convolve(xb, pads, cl, activation);
      return stored.rank === n + 2 ? y : tf.squeeze(y, [0]);
    });
  }

  /** The filters tfjs convolves with, derived from `weight` once per value of it (see `filters`). */
  private derived: {dataId: unknown; depthwise: boolean; filters: tf.Tensor[]; packed?: tf.Tensor} | null = null;

  /**
   * `weight` [out, in/g, k...] as tfjs's filters: [k..., in/g, out] with the dilation's zeros inserted, and then
   * [kh, kw, in, multiplier] for a depthwise convolution or one filter per group. Without a gradient tape they are
   * cached: a tf.Variable's `assign` (loadStateDict, an optimizer step) gives it a new dataId, which re-derives them.
   * Under a tape they are derived inside it, so the weight's gradient flows through the derivation.
   */
  private filters(depthwise: boolean): tf.Tensor[] {
    const w = this.weight;
    const taped = tf.engine().state.gradientDepth > 0;
    const cached = this.derived;
    if (!taped && cached && cached.dataId === w.dataId && cached.depthwise === depthwise) return cached.filters;
    const derive = () => {
      const lifted = this.rank === 1 ? tf.expandDims(w, 2) : w;
      const r = lifted.rank;
      const dilation = this.rank === 1 ? [1, ...this.dilation] : this.dilation;
      const filter = dilateFilter(
        tf.transpose(lifted, [...Array.from({length: r - 2}, (_, i) => i + 2), 1, 0]),
        dilation,
      );
      if (depthwise) {
        // depthwise: output channel c·m + j is input channel c with multiplier j, as tfjs orders them
        const [kh, kw] = filter.shape;
        return [tf.reshape(filter, [kh, kw, this.inChannels, this.outChannels / this.inChannels])];
      }
      return this.groups === 1 ? [filter] : tf.split(filter, this.groups, r - 1);
    };
    if (taped) return derive();
    this.dropDerived();
    const filters = tf.tidy(derive).map(f => tf.keep(f));
    this.derived = {dataId: w.dataId, depthwise, filters};
    return filters;
  }

  private dropDerived(): void {
    if (this.derived) tf.dispose([...this.derived.filters, ...(this.derived.packed ? [this.derived.packed] : [])]);
    this.derived = null;
  }

  /**
   * The kit kernel's packed filter of the cached 2-d filter, derived once per value of `weight` beside it (a module's
   * kernel size, hence its kit kernel, never changes); only outside a gradient tape, where `filters` is cached.
   */
  private packedFilter(kit: KitConvolution): tf.Tensor {
    const derived = this.derived!;
    derived.packed ??= tf.keep(kit.pack(derived.filters[0] as tf.Tensor4D));
    return derived.packed;
  }

  protected disposeOwn(): void {
    this.dropDerived();
    super.disposeOwn();
  }

  /** The batched convolution: NC… in, NC… out; or, with `cl`, NHWC in and out (no transposes). */
  private convolve(x: tf.Tensor, pads: Array<[number, number]>, cl: boolean, activation: ConvActivation): tf.Tensor {
    // 1d runs as 2d over a height-1 plane
    const lift = this.rank === 1;
    const xs = lift ? tf.expandDims(x, 2) : x;
    const allPads: Array<[number, number]> = lift ? [[0, 0], ...pads] : pads;
    const stride = lift ? [1, ...this.stride] : this.stride;
    const r = xs.rank;
    const toLast = [0, ...Array.from({length: r - 2}, (_, i) => i + 2), 1];
    const toFirst = [0, r - 1, ...Array.from({length: r - 2}, (_, i) => i + 1)];
    const xc = cl ? xs : tf.transpose(xs, toLast);
    const depthwise = this.groups === this.inChannels && this.groups > 1 && r === 4 && depthwiseHasGradients();
    const filters = this.filters(depthwise);
    let y: tf.Tensor;
    const untaped = tf.engine().state.gradientDepth === 0;
    const kit =
      untaped && this.groups === 1 && this.paddingMode === 'zeros' && r === 4 && !lift && xc.dtype === 'float32'
        ? kitConvolution(this.kernelSize, this.stride, this.dilation, allPads, xc.shape, this.outChannels)
        : null;
    if (kit !== null) {
      // the kit's own kernel where the backend has it (cpu, wasm): bias and ReLU inside
      const inputs = {
        x: xc,
        filter: filters[0],
        packed: this.packedFilter(kit),
        ...(this.bias ? {bias: this.bias} : {}),
      };
      const attrs = {pads: kit.pads, relu: activation === 'relu'};
      y = tf.engine().runKernel(kit.kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    } else if (r === 4 && this.groups === 1 && this.paddingMode === 'zeros' && untaped) {
      // no gradient to record: tfjs's fused convolution pads (explicitly, as PyTorch), adds the bias and applies
      // the activation itself
      y = tf.fused.conv2d({
        x: xc as tf.Tensor4D,
        filter: filters[0] as tf.Tensor4D,
        strides: stride as [number, number],
        pad: [[0, 0], ...allPads, [0, 0]] as tf.backend_util.ExplicitPadding,
        bias: this.bias ?? undefined,
        activation,
      });
    } else {
      y = this.convolveTaped(xc, filters, allPads, stride, depthwise);
      if (activation === 'relu') y = tf.relu(y);
    }
    if (!cl) y = tf.transpose(y, toFirst);
    return lift ? tf.squeeze(y, [2]) : y;
  }

  /** Channels-last convolution from tfjs ops that have gradients on every backend (conv_grad.ts). */
  private convolveTaped(
    xc: tf.Tensor,
    filters: tf.Tensor[],
    allPads: Array<[number, number]>,
    stride: number[],
    depthwise: boolean,
  ): tf.Tensor {
    const r = xc.rank;
    let y: tf.Tensor;
    const xl = padSpatial(xc, allPads, this.paddingMode);
    if (this.groups === 1) {
      y = convValid(xl, filters[0], stride);
    } else if (depthwise) {
      y = tf.depthwiseConv2d(xl as tf.Tensor4D, filters[0] as tf.Tensor4D, stride as [number, number], 'valid');
    } else {
      const xsSplit = tf.split(xl, this.groups, r - 1);
      y = tf.concat(
        xsSplit.map((xg, g) => convValid(xg, filters[g], stride)),
        r - 1,
      );
    }
    if (this.bias) y = tf.add(y, this.bias);
    return y;
  }

  extraRepr(): string {
    let s =
      `${this.inChannels}, ${this.outChannels}, kernel_size=${pyRepr(this.kernelSize)}, ` +
      `stride=${pyRepr(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some(p => p !== 0)) s += `, padding=${pyRepr(this.padding)}`;
    if (this.dilation.some(d => d !== 1)) s += `, dilation=${pyRepr(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros') on (N, C, L) or unbatched (C, L) input.
 */
export class Conv1d extends ConvNd {
  static readonly torchName = 'Conv1d';

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, options?: ConvOptions);
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrInts,
    stride?: IntOrInts,
    padding?: IntOrInts | 'same' | 'valid',
    dilation?: IntOrInts,
    groups?: number,
    bias?: boolean,
    paddingMode?: PaddingMode,
  );
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super(1, inChannels, outChannels, kernelSize, initArgs<ConvOptions>('Conv1d.__init__', 3, rest, CONV_ARGS));
  }
}

/**
 * torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros') on (N, C, H, W) or unbatched (C, H, W) input. `groups: inChannels` is a depthwise conv.
 */
export class Conv2d extends ConvNd {
  static readonly torchName = 'Conv2d';

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, options?: ConvOptions);
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrInts,
    stride?: IntOrInts,
    padding?: IntOrInts | 'same' | 'valid',
    dilation?: IntOrInts,
    groups?: number,
    bias?: boolean,
    paddingMode?: PaddingMode,
  );
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super(2, inChannels, outChannels, kernelSize, initArgs<ConvOptions>('Conv2d.__init__', 3, rest, CONV_ARGS));
  }
}

/**
 * torch.nn.Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros') on (N, C, D, H, W) or unbatched (C, D, H, W) input.
 */
export class Conv3d extends ConvNd {
  static readonly torchName = 'Conv3d';

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, options?: ConvOptions);
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrInts,
    stride?: IntOrInts,
    padding?: IntOrInts | 'same' | 'valid',
    dilation?: IntOrInts,
    groups?: number,
    bias?: boolean,
    paddingMode?: PaddingMode,
  );
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super(3, inChannels, outChannels, kernelSize, initArgs<ConvOptions>('Conv3d.__init__', 3, rest, CONV_ARGS));
  }
}

/**
 * torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
 * bias=True, dilation=1, padding_mode='zeros'): the gradient of Conv2d with respect to its input, weight
 * [in, out/groups, kh, kw]. Output size (H−1)·stride − 2·padding + dilation·(k−1) + output_padding + 1.
 *
 * Method: tfjs's conv2dTranspose gives the full, uncropped output ((H−1)·stride + dilation·(k−1) + 1 rows); the
 * result is its rows from `padding` on, output-size many. That window ends `output_padding − padding` rows past the
 * full output's end: those rows (only when output_padding > padding) are zeros appended to it, which no input
 * reaches, so they hold the bias alone; with output_padding ≤ padding the extra rows are full-output rows the
 * crop would otherwise drop at the end. Same for columns.
 */
export class ConvTranspose2d extends Module {
  static readonly torchName = 'ConvTranspose2d';

  declare weight: tf.Variable;
  declare bias: tf.Variable | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode = 'zeros';

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrInts, options?: ConvTransposeOptions);
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrInts,
    stride?: IntOrInts,
    padding?: IntOrInts,
    outputPadding?: IntOrInts,
    groups?: number,
    bias?: boolean,
    dilation?: IntOrInts,
    paddingMode?: 'zeros',
  );
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: IntOrInts,
    ...rest: unknown[]
  ) {
    super();
    const options = initArgs<ConvTransposeOptions>('ConvTranspose2d.__init__', 3, rest, [
      'stride',
      'padding',
      'outputPadding',
      'groups',
      'bias',
      'dilation',
      'paddingMode',
      'device',
      'dtype',
    ]);
    const {
      stride = 1,
      padding = 0,
      outputPadding = 0,
      groups = 1,
      bias = true,
      dilation = 1,
      paddingMode = 'zeros',
    } = options;
    torchCheck(
      paddingMode === 'zeros',
      () => 'Only "zeros" padding mode is supported for ConvTranspose2d',
      'ValueError',
    );
    torchCheck(groups > 0, () => 'groups must be a positive integer', 'ValueError');
    torchCheck(inChannels % groups === 0, () => 'in_channels must be divisible by groups', 'ValueError');
    torchCheck(outChannels % groups === 0, () => 'out_channels must be divisible by groups', 'ValueError');
    this.kernelSize = ntuple(kernelSize, 2);
    this.stride = ntuple(stride, 2);
    this.padding = ntuple(padding, 2);
    this.outputPadding = ntuple(outputPadding, 2);
    this.dilation = ntuple(dilation, 2);
    this.groups = groups;
    // PyTorch's fan_in for a transposed weight [in, out/g, k...] is its dim 1 times the kernel
    const fanIn = (outChannels / groups) * this.kernelSize[0] * this.kernelSize[1];
    this.weight = uniformParameter([inChannels, outChannels / groups, ...this.kernelSize], fanIn);
    if (bias) this.bias = uniformParameter([outChannels], fanIn);
    else this.registerParameter('bias', null);
  }

  forward(input: TensorInput): tf.Tensor {
    return tf.tidy(() => {
      const stored = toTensor(input, 'conv_transpose2d');
      // a channels-last model hands it a 4-D input stored NHWC: the checks read the logical NCHW shape
      const cl = inputFormat(this) === 'channelsLast' && stored.rank === 4;
      const x = {rank: stored.rank, shape: logicalShape(stored.shape, cl ? 'channelsLast' : 'contiguous')};
      torchCheck(
        x.rank === 3 || x.rank === 4,
        () =>
          `Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: ` +
          formatSizes(x.shape),
      );
      const xs = stored.rank === 4 ? stored : tf.expandDims(stored, 0);
      const xb = {shape: x.rank === 4 ? x.shape : [1, ...x.shape]};
      const w = this.weight;
      torchCheck(
        xb.shape[1] === w.shape[0],
        () =>
          `Given transposed=1, weight of size ${formatSizes(w.shape)}, expected input` +
          `${formatSizes(xb.shape)} to have ${w.shape[0]} channels, but got ${xb.shape[1]} ` +
          'channels instead',
      );
      this.outputPadding.forEach((op, i) =>
        torchCheck(
          op < this.stride[i] || op < this.dilation[i],
          () =>
            `output padding must be smaller than either stride or dilation, but got output_padding_height: ` +
            `${this.outputPadding[0]} output_padding_width: ${this.outputPadding[1]} stride_height: ` +
            `${this.stride[0]} stride_width: ${this.stride[1]} dilation_height: ${this.dilation[0]} ` +
            `dilation_width: ${this.dilation[1]}`,
        ),
      );
      const [n, , h, wd] = xb.shape;
      const outSize = [h, wd].map((l, i) =>
        convTransposeOutputSize(
          l,
          this.kernelSize[i],
          this.stride[i],
          this.padding[i],
          this.dilation[i],
          this.outputPadding[i],
        ),
      );
      torchCheck(
        outSize.every(s => s > 0),
        () =>
          `Given input size per channel: (${h} x ${wd}). Calculated output ` +
          `size per channel: (${outSize.join(' x ')}). Output size is too small`,
      );
      const xl = (cl ? xs : tf.transpose(xs, [0, 2, 3, 1])) as tf.Tensor4D;
      // [in, out/g, kh, kw] -> [kh, kw, out/g, in]
      const filter = dilateFilter(tf.transpose(w, [2, 3, 1, 0]), this.dilation);
      const full = [h, wd].map((l, i) => (l - 1) * this.stride[i] + filter.shape[i]);
      const outG = this.outChannels / this.groups;
      const xg = this.groups === 1 ? [xl] : tf.split(xl, this.groups, 3);
      const fg = this.groups === 1 ? [filter] : tf.split(filter, this.groups, 3);
      const parts = xg.map((xi, g) =>
        conv2dTransposeValid(
          xi as tf.Tensor4D,
          fg[g] as tf.Tensor4D,
          [n, full[0], full[1], outG],
          this.stride as [number, number],
        ),
      );
      let y: tf.Tensor = parts.length === 1 ? parts[0] : tf.concat(parts, 3);
      y = tf.pad(y, [
        [0, 0],
        [0, this.outputPadding[0]],
        [0, this.outputPadding[1]],
        [0, 0],
      ]);
      y = tf.slice(y, [0, this.padding[0], this.padding[1], 0], [n, outSize[0], outSize[1], this.outChannels]);
      if (this.bias) y = tf.add(y, this.bias);
      if (!cl) y = tf.transpose(y, [0, 3, 1, 2]);
      return x.rank === 4 ? y : tf.squeeze(y, [0]);
    });
  }

  extraRepr(): string {
    let s =
      `${this.inChannels}, ${this.outChannels}, kernel_size=${pyRepr(this.kernelSize)}, ` +
      `stride=${pyRepr(this.stride)}`;
    if (this.padding.some(p => p !== 0)) s += `, padding=${pyRepr(this.padding)}`;
    if (this.dilation.some(d => d !== 1)) s += `, dilation=${pyRepr(this.dilation)}`;
    if (this.outputPadding.some(p => p !== 0)) s += `, output_padding=${pyRepr(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}
