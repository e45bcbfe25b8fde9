// torchvision.models.densenet121() (torchvision/models/densenet.py), eval mode (drop_rate 0).
import * as tf from '@tensorflow/tfjs-core';
import {nn} from 'tfjs-torch-ops';
import {adaptiveAvgPool2d, AvgPool2d, MaxPool2d} from '../pooling.mjs';

const {BatchNorm2d, Conv2d, Linear, Module, ReLU, Sequential, fuseModules} = nn;
// torch.cat / torch.flatten: read the dims as PyTorch's in both memory formats (nn.functional)
const {cat, flatten} = nn.functional;

// _DenseLayer: BN, ReLU, conv1x1 (bn_size * growth) on the concatenated features, BN, ReLU, conv3x3 (growth).
export class DenseLayer extends Module {
  constructor(numInputFeatures, growthRate, bnSize) {
    super();
    this.norm1 = new BatchNorm2d(numInputFeatures);
    this.conv1 = new Conv2d(numInputFeatures, bnSize * growthRate, 1, {bias: false});
    this.norm2 = new BatchNorm2d(bnSize * growthRate);
    this.conv2 = new Conv2d(bnSize * growthRate, growthRate, 3, {padding: 1, bias: false});
  }

  forward(features) {
    const bottleneck = this.conv1.forward(tf.relu(this.norm1.forward(cat(features, 1))));
    return this.conv2.forward(tf.relu(this.norm2.forward(bottleneck)));
  }
}

// _DenseBlock: each layer sees the concatenation of the block's input and every earlier layer's output.
export class DenseBlock extends Module {
  constructor(numLayers, numInputFeatures, bnSize, growthRate) {
    super();
    for (let i = 0; i < numLayers; i++) {
      this.addModule(`denselayer${i + 1}`, new DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize));
    }
  }

  forward(x) {
    const features = [x];
    for (const layer of this.children()) features.push(layer.forward(features));
    return cat(features, 1);
  }
}

// _Transition (an nn.Sequential): norm, relu, conv1x1, pool = nn.AvgPool2d(kernel_size=2, stride=2).
export class Transition extends Module {
  constructor(numInputFeatures, numOutputFeatures) {
    super();
    this.norm = new BatchNorm2d(numInputFeatures);
    this.conv = new Conv2d(numInputFeatures, numOutputFeatures, 1, {bias: false});
    this.pool = new AvgPool2d(2, {stride: 2});
  }

  forward(x) {
    return this.pool.forward(this.conv.forward(tf.relu(this.norm.forward(x))));
  }
}

export class DenseNet extends Module {
  constructor({
    growthRate = 32,
    blockConfig = [6, 12, 24, 16],
    numInitFeatures = 64,
    bnSize = 4,
    numClasses = 1000,
  } = {}) {
    super();
    const features = [
      ['conv0', new Conv2d(3, numInitFeatures, 7, {stride: 2, padding: 3, bias: false})],
      ['norm0', new BatchNorm2d(numInitFeatures)],
      ['relu0', new ReLU()],
      ['pool0', new MaxPool2d(3, {stride: 2, padding: 1})], // nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    ];
    let numFeatures = numInitFeatures;
    blockConfig.forEach((numLayers, i) => {
      features.push([`denseblock${i + 1}`, new DenseBlock(numLayers, numFeatures, bnSize, growthRate)]);
      numFeatures += numLayers * growthRate;
      if (i !== blockConfig.length - 1) {
        features.push([`transition${i + 1}`, new Transition(numFeatures, Math.floor(numFeatures / 2))]);
        numFeatures = Math.floor(numFeatures / 2);
      }
    });
    features.push(['norm5', new BatchNorm2d(numFeatures)]);
    // nn.Sequential(OrderedDict(...)): named children applied in order.
    this.features = new Sequential();
    for (const [name, module] of features) this.features.addModule(name, module);
    this.classifier = new Linear(numFeatures, numClasses);
  }

  // the stem's (conv0, norm0, relu0) as one ConvReLU2d (eval): the only conv followed by its BatchNorm, the dense
  // layers and transitions being BN, ReLU, conv (pre-activation, nothing to fold). Returns this.
  fuseModel() {
    fuseModules(this.features, ['conv0', 'norm0', 'relu0'], {inplace: true});
    return this;
  }

  forward(x) {
    const out = tf.relu(this.features.forward(x));
    return this.classifier.forward(flatten(adaptiveAvgPool2d(out, [1, 1]), 1)); // F.adaptive_avg_pool2d(out, (1, 1))
  }
}

export const densenet121 = () => new DenseNet();
