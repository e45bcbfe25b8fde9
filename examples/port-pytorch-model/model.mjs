// TinyPortNet (export_model.py) ported to TensorFlow.js, module by module, next to the PyTorch code it mirrors.
// Activations stay NCHW, as in PyTorch. Pooling is tfjs-torch-ops; convolutions, BatchNorm and Linear are tfjs's
// own ops (tf.conv2d is NHWC, so each convolution transposes in and out). Shared by run.mjs (Node) and demo.mjs
// (browser): it only needs the manifest (model.json) and the bytes of model.bin.
import * as tf from '@tensorflow/tfjs-core';
import {avgPool2d, nn} from 'tfjs-torch-ops';

/** model.json + model.bin -> {weights: Map(name -> tf.Tensor), input, logits (Float32Array), manifest}. */
export function loadArtifacts(manifest, bin) {
  const buffer = bin instanceof ArrayBuffer ? bin : bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const read = ({shape, offset}) =>
    new Float32Array(
      buffer,
      offset,
      shape.reduce((a, b) => a * b, 1),
    );
  const weights = new Map(manifest.weights.map(t => [t.name, tf.tensor(read(t), t.shape, 'float32')]));
  return {
    manifest,
    weights,
    input: tf.tensor(read(manifest.input), manifest.input.shape, 'float32'),
    logits: read(manifest.logits),
  };
}

/** Every ported module reads its own entries of PyTorch's state_dict, by the same names. */
class Module {
  constructor(weights, prefix) {
    this.weights = weights;
    this.prefix = prefix;
  }

  param(name) {
    const t = this.weights.get(this.prefix + name);
    if (t === undefined) throw new Error(`no weight ${this.prefix + name} in model.bin`);
    return t;
  }
}

// nn.Conv2d(in, out, kernel_size, stride, padding, bias): weight (out, in, kh, kw) becomes tfjs's (kh, kw, in, out).
class Conv2d extends Module {
  constructor(weights, prefix, {stride = 1, padding = 0, bias = false} = {}) {
    super(weights, prefix);
    this.filter = tf.transpose(this.param('weight'), [2, 3, 1, 0]);
    this.bias = bias ? tf.reshape(this.param('bias'), [1, -1, 1, 1]) : null;
    this.stride = stride;
    this.pad = [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ];
  }

  forward(x) {
    const nhwc = tf.conv2d(tf.transpose(x, [0, 2, 3, 1]), this.filter, this.stride, this.pad);
    const y = tf.transpose(nhwc, [0, 3, 1, 2]);
    return this.bias ? tf.add(y, this.bias) : y;
  }
}

// nn.BatchNorm2d(C, eps) in eval mode: y = x * weight / sqrt(running_var + eps) + (bias - running_mean * that).
class BatchNorm2d extends Module {
  constructor(weights, prefix, eps = 1e-5) {
    super(weights, prefix);
    const scale = tf.div(this.param('weight'), tf.sqrt(tf.add(this.param('running_var'), eps)));
    const shift = tf.sub(this.param('bias'), tf.mul(this.param('running_mean'), scale));
    this.scale = tf.reshape(scale, [1, -1, 1, 1]);
    this.shift = tf.reshape(shift, [1, -1, 1, 1]);
  }

  forward(x) {
    return tf.add(tf.mul(x, this.scale), this.shift);
  }
}

// torchvision.models.inception.BasicConv2d: conv (no bias), BatchNorm2d(eps=0.001), ReLU.
class BasicConv2d extends Module {
  constructor(weights, prefix, options) {
    super(weights, prefix);
    this.conv = new Conv2d(weights, prefix + 'conv.', options);
    this.bn = new BatchNorm2d(weights, prefix + 'bn.', 0.001);
  }

  forward(x) {
    return tf.relu(this.bn.forward(this.conv.forward(x)));
  }
}

// torchvision's InceptionA._forward, narrowed in export_model.py. Its pool branch is the functional call
//   branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)      # count_include_pad=True
class MiniInceptionA extends Module {
  constructor(weights, prefix) {
    super(weights, prefix);
    const conv = (name, options) => new BasicConv2d(weights, `${prefix}${name}.`, options);
    this.branch1x1 = conv('branch1x1');
    this.branch5x5_1 = conv('branch5x5_1');
    this.branch5x5_2 = conv('branch5x5_2', {padding: 2});
    this.branch3x3dbl_1 = conv('branch3x3dbl_1');
    this.branch3x3dbl_2 = conv('branch3x3dbl_2', {padding: 1});
    this.branch3x3dbl_3 = conv('branch3x3dbl_3', {padding: 1});
    this.branch_pool = conv('branch_pool');
  }

  forward(x) {
    const branch1x1 = this.branch1x1.forward(x);
    const branch5x5 = this.branch5x5_2.forward(this.branch5x5_1.forward(x));
    const branch3x3dbl = this.branch3x3dbl_3.forward(this.branch3x3dbl_2.forward(this.branch3x3dbl_1.forward(x)));
    const branchPool = this.branch_pool.forward(avgPool2d(x, 3, {stride: 1, padding: 1}));
    return tf.concat([branch1x1, branch5x5, branch3x3dbl, branchPool], 1); // torch.cat(outputs, 1)
  }
}

