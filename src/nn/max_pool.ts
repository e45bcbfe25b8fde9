/**
 * torch.nn's max-pooling family and lp pools: MaxPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d, MaxUnpool1d/2d/3d,
 * LPPool1d/2d/3d, with torch/nn/modules/pooling.py's constructor arguments, defaults and reprs (stored as given,
 * except MaxUnpool's, which PyTorch normalises with _single/_pair/_triple). Like PyTorch, constructors check
 * nothing; the ops check when the module runs.
 *
 *   nn.MaxPool2d(3, 2, 1)                         new nn.MaxPool2d(3, 2, 1)
 *   nn.MaxPool2d(3, 2, ceil_mode=True)            new nn.MaxPool2d(3, {stride: 2, ceilMode: true})
 *   nn.MaxUnpool2d(2)(y, idx)                     new nn.MaxUnpool2d(2).forward(y, idx)
 */
import {Tensor, cast, tidy} from '@tensorflow/tfjs-core';
import {AdaptiveOutputSize} from '../ops/adaptive_avg_pool';
import {adaptiveMaxPool1d, adaptiveMaxPool2d, adaptiveMaxPool3d} from '../ops/adaptive_max_pool';
import {TensorInput, toTensor} from '../ops/input';
import type {IntOrInts} from '../ops/int_args';
import {LpPoolOptions, lpPool1d, lpPool2d, lpPool3d} from '../ops/lp_pool';
import {MaxPoolOptions, maxPool1d, maxPool2d, maxPool3d} from '../ops/max_pool';
import {MaxUnpoolOptions, maxUnpool1d, maxUnpool2d, maxUnpool3d} from '../ops/max_unpool';
import {layoutRepr, poolLayout} from './data_format';
import {initArgs} from './init_args';
import {Module as KitModule} from './module';
import {moduleRepr, pyRepr} from './repr';

/** A max pool's result: the values, or [values, indices] when the module was built with returnIndices. */
export type MaxPoolResult = Tensor | [Tensor, Tensor];

/** Kit Modules, run through `forward` (PyTorch's name) or `apply` (tf.layers' name). */
abstract class Module<In extends unknown[], Out> extends KitModule {
  abstract forward(...input: In): Out;
}

type MaxPoolFn = (input: TensorInput, kernelSize: IntOrInts, options?: MaxPoolOptions) => MaxPoolResult;

/** nn.MaxPoolNd(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False). */
abstract class MaxPoolNd extends Module<[TensorInput], MaxPoolResult> {
  readonly kernelSize: IntOrInts;
  readonly stride: IntOrInts;
  readonly padding: IntOrInts;
  readonly dilation: IntOrInts;
  readonly returnIndices: boolean;
  readonly ceilMode: boolean;
  /** the layout (not PyTorch's; keyword only): channels-first (absent) or channels-last */
  readonly dataFormat?: MaxPoolOptions['dataFormat'];

  /** `rest`: the arguments after kernelSize (initArgs) */
  constructor(
    private readonly name: string,
    private readonly op: MaxPoolFn,
    kernelSize: IntOrInts,
    rest: readonly unknown[],
  ) {
    super();
    const o = initArgs<MaxPoolOptions>(
      '_MaxPoolNd.__init__',
      1,
      rest,
      ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      ['dataFormat'],
    );
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = o.returnIndices ?? false;
    this.ceilMode = o.ceilMode ?? false;
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  forward(input: TensorInput): MaxPoolResult {
    return this.op(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      returnIndices: this.returnIndices,
      ...poolLayout(this.name, Number(this.name.slice(-2, -1)), this.dataFormat, input),
    });
  }

  toString(): string {
    const repr = moduleRepr(this.name, [
      ['kernel_size', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
      ['dilation', this.dilation],
      ['ceil_mode', this.ceilMode],
    ]);
    return layoutRepr(repr, this.dataFormat, Number(this.name.slice(-2, -1)));
  }
}

/**
 * `torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`: the
 * module form of {@link maxPool1d}, with PyTorch's positional arguments or one options object (stride defaults to
 * kernelSize, padding to 0, dilation to 1, returnIndices and ceilMode to false). NCHW input, as PyTorch.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool1d(3, {stride: 2, padding: 1});  // nn.MaxPool1d(3, 2, 1)
 * const y = pool.forward(x);
 * ```
 */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: IntOrInts, options?: MaxPoolOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    dilation?: IntOrInts,
    returnIndices?: boolean,
    ceilMode?: boolean,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxPool1d', maxPool1d, kernelSize, rest);
  }
}

