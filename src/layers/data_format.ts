/**
 * The layers' `dataFormat`, in tf.layers' own words (`'channelsFirst' | 'channelsLast'`, as tf.layers.conv2d takes
 * it): channels-first (PyTorch's NCHW, the default, and what a config saved before the option existed means) or
 * channels-last (tfjs's NHWC), handed to the op as its `dataFormat` (docs/layouts.md).
 */
import type {Shape} from '@tensorflow/tfjs-layers';
import {DATA_FORMATS} from '../ops/data_format';
import {TorchError} from '../ops/torch_errors';

/** tf.layers' name for where the channel axis lies. */
export type LayerDataFormat = 'channelsFirst' | 'channelsLast';

/** The option every pooling layer takes besides its PyTorch arguments. */
export interface DataFormatLayerArgs {
  /**
   * `'channelsFirst'`: `(N, C, …spatial)` as PyTorch; `'channelsLast'`: `(N, …spatial, C)` as tf.layers' own
   * layers (tfjs's default). The output is in the same order.
   * @defaultValue 'channelsFirst' (also for a config saved without the key)
   */
  dataFormat?: LayerDataFormat;
}

export const DATA_FORMAT_LAYER_KEYWORDS = ['dataFormat'] as const;

/** The config's dataFormat: absent is channels-first; anything but the two names is a ValueError. */
export function layerDataFormat(className: string, value: unknown): LayerDataFormat {
  if (value === undefined || value === null || value === 'channelsFirst') return 'channelsFirst';
  if (value === 'channelsLast') return 'channelsLast';
  const got = typeof value === 'string' ? `'${value}'` : typeof value;
  throw new TorchError(
    'ValueError',
    `${className}.__init__(): dataFormat must be 'channelsFirst' or 'channelsLast', but got ${got}`,
  );
}

/** The op's option for the layer's format: none for channels-first, as before the option existed. */
export function opDataFormat<F extends string>(format: LayerDataFormat, nd: number): {dataFormat?: F} {
  return format === 'channelsLast' ? {dataFormat: DATA_FORMATS[nd][1] as F} : {};
}

/** The spatial sizes of a layer's input shape (batch first) in `format`. */
export function spatialSizes(shape: Shape, format: LayerDataFormat): Shape {
  return format === 'channelsLast' ? shape.slice(1, -1) : shape.slice(2);
}

/** `shape` with its spatial sizes replaced by `spatial`, in `format`. */
export function withSpatialSizes(shape: Shape, spatial: Shape, format: LayerDataFormat): Shape {
  return format === 'channelsLast'
    ? [shape[0], ...spatial, shape[shape.length - 1]]
    : [...shape.slice(0, 2), ...spatial];
}
