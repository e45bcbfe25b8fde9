/** torch.nn.AdaptiveAvgPool1d / 2d / 3d(output_size): the argument kept as given, `forward` calling the op. */
import type {Tensor} from '@tensorflow/tfjs-core';
import {
  AdaptiveAvgPoolOptions,
  AdaptiveOutputSize,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveAvgPool3d,
} from '../ops/adaptive_avg_pool';
import {LAYOUT_KEYWORDS} from '../ops/data_format';
import {layoutOption, layoutRepr, poolLayout} from './data_format';
import type {TensorInput} from '../ops/input';
import {PoolModule} from './avg_pool';
import {rejectKeywordsOrExtra} from '../ops/keyword_args';
import {moduleRepr} from './repr';

abstract class AdaptiveAvgPoolNd<S> extends PoolModule {
  /** the layout (not PyTorch's; keyword only): channels-first (absent) or channels-last */
  readonly dataFormat?: AdaptiveAvgPoolOptions['dataFormat'];

  constructor(outputSize: S, options?: AdaptiveAvgPoolOptions);
  constructor(
    readonly outputSize: S,
    ...rest: unknown[]
  ) {
    super();
    // nn.AdaptiveAvgPoolNd(output_size): no other parameter; the one keyword is this package's dataFormat
    rejectKeywordsOrExtra('_AdaptiveAvgPoolNd.__init__', rest, 2, LAYOUT_KEYWORDS);
    const o = rest[0] as AdaptiveAvgPoolOptions | undefined;
    if (o?.dataFormat !== undefined) this.dataFormat = o.dataFormat;
  }

  protected get options(): AdaptiveAvgPoolOptions {
    return layoutOption(this.dataFormat);
  }

  protected repr(name: string): string {
    return layoutRepr(
      moduleRepr(name, [['output_size', this.outputSize]]),
      this.dataFormat,
      Number(name.slice(-2, -1)),
    );
  }
}

/** torch.nn.AdaptiveAvgPool1d(output_size). */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd<number | readonly number[]> {
  forward(input: TensorInput): Tensor {
    return adaptiveAvgPool1d(input, this.outputSize, this.options as AdaptiveAvgPoolOptions<'NCW' | 'NWC'>);
  }

  toString(): string {
    return this.repr('AdaptiveAvgPool1d');
  }
}

/** torch.nn.AdaptiveAvgPool2d(output_size); a null entry keeps that axis's input size, as None does. */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd<AdaptiveOutputSize> {
  forward(input: TensorInput): Tensor {
    const dataFormat = this.dataFormat as AdaptiveAvgPoolOptions<'NCHW' | 'NHWC'>['dataFormat'];
    return adaptiveAvgPool2d(input, this.outputSize, poolLayout('AdaptiveAvgPool2d', 2, dataFormat, input));
  }

  toString(): string {
    return this.repr('AdaptiveAvgPool2d');
  }
}

/** torch.nn.AdaptiveAvgPool3d(output_size); a null entry keeps that axis's input size, as None does. */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd<AdaptiveOutputSize> {
  forward(input: TensorInput): Tensor {
    const dataFormat = this.dataFormat as AdaptiveAvgPoolOptions<'NCDHW' | 'NDHWC'>['dataFormat'];
    return adaptiveAvgPool3d(input, this.outputSize, poolLayout('AdaptiveAvgPool3d', 3, dataFormat, input));
  }

  toString(): string {
    return this.repr('AdaptiveAvgPool3d');
  }
}
