// Every pooling call of the torchvision ports goes through this file, written the way PyTorch writes it:
//
//   maxPool2d(x, 3, {stride: 2, padding: 1})        F.max_pool2d(x, 3, stride=2, padding=1)
//   new MaxPool2d(3, {stride: 2, ceilMode: true})   nn.MaxPool2d(3, stride=2, ceil_mode=True)
//   avgPool2d(x, 3, {stride: 1, padding: 1})        F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
//   new AdaptiveAvgPool2d([1, 1])                   nn.AdaptiveAvgPool2d((1, 1))
//
// 'torch' (the default) is tfjs-torch-ops: PyTorch's windows, padding and divisors, NCHW. 'tfjs-builtin' is what a
// port without this package would write (contrast.mjs): transpose to NHWC and call tf.maxPool / tf.avgPool with
// 'same' where PyTorch pads or rounds up and 'valid' elsewhere, tf.mean for the global average.
import * as tf from '@tensorflow/tfjs-core';
import * as tt from 'tfjs-torch-ops';

const {Module} = tt.nn;

const pair = v => (Array.isArray(v) ? v : [v, v]);

// the kit's functional pools: the package's ops, which also read a channels-last model's NHWC tensors
const F = tt.nn.functional;
const torchPooling = {
  maxPool2d: (x, k, o) => F.maxPool2d(x, k, o),
  avgPool2d: (x, k, o) => F.avgPool2d(x, k, o),
  adaptiveAvgPool2d: (x, size) => F.adaptiveAvgPool2d(x, size),
};

// What a port would write with tfjs's own pools: NHWC, 'same' when PyTorch pads or uses ceil_mode, else 'valid'.
const viaNHWC = (x, f) => tf.tidy(() => tf.transpose(f(tf.transpose(x, [0, 2, 3, 1])), [0, 3, 1, 2]));
const tfjsPadding = ({padding = 0, ceilMode = false}) =>
  pair(padding).some(p => p > 0) || ceilMode ? 'same' : 'valid';
const tfjsBuiltinPooling = {
  maxPool2d: (x, k, o = {}) => viaNHWC(x, t => tf.maxPool(t, pair(k), pair(o.stride ?? k), tfjsPadding(o))),
  avgPool2d: (x, k, o = {}) => viaNHWC(x, t => tf.avgPool(t, pair(k), pair(o.stride ?? k), tfjsPadding(o))),
  adaptiveAvgPool2d: (x, size) => {
    if (pair(size).some(s => s !== 1)) throw new Error('tfjs-builtin: only the global average is written as tf.mean');
    return tf.mean(x, [2, 3], true);
  },
};

export const POOLINGS = {torch: torchPooling, 'tfjs-builtin': tfjsBuiltinPooling};
let current = torchPooling;

/** Runs fn() with the pools of `name` ('torch' or 'tfjs-builtin'), for contrast.mjs; forward passes are synchronous. */
export function withPooling(name, fn) {
  if (!(name in POOLINGS)) throw new Error(`unknown pooling '${name}'`);
  const saved = current;
  current = POOLINGS[name];
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** F.max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) */
export const maxPool2d = (x, kernelSize, options = {}) => current.maxPool2d(x, kernelSize, options);
/** F.avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) */
export const avgPool2d = (x, kernelSize, options = {}) => current.avgPool2d(x, kernelSize, options);
/** F.adaptive_avg_pool2d(x, output_size) */
export const adaptiveAvgPool2d = (x, outputSize) => current.adaptiveAvgPool2d(x, outputSize);

/** nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) */
export class MaxPool2d extends Module {
  constructor(kernelSize, options = {}) {
    super();
    this.kernelSize = kernelSize;
    this.options = options;
  }

  forward(x) {
    return maxPool2d(x, this.kernelSize, this.options);
  }
}

/** nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) */
export class AvgPool2d extends Module {
  constructor(kernelSize, options = {}) {
    super();
    this.kernelSize = kernelSize;
    this.options = options;
  }

  forward(x) {
    return avgPool2d(x, this.kernelSize, this.options);
  }
}

/** nn.AdaptiveAvgPool2d(output_size) */
export class AdaptiveAvgPool2d extends Module {
  constructor(outputSize) {
    super();
    this.outputSize = outputSize;
  }

  forward(x) {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