/**
 * `torch.nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`: the
 * module form of {@link maxPool2d}, with PyTorch's positional arguments or one options object (stride defaults to
 * kernelSize, padding to 0, dilation to 1, returnIndices and ceilMode to false). NCHW input, as PyTorch.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool2d(3, {stride: 2, padding: 1});  // nn.MaxPool2d(3, 2, 1)
 * const y = pool.forward(x);
 * ```
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: IntOrInts, options?: MaxPoolOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    dilation?: IntOrInts,
    returnIndices?: boolean,
    ceilMode?: boolean,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxPool2d', maxPool2d, kernelSize, rest);
  }
}

/**
 * `torch.nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)`: the
 * module form of {@link maxPool3d}, with PyTorch's positional arguments or one options object (stride defaults to
 * kernelSize, padding to 0, dilation to 1, returnIndices and ceilMode to false). NCHW input, as PyTorch.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool3d(3, {stride: 2, padding: 1});  // nn.MaxPool3d(3, 2, 1)
 * const y = pool.forward(x);
 * ```
 */
export class MaxPool3d extends MaxPoolNd {
  constructor(kernelSize: IntOrInts, options?: MaxPoolOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    dilation?: IntOrInts,
    returnIndices?: boolean,
    ceilMode?: boolean,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxPool3d', maxPool3d, kernelSize, rest);
  }
}

type AdaptiveFn<S> = (
  input: TensorInput,
  outputSize: S,
  options?: {returnIndices?: boolean; dataFormat?: MaxPoolOptions['dataFormat']},
) => MaxPoolResult;

/** nn.AdaptiveMaxPoolNd(output_size, return_indices=False). */
abstract class AdaptiveMaxPoolNd<S> extends Module<[TensorInput], MaxPoolResult> {
  readonly returnIndices: boolean;
  /** the layout (not PyTorch's; keyword only): channels-first (absent) or channels-last */
  readonly dataFormat?: MaxPoolOptions['dataFormat'];

  /** `rest`: the arguments after outputSize (initArgs) */
  constructor(
    private readonly name: string,
    private readonly op: AdaptiveFn<S>,
    readonly outputSize: S,
    rest: readonly unknown[],
  ) {
    super();
    const o = initArgs<{returnIndices?: boolean; dataFormat?: MaxPoolOptions['dataFormat']}>(
      '_AdaptiveMaxPoolNd.__init__',
      1,
      rest,
      ['returnIndices'],
      ['dataFormat'],
    );
    this.returnIndices = o.returnIndices ?? false;
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  forward(input: TensorInput): MaxPoolResult {
    return this.op(input, this.outputSize, {
      returnIndices: this.returnIndices,
      ...poolLayout(this.name, Number(this.name.slice(-2, -1)), this.dataFormat, input),
    });
  }

  toString(): string {
    const repr = moduleRepr(this.name, [['output_size', this.outputSize]]);
    return layoutRepr(repr, this.dataFormat, Number(this.name.slice(-2, -1)));
  }
}

/**
 * `torch.nn.AdaptiveMaxPool1d(output_size, return_indices=False)`: the module form of {@link adaptiveMaxPool1d}
 * (returnIndices defaults to false).
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.AdaptiveMaxPool1d(4, true).forward(x);
 * ```
 */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd<IntOrInts> {
  constructor(
    outputSize: IntOrInts,
    returnIndices?: boolean | {returnIndices?: boolean; dataFormat?: MaxPoolOptions['dataFormat']},
  );
  constructor(outputSize: IntOrInts, ...rest: unknown[]) {
    super('AdaptiveMaxPool1d', adaptiveMaxPool1d, outputSize, rest);
  }
}

/**
 * `torch.nn.AdaptiveMaxPool2d(output_size, return_indices=False)`: the module form of {@link adaptiveMaxPool2d}
 * (returnIndices defaults to false; a null entry of outputSize keeps that axis's input size, as None does).
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.AdaptiveMaxPool2d([4, 4], true).forward(x);
 * ```
 */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd<AdaptiveOutputSize> {
  constructor(
    outputSize: AdaptiveOutputSize,
    returnIndices?: boolean | {returnIndices?: boolean; dataFormat?: MaxPoolOptions['dataFormat']},
  );
  constructor(outputSize: AdaptiveOutputSize, ...rest: unknown[]) {
    super('AdaptiveMaxPool2d', adaptiveMaxPool2d, outputSize, rest);
  }
}

/**
 * `torch.nn.AdaptiveMaxPool3d(output_size, return_indices=False)`: the module form of {@link adaptiveMaxPool3d}
 * (returnIndices defaults to false; a null entry of outputSize keeps that axis's input size, as None does).
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.AdaptiveMaxPool3d(2, true).forward(x);
 * ```
 */
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd<AdaptiveOutputSize> {
  constructor(
    outputSize: AdaptiveOutputSize,
    returnIndices?: boolean | {returnIndices?: boolean; dataFormat?: MaxPoolOptions['dataFormat']},
  );
  constructor(outputSize: AdaptiveOutputSize, ...rest: unknown[]) {
    super('AdaptiveMaxPool3d', adaptiveMaxPool3d, outputSize, rest);
  }
}

type UnpoolFn = (input: TensorInput, indices: TensorInput, kernelSize: IntOrInts, options?: MaxUnpoolOptions) => Tensor;

/** torch/nn/modules/utils.py _ntuple: an int repeated n times, a sequence kept. */
function ntuple(value: IntOrInts, n: number): number[] {
  return typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
}

/** nn.MaxUnpoolNd(kernel_size, stride=None, padding=0); forward(input, indices, output_size=None). */
abstract class MaxUnpoolNd extends Module<[TensorInput, TensorInput, (readonly number[] | null)?], Tensor> {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  /** the layout of input, indices and output (not PyTorch's; keyword only): channels-first (absent) or channels-last */
  readonly dataFormat?: MaxPoolOptions['dataFormat'];

