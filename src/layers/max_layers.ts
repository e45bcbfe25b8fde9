/**
 * tf.layers versions of the max pools, adaptive max pools and lp pools, NCHW / NCDHW like PyTorch (the batch axis
 * first, always present), no weights, gradients through the ops' own, registered with
 * tf.serialization.registerClass (class names `TorchMaxPool1d` … `TorchLPPool3d`). A layer returns one tensor:
 * the values (use the ops for indices; max_unpool takes two inputs and has no layer).
 *
 *   nn.MaxPool2d(3, 2, 1)               ttl.maxPool2dLayer({kernelSize: 3, stride: 2, padding: 1})
 *   nn.AdaptiveMaxPool2d((None, 7))     ttl.adaptiveMaxPool2dLayer({outputSize: [null, 7]})
 *   nn.LPPool2d(2, 3, stride=2)         ttl.lpPool2dLayer({normType: 2, kernelSize: 3, stride: 2})
 */
import {Tensor, serialization} from '@tensorflow/tfjs-core';
import {Shape, layers} from '@tensorflow/tfjs-layers';
import {maxPoolOutputSize} from '../geometry/max_windows';
import {
  AdaptiveOutputSize,
  IntOrInts,
  adaptiveMaxPool1d,
  adaptiveMaxPool2d,
  adaptiveMaxPool3d,
  lpPool1d,
  lpPool2d,
  lpPool3d,
  maxPool1d,
  maxPool2d,
  maxPool3d,
} from '../index';
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
import type {LayerArgs} from './pool_layers';

export interface MaxPoolLayerArgs extends LayerArgs, DataFormatLayerArgs {
  kernelSize: IntOrInts;
  /** default: kernelSize */
  stride?: IntOrInts | null;
  padding?: IntOrInts;
  dilation?: IntOrInts;
  ceilMode?: boolean;
}

export interface AdaptiveMaxPoolLayerArgs extends LayerArgs, DataFormatLayerArgs {
  /** null entries keep that axis's input size */
  outputSize: AdaptiveOutputSize;
}

export interface LpPoolLayerArgs extends LayerArgs, DataFormatLayerArgs {
  normType: number;
  kernelSize: IntOrInts;
  /** default: kernelSize */
  stride?: IntOrInts | null;
  ceilMode?: boolean;
}

type MaxOp = typeof maxPool2d;

const MAX_POOL_LAYER_KEYWORDS = [
  'kernelSize',
  'stride',
  'padding',
  'dilation',
  'ceilMode',
  ...DATA_FORMAT_LAYER_KEYWORDS,
];

abstract class MaxPoolLayer extends layers.Layer {
  readonly kernelSize: IntOrInts;
  readonly stride: IntOrInts | null;
  readonly padding: IntOrInts;
  readonly dilation: IntOrInts;
  readonly ceilMode: boolean;
  readonly dataFormat: LayerDataFormat;

