/**
 * tf.layers versions of the ops, for LayersModels: NCHW / NCDHW like PyTorch (the batch axis first, always present),
 * no weights, gradients through the ops' own. Each layer is registered with tf.serialization.registerClass, so a
 * model that uses them saves and loads (load after importing this module).
 *
 *   nn.AvgPool2d(3, 1, 1)              ttl.avgPool2dLayer({kernelSize: 3, stride: 1, padding: 1})
 *   nn.AdaptiveAvgPool2d((None, 7))    ttl.adaptiveAvgPool2dLayer({outputSize: [null, 7]})
 *
 * Saved class names are `TorchAvgPool1d` ... `TorchAdaptiveAvgPool3d`; config keys are the options' names
 * (snake_case in model.json, as tfjs writes every config).
 */
import {Tensor, serialization} from '@tensorflow/tfjs-core';
import {Shape, layers} from '@tensorflow/tfjs-layers';
import {
  AdaptiveOutputSize,
  IntOrInts,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveAvgPool3d,
  avgPool1d,
  avgPool2d,
  avgPool3d,
} from '../index';
import {poolOutputSize} from '../geometry/output_size';
import {AVG_POOL1D_KEYWORDS, AVG_POOL_KEYWORDS} from '../ops/avg_pool';
import {
  DATA_FORMAT_LAYER_KEYWORDS,
  DataFormatLayerArgs,
  LayerDataFormat,
  layerDataFormat,
  opDataFormat,
  spatialSizes,
  withSpatialSizes,
} from './data_format';
import {checkConfig, layerClassName, layerFactory, oneShape, oneTensor, perAxis} from './layer_args';

export type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

export interface AvgPool1dLayerArgs extends LayerArgs, DataFormatLayerArgs {
  kernelSize: IntOrInts;
  /** default: kernelSize */
  stride?: IntOrInts | null;
  padding?: IntOrInts;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

export interface AvgPoolLayerArgs extends AvgPool1dLayerArgs {
  divisorOverride?: number | null;
}

export interface AdaptiveAvgPoolLayerArgs extends LayerArgs, DataFormatLayerArgs {
  /** null entries keep that axis's input size */
  outputSize: AdaptiveOutputSize;
}

abstract class AvgPoolLayer extends layers.Layer {
  readonly kernelSize: IntOrInts;
  readonly stride: IntOrInts | null;
  readonly padding: IntOrInts;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly dataFormat: LayerDataFormat;

  protected constructor(
    protected readonly nd: number,
    args: AvgPool1dLayerArgs,
    className: string,
    keywords: readonly string[],
    extra: readonly unknown[],
  ) {
    checkConfig(className, args, ['kernelSize', ...keywords, ...DATA_FORMAT_LAYER_KEYWORDS], extra);
    const dataFormat = layerDataFormat(className, args.dataFormat);
    super(args);
    this.dataFormat = dataFormat;
    this.kernelSize = args.kernelSize;
    this.stride = args.stride ?? null;
    this.padding = args.padding ?? 0;
    this.ceilMode = args.ceilMode ?? false;
    this.countIncludePad = args.countIncludePad ?? true;
    this.inputSpec = [{ndim: nd + 2}];
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    const kernel = perAxis(this.kernelSize, this.nd, []);
    const stride = perAxis(this.stride, this.nd, kernel);
    const padding = perAxis(this.padding, this.nd, [0]);
    const spatial = spatialSizes(shape, this.dataFormat).map((size, d) =>
      size === null
        ? null
        : poolOutputSize(size, kernel[d], padding[padding.length === 1 ? 0 : d], stride[d], this.ceilMode),
    );
    return withSpatialSizes(shape, spatial, this.dataFormat);
  }

