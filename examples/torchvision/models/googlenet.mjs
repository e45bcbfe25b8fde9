// torchvision.models.googlenet(aux_logits=False, init_weights=False) (torchvision/models/googlenet.py), eval mode:
// transform_input is False (it is set only with pretrained weights) and aux1/aux2 are None, so not in state_dict.
import * as tf from '@tensorflow/tfjs-core';
import {nn} from 'tfjs-torch-ops';
import {AdaptiveAvgPool2d, MaxPool2d} from '../pooling.mjs';

const {BatchNorm2d, Conv2d, Linear, Module, Sequential, fuseModules} = nn;
// torch.cat / torch.flatten: read the dims as PyTorch's in both memory formats (nn.functional)
const {cat, flatten} = nn.functional;

// BasicConv2d: conv (no bias), BatchNorm2d(eps=0.001), ReLU.
export class BasicConv2d extends Module {
  constructor(inChannels, outChannels, {kernelSize, ...options}) {
    super();
    // nn.Conv2d(in_channels, out_channels, bias=False, **kwargs): kernel_size is the kit's third argument, so it
    // leaves the options object (an unknown key there is a TypeError)
    this.conv = new Conv2d(inChannels, outChannels, kernelSize, {...options, bias: false});
    this.bn = new BatchNorm2d(outChannels, {eps: 0.001});
  }

  forward(x) {
    return tf.relu(this.bn.forward(this.conv.forward(x)));
  }

  // torchvision's QuantizableBasicConv2d.fuse_model (eval): bn folded into conv (bn becomes Identity)
  fuseModel() {
    fuseModules(this, ['conv', 'bn'], {inplace: true});
  }
}

// Inception: four branches concatenated; torchvision's "5x5" branch uses a 3x3 kernel (kept for weight
// compatibility), and the pool branch is nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True).
export class Inception extends Module {
  constructor(inChannels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj) {
    super();
    this.branch1 = new BasicConv2d(inChannels, ch1x1, {kernelSize: 1});
    this.branch2 = new Sequential(
      new BasicConv2d(inChannels, ch3x3red, {kernelSize: 1}),
      new BasicConv2d(ch3x3red, ch3x3, {kernelSize: 3, padding: 1}),
    );
    this.branch3 = new Sequential(
      new BasicConv2d(inChannels, ch5x5red, {kernelSize: 1}),
      new BasicConv2d(ch5x5red, ch5x5, {kernelSize: 3, padding: 1}),
    );
    this.branch4 = new Sequential(
      new MaxPool2d(3, {stride: 1, padding: 1, ceilMode: true}),
      new BasicConv2d(inChannels, poolProj, {kernelSize: 1}),
    );
  }

  forward(x) {
    return cat(
      [this.branch1, this.branch2, this.branch3, this.branch4].map(b => b.forward(x)),
      1,
    );
  }
}

export class GoogLeNet extends Module {
  constructor(numClasses = 1000) {
    super();
    const add = (name, m) => (this[name] = m);
    add('conv1', new BasicConv2d(3, 64, {kernelSize: 7, stride: 2, padding: 3}));
    add('maxpool1', new MaxPool2d(3, {stride: 2, ceilMode: true})); // nn.MaxPool2d(3, stride=2, ceil_mode=True)
    add('conv2', new BasicConv2d(64, 64, {kernelSize: 1}));
    add('conv3', new BasicConv2d(64, 192, {kernelSize: 3, padding: 1}));
    add('maxpool2', new MaxPool2d(3, {stride: 2, ceilMode: true}));
    add('inception3a', new Inception(192, 64, 96, 128, 16, 32, 32));
    add('inception3b', new Inception(256, 128, 128, 192, 32, 96, 64));
    add('maxpool3', new MaxPool2d(3, {stride: 2, ceilMode: true}));
    add('inception4a', new Inception(480, 192, 96, 208, 16, 48, 64));
    add('inception4b', new Inception(512, 160, 112, 224, 24, 64, 64));
    add('inception4c', new Inception(512, 128, 128, 256, 24, 64, 64));
    add('inception4d', new Inception(512, 112, 144, 288, 32, 64, 64));
    add('inception4e', new Inception(528, 256, 160, 320, 32, 128, 128));
    add('maxpool4', new MaxPool2d(2, {stride: 2, ceilMode: true})); // nn.MaxPool2d(2, stride=2, ceil_mode=True)
    add('inception5a', new Inception(832, 256, 160, 320, 32, 128, 128));
    add('inception5b', new Inception(832, 384, 192, 384, 48, 128, 128));
    add('avgpool', new AdaptiveAvgPool2d([1, 1])); // nn.AdaptiveAvgPool2d((1, 1))
    add('fc', new Linear(1024, numClasses)); // after flatten and nn.Dropout (identity in eval)
  }

  // torchvision's QuantizableGoogLeNet.fuse_model (eval): every BasicConv2d's bn folded into its conv. Returns this.
  fuseModel() {
    for (const m of this.modules()) if (m instanceof BasicConv2d) m.fuseModel();
    return this;
  }

  forward(x) {
    const order = [
      'conv1',
      'maxpool1',
      'conv2',
      'conv3',
      'maxpool2',
      'inception3a',
      'inception3b',
      'maxpool3',
      'inception4a',
      'inception4b',
      'inception4c',
      'inception4d',
      'inception4e',
      'maxpool4',
      'inception5a',
      'inception5b',
      'avgpool',
    ];
    const y = order.reduce((h, name) => this[name].forward(h), x);
    return this.fc.forward(flatten(y, 1)); // torch.flatten(x, 1)
  }
}

export const googlenet = () => new GoogLeNet();
