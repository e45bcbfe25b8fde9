/**
 * What every layer of this entry shares: the config check (PyTorch's `__init__` TypeErrors for an unknown key or a
 * stray argument), the single input, the single input shape, and PyTorch's int-list broadcast for
 * computeOutputShape. One copy, read by pool_layers.ts and max_layers.ts.
 */
import type {Tensor} from '@tensorflow/tfjs-core';
import type {Shape} from '@tensorflow/tfjs-layers';
import type {IntOrInts} from '../ops/int_args';
import {rejectExtraArguments, rejectUnknownKeywords} from '../ops/keyword_args';

/**
 * tf.layers' own LayerArgs keys, which every layer config may carry besides the layer's arguments, and
 * `customObjects`, which tf.layers' deserializer adds to the config of every layer it loads.
 */
export const LAYER_ARGS_KEYWORDS = [
  'inputShape',
  'batchInputShape',
  'batchSize',
  'dtype',
  'name',
  'trainable',
  'weights',
  'inputDType',
  'customObjects',
] as const;

/**
 * A config key that is neither the layer's argument nor LayerArgs' is PyTorch's `__init__` TypeError, named after
 * the layer's class (`TorchMaxPool2d.__init__() got an unexpected keyword argument 'ceilmode'`); so is an argument
 * after the config (`extra`): a layer takes one, `self` aside.
 */
export function checkConfig(
  className: string,
  args: object,
  own: readonly string[],
  extra: readonly unknown[] = [],
): void {
  rejectUnknownKeywords(`${className}.__init__`, args, [...own, ...LAYER_ARGS_KEYWORDS]);
  rejectExtraArguments(`${className}.__init__`, extra, 2, 2);
}

/** The class name a layer constructor checks its config under: the concrete class's (`new.target`). */
export function layerClassName(target: unknown): string {
  return (target as {className: string}).className;
}

export function oneTensor(inputs: Tensor | Tensor[], name: string): Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) throw new Error(`${name} expects one input tensor, but got ${inputs.length}`);
  return inputs[0];
}

export function oneShape(inputShape: Shape | Shape[]): Shape {
  return Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : (inputShape as Shape);
}

/** PyTorch's int-list broadcast: an int, or a 1-list, for every axis; an empty list means `fallback`. */
export function perAxis(value: IntOrInts | null | undefined, nd: number, fallback: number[]): number[] {
  if (value === null || value === undefined) return fallback;
  const list = typeof value === 'number' ? [value] : [...value];
  if (list.length === 0) return fallback;
  return list.length === 1 ? new Array<number>(nd).fill(list[0]) : list;
}

/**
 * tf.layers' factory style, `ttl.maxPool2dLayer({kernelSize: 2})` for `new TorchMaxPool2d({kernelSize: 2})`, passing
 * any stray argument on for the constructor to reject.
 */
export function layerFactory<A, L>(cls: new (args: A) => L): (args: A) => L {
  const construct = cls as unknown as new (args: A, ...extra: unknown[]) => L;
  return (args: A, ...extra: unknown[]) => new construct(args, ...extra);
}
