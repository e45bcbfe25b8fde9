/**
 * `tfjs-torch-ops/layers`: tf.layers custom layers for the ops (NCHW), serializable. A separate entry point because
 * it needs @tensorflow/tfjs-layers (an optional peer dependency) at run time; the main entry never loads it.
 *
 *   import * as tf from '@tensorflow/tfjs';
 *   import * as ttl from 'tfjs-torch-ops/layers';
 *   const model = tf.sequential({layers: [
 *     ttl.avgPool2dLayer({inputShape: [3, 32, 32], kernelSize: 2, ceilMode: true, countIncludePad: false}),
 *     ttl.adaptiveAvgPool2dLayer({outputSize: 1}),
 *     tf.layers.flatten()]});
 *
 * @module tfjs-torch-ops/layers
 */
export type {AdaptiveAvgPoolLayerArgs, AvgPool1dLayerArgs, AvgPoolLayerArgs, LayerArgs} from './pool_layers';
export {
  TorchAdaptiveAvgPool1d,
  TorchAdaptiveAvgPool2d,
  TorchAdaptiveAvgPool3d,
  TorchAvgPool1d,
  TorchAvgPool2d,
  TorchAvgPool3d,
  adaptiveAvgPool1dLayer,
  adaptiveAvgPool2dLayer,
  adaptiveAvgPool3dLayer,
  avgPool1dLayer,
  avgPool2dLayer,
  avgPool3dLayer,
} from './pool_layers';
export type {AdaptiveMaxPoolLayerArgs, LpPoolLayerArgs, MaxPoolLayerArgs} from './max_layers';
export type {DataFormatLayerArgs, LayerDataFormat} from './data_format';
export {
  TorchAdaptiveMaxPool1d,
  TorchAdaptiveMaxPool2d,
  TorchAdaptiveMaxPool3d,
  TorchLPPool1d,
  TorchLPPool2d,
  TorchLPPool3d,
  TorchMaxPool1d,
  TorchMaxPool2d,
  TorchMaxPool3d,
  adaptiveMaxPool1dLayer,
  adaptiveMaxPool2dLayer,
  adaptiveMaxPool3dLayer,
  lpPool1dLayer,
  lpPool2dLayer,
  lpPool3dLayer,
  maxPool1dLayer,
  maxPool2dLayer,
  maxPool3dLayer,
} from './max_layers';