  getConfig(): serialization.ConfigDict {
    return {
      kernelSize: this.kernelSize as serialization.ConfigDictValue,
      stride: this.stride as serialization.ConfigDictValue,
      padding: this.padding as serialization.ConfigDictValue,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

/** torch.nn.AvgPool1d as a layer: input (N, C, L). */
export class TorchAvgPool1d extends AvgPoolLayer {
  static className = 'TorchAvgPool1d';

  constructor(args: AvgPool1dLayerArgs);
  constructor(args: AvgPool1dLayerArgs, ...extra: unknown[]) {
    super(1, args, TorchAvgPool1d.className, AVG_POOL1D_KEYWORDS, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return avgPool1d(oneTensor(inputs, this.name), this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      ...opDataFormat<'NCW' | 'NWC'>(this.dataFormat, 1),
    });
  }
}

abstract class AvgPoolNdLayer extends AvgPoolLayer {
  readonly divisorOverride: number | null;

  protected constructor(nd: number, args: AvgPoolLayerArgs, className: string, extra: readonly unknown[]) {
    super(nd, args, className, AVG_POOL_KEYWORDS, extra);
    this.divisorOverride = args.divisorOverride ?? null;
  }

  protected pool(inputs: Tensor | Tensor[], op: typeof avgPool2d): Tensor {
    return op(oneTensor(inputs, this.name), this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
      ...opDataFormat<'NCHW' | 'NHWC' | 'NCDHW' | 'NDHWC'>(this.dataFormat, this.nd),
    });
  }

  getConfig(): serialization.ConfigDict {
    return {...super.getConfig(), divisorOverride: this.divisorOverride};
  }
}

/** torch.nn.AvgPool2d as a layer: input (N, C, H, W). */
export class TorchAvgPool2d extends AvgPoolNdLayer {
  static className = 'TorchAvgPool2d';

  constructor(args: AvgPoolLayerArgs);
  constructor(args: AvgPoolLayerArgs, ...extra: unknown[]) {
    super(2, args, TorchAvgPool2d.className, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.pool(inputs, avgPool2d);
  }
}

/** torch.nn.AvgPool3d as a layer: input (N, C, D, H, W). */
export class TorchAvgPool3d extends AvgPoolNdLayer {
  static className = 'TorchAvgPool3d';

  constructor(args: AvgPoolLayerArgs);
  constructor(args: AvgPoolLayerArgs, ...extra: unknown[]) {
    super(3, args, TorchAvgPool3d.className, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.pool(inputs, avgPool3d);
  }
}

abstract class AdaptiveAvgPoolLayer extends layers.Layer {
  readonly outputSize: AdaptiveOutputSize;
  readonly dataFormat: LayerDataFormat;

  protected constructor(
    protected readonly nd: number,
    args: AdaptiveAvgPoolLayerArgs,
    extra: readonly unknown[],
  ) {
    checkConfig(layerClassName(new.target), args, ['outputSize', ...DATA_FORMAT_LAYER_KEYWORDS], extra);
    const dataFormat = layerDataFormat(layerClassName(new.target), args.dataFormat);
    super(args);
    this.dataFormat = dataFormat;
    this.outputSize = args.outputSize;
    this.inputSpec = [{ndim: nd + 2}];
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    const spatial = spatialSizes(shape, this.dataFormat);
    const sizes = this.outputSize;
    const out = spatial.map((size, d) => {
      const o = Array.isArray(sizes) ? sizes[d] : sizes;
      return o === null || o === undefined ? size : o;
    });
    return withSpatialSizes(shape, out, this.dataFormat);
  }

  /** The op's options: the layout. */
  protected get options() {
    return opDataFormat<never>(this.dataFormat, this.nd);
  }

  getConfig(): serialization.ConfigDict {
    return {
      outputSize: this.outputSize as serialization.ConfigDictValue,
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

/** torch.nn.AdaptiveAvgPool1d as a layer: input (N, C, L). */
export class TorchAdaptiveAvgPool1d extends AdaptiveAvgPoolLayer {
  static className = 'TorchAdaptiveAvgPool1d';

  constructor(args: AdaptiveAvgPoolLayerArgs & {outputSize: number | readonly number[]});
  constructor(args: AdaptiveAvgPoolLayerArgs & {outputSize: number | readonly number[]}, ...extra: unknown[]) {
    super(1, args, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return adaptiveAvgPool1d(oneTensor(inputs, this.name), this.outputSize as number | readonly number[], this.options);
  }
}

/** torch.nn.AdaptiveAvgPool2d as a layer: input (N, C, H, W). */
export class TorchAdaptiveAvgPool2d extends AdaptiveAvgPoolLayer {
  static className = 'TorchAdaptiveAvgPool2d';

  constructor(args: AdaptiveAvgPoolLayerArgs);
  constructor(args: AdaptiveAvgPoolLayerArgs, ...extra: unknown[]) {
    super(2, args, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return adaptiveAvgPool2d(oneTensor(inputs, this.name), this.outputSize, this.options);
  }
}

/** torch.nn.AdaptiveAvgPool3d as a layer: input (N, C, D, H, W). */
export class TorchAdaptiveAvgPool3d extends AdaptiveAvgPoolLayer {
  static className = 'TorchAdaptiveAvgPool3d';

  constructor(args: AdaptiveAvgPoolLayerArgs);
  constructor(args: AdaptiveAvgPoolLayerArgs, ...extra: unknown[]) {
    super(3, args, extra);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return adaptiveAvgPool3d(oneTensor(inputs, this.name), this.outputSize, this.options);
  }
}

for (const cls of [
  TorchAvgPool1d,
  TorchAvgPool2d,
  TorchAvgPool3d,
  TorchAdaptiveAvgPool1d,
  TorchAdaptiveAvgPool2d,
  TorchAdaptiveAvgPool3d,
]) {
  serialization.registerClass(cls);
}

/** Factories in tf.layers' style: `ttl.avgPool2dLayer({kernelSize: 2})` is `new TorchAvgPool2d({kernelSize: 2})`. */
export const avgPool1dLayer = layerFactory(TorchAvgPool1d);
export const avgPool2dLayer = layerFactory(TorchAvgPool2d);
export const avgPool3dLayer = layerFactory(TorchAvgPool3d);
export const adaptiveAvgPool1dLayer = layerFactory(TorchAdaptiveAvgPool1d);
export const adaptiveAvgPool2dLayer = layerFactory(TorchAdaptiveAvgPool2d);
export const adaptiveAvgPool3dLayer = layerFactory(TorchAdaptiveAvgPool3d);