  /** `rest`: the arguments after kernelSize (initArgs) */
  constructor(
    private readonly name: string,
    private readonly op: UnpoolFn,
    nd: number,
    kernelSize: IntOrInts,
    rest: readonly unknown[],
  ) {
    super();
    const o = initArgs<UnpoolOptions>(`${name}.__init__`, 1, rest, ['stride', 'padding'], ['dataFormat']);
    this.kernelSize = ntuple(kernelSize, nd);
    this.stride = ntuple(o.stride ?? kernelSize, nd);
    this.padding = ntuple(o.padding ?? 0, nd);
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  forward(input: TensorInput, indices: TensorInput, outputSize: readonly number[] | null = null): Tensor {
    return this.op(input, indices, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      outputSize,
      ...poolLayout(this.name, this.kernelSize.length, this.dataFormat, input),
    });
  }

  toString(): string {
    const repr = moduleRepr(this.name, [
      ['kernel_size', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
    ]);
    return layoutRepr(repr, this.dataFormat, this.kernelSize.length);
  }
}

export type UnpoolOptions = {
  stride?: IntOrInts | null;
  padding?: IntOrInts;
  /** the layout of input, indices and output (not PyTorch's): channels-first (the default) or channels-last */
  dataFormat?: MaxPoolOptions['dataFormat'];
};

/**
 * `torch.nn.MaxUnpool1d(kernel_size, stride=None, padding=0)`: the module form of {@link maxUnpool1d} (stride
 * defaults to kernelSize, padding to 0); `forward(input, indices, outputSize?)`.
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.MaxPool1d(2, {returnIndices: true}).forward(x) as [tf.Tensor, tf.Tensor];
 * const back = new nn.MaxUnpool1d(2).forward(y, indices);
 * ```
 */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrInts, stride?: IntOrInts | null | UnpoolOptions, padding?: IntOrInts);
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxUnpool1d', maxUnpool1d, 1, kernelSize, rest);
  }
}

/**
 * `torch.nn.MaxUnpool2d(kernel_size, stride=None, padding=0)`: the module form of {@link maxUnpool2d} (stride
 * defaults to kernelSize, padding to 0); `forward(input, indices, outputSize?)`.
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.MaxPool2d(2, {returnIndices: true}).forward(x) as [tf.Tensor, tf.Tensor];
 * const back = new nn.MaxUnpool2d(2).forward(y, indices);
 * ```
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrInts, stride?: IntOrInts | null | UnpoolOptions, padding?: IntOrInts);
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxUnpool2d', maxUnpool2d, 2, kernelSize, rest);
  }
}

/**
 * `torch.nn.MaxUnpool3d(kernel_size, stride=None, padding=0)`: the module form of {@link maxUnpool3d} (stride
 * defaults to kernelSize, padding to 0); `forward(input, indices, outputSize?)`.
 *
 * @example
 * ```ts
 * const [y, indices] = new nn.MaxPool3d(2, {returnIndices: true}).forward(x) as [tf.Tensor, tf.Tensor];
 * const back = new nn.MaxUnpool3d(2).forward(y, indices);
 * ```
 */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: IntOrInts, stride?: IntOrInts | null | UnpoolOptions, padding?: IntOrInts);
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('MaxUnpool3d', maxUnpool3d, 3, kernelSize, rest);
  }
}