// torchvision's BasicBlock(36, 32, stride=2) with a ResNet-D downsample:
//   nn.Sequential(nn.AvgPool2d(2, stride=2, ceil_mode=True, count_include_pad=False), conv1x1, nn.BatchNorm2d)
class BasicBlock extends Module {
  constructor(weights, prefix) {
    super(weights, prefix);
    this.conv1 = new Conv2d(weights, prefix + 'conv1.', {stride: 2, padding: 1});
    this.bn1 = new BatchNorm2d(weights, prefix + 'bn1.');
    this.conv2 = new Conv2d(weights, prefix + 'conv2.', {padding: 1});
    this.bn2 = new BatchNorm2d(weights, prefix + 'bn2.');
    this.downsample = [
      new nn.AvgPool2d(2, {stride: 2, ceilMode: true, countIncludePad: false}),
      new Conv2d(weights, prefix + 'downsample.1.'),
      new BatchNorm2d(weights, prefix + 'downsample.2.'),
    ];
  }

  forward(x) {
    let out = tf.relu(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    const identity = this.downsample.reduce((h, m) => m.forward(h), x);
    return tf.relu(tf.add(out, identity));
  }
}

// torchvision's DenseNet _DenseLayer: BN, ReLU, conv1x1, BN, ReLU, conv3x3 on the concatenated features.
class DenseLayer extends Module {
  constructor(weights, prefix) {
    super(weights, prefix);
    this.norm1 = new BatchNorm2d(weights, prefix + 'norm1.');
    this.conv1 = new Conv2d(weights, prefix + 'conv1.');
    this.norm2 = new BatchNorm2d(weights, prefix + 'norm2.');
    this.conv2 = new Conv2d(weights, prefix + 'conv2.', {padding: 1});
  }

  forward(features) {
    const bottleneck = this.conv1.forward(tf.relu(this.norm1.forward(tf.concat(features, 1))));
    return this.conv2.forward(tf.relu(this.norm2.forward(bottleneck)));
  }
}

// torchvision's _DenseBlock(num_layers=2): each layer sees every earlier feature map.
class DenseBlock extends Module {
  constructor(weights, prefix, numLayers) {
    super(weights, prefix);
    this.layers = Array.from({length: numLayers}, (_, i) => new DenseLayer(weights, `${prefix}denselayer${i + 1}.`));
  }

  forward(x) {
    const features = [x];
    for (const layer of this.layers) features.push(layer.forward(features));
    return tf.concat(features, 1);
  }
}

// torchvision's _Transition: BN, ReLU, conv1x1, nn.AvgPool2d(kernel_size=2, stride=2).
class Transition extends Module {
  constructor(weights, prefix) {
    super(weights, prefix);
    this.norm = new BatchNorm2d(weights, prefix + 'norm.');
    this.conv = new Conv2d(weights, prefix + 'conv.');
    this.pool = new nn.AvgPool2d(2, 2);
  }

  forward(x) {
    return this.pool.forward(this.conv.forward(tf.relu(this.norm.forward(x))));
  }
}

// nn.Linear(in, out): y = x W^T + b.
class Linear extends Module {
  constructor(weights, prefix) {
    super(weights, prefix);
    this.weight = this.param('weight');
    this.bias = this.param('bias');
  }

  forward(x) {
    return tf.add(tf.matMul(x, this.weight, false, true), this.bias);
  }
}

export class TinyPortNet extends Module {
  constructor(weights) {
    super(weights, '');
    this.stem = [new BasicConv2d(weights, 'stem.0.', {stride: 2}), new BasicConv2d(weights, 'stem.1.')];
    this.mixed = new MiniInceptionA(weights, 'mixed.');
    this.layer = new BasicBlock(weights, 'layer.');
    this.dense = new DenseBlock(weights, 'dense.', 2);
    this.transition = new Transition(weights, 'transition.');
    this.norm = new BatchNorm2d(weights, 'norm.');
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.fc = new Linear(weights, 'fc.');
  }

  /** x: (N, 3, 32, 32) NCHW -> logits (N, 10). Intermediate tensors are disposed. */
  forward(x) {
    return tf.tidy(() => {
      let h = this.stem.reduce((t, m) => m.forward(t), x);
      h = this.mixed.forward(h);
      h = this.layer.forward(h);
      h = this.dense.forward(h);
      h = this.transition.forward(h);
      h = tf.relu(this.norm.forward(h));
      h = this.avgpool.forward(h);
      h = tf.reshape(h, [h.shape[0], -1]); // torch.flatten(x, 1)
      return this.fc.forward(h);
    });
  }
}

/** max |a - b| over two equal-length arrays. */
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export const TOLERANCE = 1e-4;

/**
 * Builds the model on the current backend, runs it once (the result is checked) and then `runs` more times for
 * timing, then disposes everything it made. Call it after tf.setBackend.
 */
export async function runPort(manifest, bin, {runs = 10} = {}) {
  tf.engine().startScope(); // weights and model: disposed at the end
  try {
    return await timedRuns(manifest, bin, runs);
  } finally {
    tf.engine().endScope();
  }
}

async function timedRuns(manifest, bin, runs) {
  const {weights, input, logits: expected} = loadArtifacts(manifest, bin);
  const t0 = performance.now();
  const model = new TinyPortNet(weights);
  const y = model.forward(input);
  const logits = await y.data();
  const firstMs = performance.now() - t0;
  y.dispose();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = model.forward(input);
    await r.data();
    times.push(performance.now() - t);
    r.dispose();
  }
  times.sort((a, b) => a - b);
  return {
    backend: tf.getBackend(),
    shape: [input.shape[0], expected.length / input.shape[0]],
    logits: Array.from(logits),
    pytorch: Array.from(expected),
    maxAbsDiff: maxAbsDiff(logits, expected),
    firstMs,
    medianMs: times.length ? times[Math.floor(times.length / 2)] : NaN,
    runs,
  };
}