  protected constructor(
    private readonly nd: number,
    private readonly op: MaxOp,
    args: MaxPoolLayerArgs,
    extra: readonly unknown[],
  ) {
    checkConfig(layerClassName(new.target), args, MAX_POOL_LAYER_KEYWORDS, extra);
    const dataFormat = layerDataFormat(layerClassName(new.target), args.dataFormat);
    super(args);
    this.dataFormat = dataFormat;
    this.kernelSize = args.kernelSize;
    this.stride = args.stride ?? null;
    this.padding = args.padding ?? 0;
    this.dilation = args.dilation ?? 1;
    this.ceilMode = args.ceilMode ?? false;
    this.inputSpec = [{ndim: nd + 2}];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.op(oneTensor(inputs, this.name), this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      ...opDataFormat<never>(this.dataFormat, this.nd),
    });
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    const kernel = perAxis(this.kernelSize, this.nd, []);
    const stride = perAxis(this.stride, this.nd, kernel);
    const padding = perAxis(this.padding, this.nd, [0]);
    const dilation = perAxis(this.dilation, this.nd, [1]);
    const at = (list: number[], d: number) => list[list.length === 1 ? 0 : d];
    const spatial = spatialSizes(shape, this.dataFormat).map((size, d) =>
      size === null
        ? null
        : maxPoolOutputSize(size, kernel[d], at(padding, d), stride[d], at(dilation, d), this.ceilMode),
    );
    return withSpatialSizes(shape, spatial, this.dataFormat);
  }

  getConfig(): serialization.ConfigDict {
    return {
      kernelSize: this.kernelSize as serialization.ConfigDictValue,
      stride: this.stride as serialization.ConfigDictValue,
      padding: this.padding as serialization.ConfigDictValue,
      dilation: this.dilation as serialization.ConfigDictValue,
      ceilMode: this.ceilMode,
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

/** torch.nn.MaxPool1d as a layer: input (N, C, L). */
export class TorchMaxPool1d extends MaxPoolLayer {
  static className = 'TorchMaxPool1d';

  constructor(args: MaxPoolLayerArgs);
  constructor(args: MaxPoolLayerArgs, ...extra: unknown[]) {
    super(1, maxPool1d, args, extra);
  }
}

/** torch.nn.MaxPool2d as a layer: input (N, C, H, W). */
export class TorchMaxPool2d extends MaxPoolLayer {
  static className = 'TorchMaxPool2d';

  constructor(args: MaxPoolLayerArgs);
  constructor(args: MaxPoolLayerArgs, ...extra: unknown[]) {
    super(2, maxPool2d, args, extra);
  }
}

/** torch.nn.MaxPool3d as a layer: input (N, C, D, H, W). */
export class TorchMaxPool3d extends MaxPoolLayer {
  static className = 'TorchMaxPool3d';

  constructor(args: MaxPoolLayerArgs);
  constructor(args: MaxPoolLayerArgs, ...extra: unknown[]) {
    super(3, maxPool3d, args, extra);
  }
}

type AdaptiveOp = (x: Tensor, outputSize: AdaptiveOutputSize, options: {dataFormat?: never}) => Tensor;

abstract class AdaptiveMaxPoolLayer extends layers.Layer {
  readonly outputSize: AdaptiveOutputSize;
  readonly dataFormat: LayerDataFormat;

  protected constructor(
    private readonly nd: number,
    private readonly op: AdaptiveOp,
    args: AdaptiveMaxPoolLayerArgs,
    extra: readonly unknown[],
  ) {
    checkConfig(layerClassName(new.target), args, ['outputSize', ...DATA_FORMAT_LAYER_KEYWORDS], extra);
    const dataFormat = layerDataFormat(layerClassName(new.target), args.dataFormat);
    super(args);
    this.dataFormat = dataFormat;
    this.outputSize = args.outputSize;
    this.inputSpec = [{ndim: nd + 2}];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.op(oneTensor(inputs, this.name), this.outputSize, opDataFormat<never>(this.dataFormat, this.nd));
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    const sizes = this.outputSize;
    const out = spatialSizes(shape, this.dataFormat).map((size, d) => {
      const o = Array.isArray(sizes) ? sizes[d] : sizes;
      return o === null || o === undefined ? size : o;
    });
    return withSpatialSizes(shape, out, this.dataFormat);
  }

  getConfig(): serialization.ConfigDict {
    return {
      outputSize: this.outputSize as serialization.ConfigDictValue,
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

/** torch.nn.AdaptiveMaxPool1d as a layer: input (N, C, L). */
export class TorchAdaptiveMaxPool1d extends AdaptiveMaxPoolLayer {
  static className = 'TorchAdaptiveMaxPool1d';

  constructor(args: AdaptiveMaxPoolLayerArgs & {outputSize: number | readonly number[]});
  constructor(args: AdaptiveMaxPoolLayerArgs & {outputSize: number | readonly number[]}, ...extra: unknown[]) {
    super(1, (x, o, f) => adaptiveMaxPool1d(x, o as number | readonly number[], f), args, extra);
  }
}

/** torch.nn.AdaptiveMaxPool2d as a layer: input (N, C, H, W). */
export class TorchAdaptiveMaxPool2d extends AdaptiveMaxPoolLayer {
  static className = 'TorchAdaptiveMaxPool2d';

  constructor(args: AdaptiveMaxPoolLayerArgs);
  constructor(args: AdaptiveMaxPoolLayerArgs, ...extra: unknown[]) {
    super(2, (x, o, f) => adaptiveMaxPool2d(x, o, f), args, extra);
  }
}

/** torch.nn.AdaptiveMaxPool3d as a layer: input (N, C, D, H, W). */
export class TorchAdaptiveMaxPool3d extends AdaptiveMaxPoolLayer {
  static className = 'TorchAdaptiveMaxPool3d';

  constructor(args: AdaptiveMaxPoolLayerArgs);
  constructor(args: AdaptiveMaxPoolLayerArgs, ...extra: unknown[]) {
    super(3, (x, o, f) => adaptiveMaxPool3d(x, o, f), args, extra);
  }
}

type LpOp = typeof lpPool2d;

abstract class LpPoolLayer extends layers.Layer {
  readonly normType: number;
  readonly kernelSize: IntOrInts;
  readonly stride: IntOrInts | null;
  readonly ceilMode: boolean;
  readonly dataFormat: LayerDataFormat;

  protected constructor(
    private readonly nd: number,
    private readonly op: LpOp,
    args: LpPoolLayerArgs,
    extra: readonly unknown[],
  ) {
    checkConfig(
      layerClassName(new.target),
      args,
      ['normType', 'kernelSize', 'stride', 'ceilMode', ...DATA_FORMAT_LAYER_KEYWORDS],
      extra,
    );
    const dataFormat = layerDataFormat(layerClassName(new.target), args.dataFormat);
    super(args);
    this.dataFormat = dataFormat;
    this.normType = args.normType;
    this.kernelSize = args.kernelSize;
    this.stride = args.stride ?? null;
    this.ceilMode = args.ceilMode ?? false;
    this.inputSpec = [{ndim: nd + 2}];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.op(oneTensor(inputs, this.name), this.normType, this.kernelSize, {
      stride: this.stride,
      ceilMode: this.ceilMode,
      ...opDataFormat<never>(this.dataFormat, this.nd),
    });
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    const kernel = perAxis(this.kernelSize, this.nd, []);
    const stride = perAxis(this.stride, this.nd, kernel);
    const spatial = spatialSizes(shape, this.dataFormat).map((size, d) =>
      size === null ? null : maxPoolOutputSize(size, kernel[d], 0, stride[d], 1, this.ceilMode),
    );
    return withSpatialSizes(shape, spatial, this.dataFormat);
  }

  getConfig(): serialization.ConfigDict {
    return {
      // JSON has no Infinity: ±inf norms are saved as the strings 'inf' / '-inf' and read back by the constructor
      normType: Number.isFinite(this.normType) ? this.normType : String(this.normType).replace('Infinity', 'inf'),
      kernelSize: this.kernelSize as serialization.ConfigDictValue,
      stride: this.stride as serialization.ConfigDictValue,
      ceilMode: this.ceilMode,
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

function lpArgs(args: LpPoolLayerArgs): LpPoolLayerArgs {
  const n = args.normType as unknown;
  return n === 'inf' || n === '-inf' ? {...args, normType: n === 'inf' ? Infinity : -Infinity} : args;
}

/** torch.nn.LPPool1d as a layer: input (N, C, L). */
export class TorchLPPool1d extends LpPoolLayer {
  static className = 'TorchLPPool1d';

  constructor(args: LpPoolLayerArgs);
  constructor(args: LpPoolLayerArgs, ...extra: unknown[]) {
    super(1, lpPool1d, lpArgs(args), extra);
  }
}

/** torch.nn.LPPool2d as a layer: input (N, C, H, W). */
export class TorchLPPool2d extends LpPoolLayer {
  static className = 'TorchLPPool2d';

  constructor(args: LpPoolLayerArgs);
  constructor(args: LpPoolLayerArgs, ...extra: unknown[]) {
    super(2, lpPool2d, lpArgs(args), extra);
  }
}

/** torch.nn.LPPool3d as a layer: input (N, C, D, H, W). */
export class TorchLPPool3d extends LpPoolLayer {
  static className = 'TorchLPPool3d';

  constructor(args: LpPoolLayerArgs);
  constructor(args: LpPoolLayerArgs, ...extra: unknown[]) {
    super(3, lpPool3d, lpArgs(args), extra);
  }
}

for (const cls of [
  TorchMaxPool1d,
  TorchMaxPool2d,
  TorchMaxPool3d,
  TorchAdaptiveMaxPool1d,
  TorchAdaptiveMaxPool2d,
  TorchAdaptiveMaxPool3d,
  TorchLPPool1d,
  TorchLPPool2d,
  TorchLPPool3d,
]) {
  serialization.registerClass(cls);
}

export const maxPool1dLayer = layerFactory(TorchMaxPool1d);
export const maxPool2dLayer = layerFactory(TorchMaxPool2d);
export const maxPool3dLayer = layerFactory(TorchMaxPool3d);
export const adaptiveMaxPool1dLayer = layerFactory(TorchAdaptiveMaxPool1d);
export const adaptiveMaxPool2dLayer = layerFactory(TorchAdaptiveMaxPool2d);
export const adaptiveMaxPool3dLayer = layerFactory(TorchAdaptiveMaxPool3d);
export const lpPool1dLayer = layerFactory(TorchLPPool1d);
export const lpPool2dLayer = layerFactory(TorchLPPool2d);
export const lpPool3dLayer = layerFactory(TorchLPPool3d);
