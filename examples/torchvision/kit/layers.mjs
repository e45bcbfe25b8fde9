// The layers every torchvision port needs, NCHW like PyTorch, on tfjs-core ops only (no tfjs-layers): Conv2d,
// BatchNorm2d (eval), Linear, ReLU, Dropout (eval: identity), Flatten. Pooling is not here: a port takes it from
// tfjs-torch-ops, whose pools are PyTorch's.
import * as tf from '@tensorflow/tfjs-core';
import {Lambda, Module} from './module.mjs';

const pair = v => (Array.isArray(v) ? v : [v, v]);

/**
 * F.conv2d on NCHW input with a filter already in tfjs's [kh, kw, in, out] layout: tfjs's conv2d computes NHWC
 * (its 'NCHW' dataFormat is not implemented by every backend), so the activation is transposed in and out.
 * `padding` is PyTorch's symmetric (ph, pw), which tfjs takes as explicit padding: no 'same' guesswork.
 */
export function conv2dNCHW(x, filter, {stride = 1, padding = 0, dilation = 1} = {}) {
  const [ph, pw] = pair(padding);
  const nhwc = tf.conv2d(tf.transpose(x, [0, 2, 3, 1]), filter, pair(stride),
                         [[0, 0], [ph, ph], [pw, pw], [0, 0]], 'NHWC', pair(dilation));
  return tf.transpose(nhwc, [0, 3, 1, 2]);
}

/** PyTorch's conv weight (out, in, kh, kw) as tfjs's filter (kh, kw, in, out). */
export const torchFilterToTfjs = w => tf.transpose(w, [2, 3, 1, 0]);

/** nn.Conv2d(in, out, kernel_size, stride=1, padding=0, dilation=1, bias=True); groups=1 only. */
export class Conv2d extends Module {
  constructor(inChannels, outChannels, kernelSize, {stride = 1, padding = 0, dilation = 1, bias = true,
                                                    groups = 1} = {}) {
    super();
    if (groups !== 1) throw new Error('Conv2d: groups != 1 is not ported');
    const [kh, kw] = pair(kernelSize);
    this.registerParameter('weight', [outChannels, inChannels, kh, kw], torchFilterToTfjs);
    if (bias) this.registerParameter('bias', [outChannels], b => tf.reshape(b, [1, -1, 1, 1]));
    this.options = {stride, padding, dilation};
    this.hasBias = bias;
  }

  forward(x) {
    const y = conv2dNCHW(x, this.tensor('weight'), this.options);
    return this.hasBias ? tf.add(y, this.tensor('bias')) : y;
  }
}

/**
 * nn.BatchNorm2d(C, eps) in eval mode, folded once: y = x * scale + shift with scale = weight / sqrt(running_var +
 * eps) and shift = bias - running_mean * scale, each (1, C, 1, 1).
 */
export class BatchNorm2d extends Module {
  constructor(numFeatures, {eps = 1e-5} = {}) {
    super();
    this.registerParameter('weight', [numFeatures]);
    this.registerParameter('bias', [numFeatures]);
    this.registerBuffer('running_mean', [numFeatures]);
    this.registerBuffer('running_var', [numFeatures]);
    this.eps = eps;
  }

  prepare() {
    for (const t of Object.values(this.derived ?? {})) t.dispose();
    this.derived = tf.tidy(() => {
      const scale = tf.div(this.tensor('weight'), tf.sqrt(tf.add(this.tensor('running_var'), this.eps)));
      const shift = tf.sub(this.tensor('bias'), tf.mul(this.tensor('running_mean'), scale));
      return {scale: tf.reshape(scale, [1, -1, 1, 1]), shift: tf.reshape(shift, [1, -1, 1, 1])};
    });
  }

  forward(x) {
    return tf.add(tf.mul(x, this.derived.scale), this.derived.shift);
  }
}

/** nn.Linear(in, out): y = x W^T + b. */
export class Linear extends Module {
  constructor(inFeatures, outFeatures, {bias = true} = {}) {
    super();
    this.registerParameter('weight', [outFeatures, inFeatures]);
    if (bias) this.registerParameter('bias', [outFeatures]);
    this.hasBias = bias;
  }

  forward(x) {
    const y = tf.matMul(x, this.tensor('weight'), false, true);
    return this.hasBias ? tf.add(y, this.tensor('bias')) : y;
  }
}

/** nn.ReLU(). */
export const ReLU = () => new Lambda(x => tf.relu(x), 'ReLU');

/** nn.Dropout(p) in eval mode: the identity. */
export const Dropout = () => new Lambda(x => x, 'Dropout');

/** torch.flatten(x, 1). */
export const flatten = x => tf.reshape(x, [x.shape[0], -1]);
