/**
 * torch.nn.AvgPool1d / AvgPool2d / AvgPool3d: the constructor arguments and defaults of torch/nn/modules/pooling.py,
 * stored under their camelCase names, and `forward` calling the matching functional op. Like PyTorch, the
 * constructor checks nothing: the op checks the arguments when the module runs, with PyTorch's messages.
 *
 *   nn.AvgPool2d(3, stride=1, padding=1)            new nn.AvgPool2d(3, 1, 1)
 *   nn.AvgPool2d(2, ceil_mode=True,                 new nn.AvgPool2d(2, {ceilMode: true, countIncludePad: false})
 *                count_include_pad=False)
 */
import type {Tensor} from '@tensorflow/tfjs-core';
import {
  AVG_POOL1D_KEYWORDS,
  AVG_POOL_KEYWORDS,
  AvgPool1dOptions,
  AvgPoolOptions,
  avgPool1d,
  avgPool2d,
  avgPool3d,
} from '../ops/avg_pool';
import type {TensorInput} from '../ops/input';
import type {IntOrInts} from '../ops/int_args';
import {layoutOption, layoutRepr, poolLayout} from './data_format';
import {initArgs} from './init_args';
import {Module} from './module';
import {moduleRepr} from './repr';

/** The second constructor argument: PyTorch's positional `stride`, or every keyword argument as one object. */
export type StrideOrOptions<O> = IntOrInts | null | undefined | O;

/** torch/nn/modules/utils.py `_single`: an int becomes a 1-tuple; a sequence is kept (as a copy). */
function single(value: IntOrInts): number[] {
  return typeof value === 'number' ? [value] : [...value];
}

/** Pooling modules are kit Modules, callable through `forward` (PyTorch's name) or `apply` (tf.layers' name). */
abstract class PoolModule extends Module {
  abstract forward(input: TensorInput): Tensor;
}

/** torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export class AvgPool1d extends PoolModule {
  /** 1-tuples, as PyTorch stores them (`_single`) */
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  /** the layout (not PyTorch's; keyword only): `'NCW'` (absent) or `'NWC'` */
  readonly dataFormat?: AvgPool1dOptions['dataFormat'];

  constructor(kernelSize: IntOrInts, options?: AvgPool1dOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    ceilMode?: boolean,
    countIncludePad?: boolean,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super();
    const o = initArgs<AvgPool1dOptions>('AvgPool1d.__init__', 1, rest, AVG_POOL1D_KEYWORDS, ['dataFormat']);
    this.kernelSize = single(kernelSize);
    this.stride = single(o.stride ?? kernelSize);
    this.padding = single(o.padding ?? 0);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  forward(input: TensorInput): Tensor {
    return avgPool1d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      ...layoutOption(this.dataFormat),
    });
  }

  toString(): string {
    const repr = moduleRepr('AvgPool1d', [
      ['kernel_size', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
    ]);
    return layoutRepr(repr, this.dataFormat, 1);
  }
}

/** AvgPool2d and AvgPool3d: same arguments, kept as given (an int or a tuple), stride defaulting to kernel_size. */
abstract class AvgPoolNd extends PoolModule {
  readonly kernelSize: IntOrInts;
  readonly stride: IntOrInts;
  readonly padding: IntOrInts;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  /** the layout (not PyTorch's; keyword only): channels-first (absent), or `'NHWC'` / `'NDHWC'` */
  readonly dataFormat?: AvgPoolOptions['dataFormat'];

  /** `name`: the PyTorch class, whose `__init__` a TypeError names; `rest`: the arguments after kernelSize */
  constructor(name: string, kernelSize: IntOrInts, rest: readonly unknown[]) {
    super();
    const o = initArgs<AvgPoolOptions>(`${name}.__init__`, 1, rest, AVG_POOL_KEYWORDS, ['dataFormat']);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
    if (o.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  protected get options(): AvgPoolOptions {
    return {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
      ...layoutOption(this.dataFormat),
    };
  }

  protected repr(name: string): string {
    const repr = moduleRepr(name, [
      ['kernel_size', this.kernelSize],
      ['stride', this.stride],
      ['padding', this.padding],
    ]);
    return layoutRepr(repr, this.dataFormat, Number(name.slice(-2, -1)));
  }
}

/**
 * torch.nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None).
 */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: IntOrInts, options?: AvgPoolOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    ceilMode?: boolean,
    countIncludePad?: boolean,
    divisorOverride?: number | null,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('AvgPool2d', kernelSize, rest);
  }

  forward(input: TensorInput): Tensor {
    return avgPool2d(input, this.kernelSize, {...this.options, ...poolLayout('AvgPool2d', 2, this.dataFormat, input)});
  }

  toString(): string {
    return this.repr('AvgPool2d');
  }
}

/**
 * torch.nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None).
 */
export class AvgPool3d extends AvgPoolNd {
  constructor(kernelSize: IntOrInts, options?: AvgPoolOptions);
  constructor(
    kernelSize: IntOrInts,
    stride?: IntOrInts | null,
    padding?: IntOrInts,
    ceilMode?: boolean,
    countIncludePad?: boolean,
    divisorOverride?: number | null,
  );
  constructor(kernelSize: IntOrInts, ...rest: unknown[]) {
    super('AvgPool3d', kernelSize, rest);
  }

  forward(input: TensorInput): Tensor {
    return avgPool3d(input, this.kernelSize, {...this.options, ...poolLayout('AvgPool3d', 3, this.dataFormat, input)});
  }

  toString(): string {
    return this.repr('AvgPool3d');
  }
}

export {PoolModule};