type LpFn = (input: TensorInput, normType: number, kernelSize: IntOrInts, options?: LpPoolOptions) => Tensor;

/** nn.LPPoolNd(norm_type, kernel_size, stride=None, ceil_mode=False). */
abstract class LPPoolNd extends Module<[TensorInput], Tensor> {
  readonly stride: IntOrInts | null;
  readonly ceilMode: boolean;
  /** the layout (not PyTorch's; keyword only): channels-first (absent) or channels-last */
  readonly dataFormat?: LpPoolOptions['dataFormat'];

  /** `rest`: the arguments after kernelSize (initArgs) */
  constructor(
    private readonly name: string,
    private readonly op: LpFn,
    readonly normType: number,
    readonly kernelSize: IntOrInts,
    rest: readonly unknown[],
  ) {
    super();
    const o = initArgs<LpPoolOptions>('_LPPoolNd.__init__', 2, rest, ['stride', 'ceilMode'], ['dataFormat']);
    this.stride = o.stride ?? null;
    this.ceilMode = o.ceilMode ?? false;
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  /** PyTorch's module passes `float(norm_type)`, so an int64 input is raised to a float power: float32 first. */
  forward(input: TensorInput): Tensor {
    return tidy(() => {
      // F.lp_poolNd's name for a non-Tensor input, as the module calls it ('LPPool2d' → 'lp_pool2d')
      const x = toTensor(input, this.name.replace('LPPool', 'lp_pool'));
      return this.op(x.dtype === 'int32' ? cast(x, 'float32') : x, this.normType, this.kernelSize, {
        stride: this.stride,
        ceilMode: this.ceilMode,
        ...poolLayout(this.name, Number(this.name.slice(-2, -1)), this.dataFormat, x),
      });
    });
  }

  toString(): string {
    const norm = Number.isFinite(this.normType) ? pyRepr(this.normType) : this.normType > 0 ? 'inf' : '-inf';
    const repr =
      `${this.name}(norm_type=${norm}, kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, ` +
      `ceil_mode=${pyRepr(this.ceilMode)})`;
    return layoutRepr(repr, this.dataFormat, Number(this.name.slice(-2, -1)));
  }
}

/**
 * `torch.nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)`: the module form of {@link lpPool1d}
 * (stride defaults to kernelSize, ceilMode to false).
 *
 * @example
 * ```ts
 * const y = new nn.LPPool1d(2, 3, 2).forward(x);  // nn.LPPool1d(2, 3, stride=2)
 * ```
 */
export class LPPool1d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntOrInts, stride?: IntOrInts | null | LpPoolOptions, ceilMode?: boolean);
  constructor(normType: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super('LPPool1d', lpPool1d, normType, kernelSize, rest);
  }
}

/**
 * `torch.nn.LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)`: the module form of {@link lpPool2d}
 * (stride defaults to kernelSize, ceilMode to false).
 *
 * @example
 * ```ts
 * const y = new nn.LPPool2d(2, 3, 2).forward(x);  // nn.LPPool2d(2, 3, stride=2)
 * ```
 */
export class LPPool2d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntOrInts, stride?: IntOrInts | null | LpPoolOptions, ceilMode?: boolean);
  constructor(normType: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super('LPPool2d', lpPool2d, normType, kernelSize, rest);
  }
}

/**
 * `torch.nn.LPPool3d(norm_type, kernel_size, stride=None, ceil_mode=False)`: the module form of {@link lpPool3d}
 * (stride defaults to kernelSize, ceilMode to false).
 *
 * @example
 * ```ts
 * const y = new nn.LPPool3d(2, 3, 2).forward(x);  // nn.LPPool3d(2, 3, stride=2)
 * ```
 */
export class LPPool3d extends LPPoolNd {
  constructor(normType: number, kernelSize: IntOrInts, stride?: IntOrInts | null | LpPoolOptions, ceilMode?: boolean);
  constructor(normType: number, kernelSize: IntOrInts, ...rest: unknown[]) {
    super('LPPool3d', lpPool3d, normType, kernelSize, rest);
  }
}
