// torchvision.models.resnet18() (torchvision/models/resnet.py), eval mode, one class per torchvision block.
import * as tf from '@tensorflow/tfjs-core';
import {nn} from 'tfjs-torch-ops';
import {AdaptiveAvgPool2d, MaxPool2d} from '../pooling.mjs';

const {BatchNorm2d, Conv2d, Linear, Module, Sequential, fuseModules} = nn;
// torch.cat / torch.flatten: read the dims as PyTorch's in both memory formats (nn.functional)
const {flatten} = nn.functional;

const conv3x3 = (inPlanes, outPlanes, stride = 1) =>
  new Conv2d(inPlanes, outPlanes, 3, {stride, padding: 1, bias: false});
const conv1x1 = (inPlanes, outPlanes, stride = 1) => new Conv2d(inPlanes, outPlanes, 1, {stride, bias: false});

// BasicBlock: conv3x3, bn, relu, conv3x3, bn, + identity (or downsample(x)), relu.
export class BasicBlock extends Module {
  constructor(inPlanes, planes, stride = 1, downsample = null) {
    super();
    this.conv1 = conv3x3(inPlanes, planes, stride);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new BatchNorm2d(planes);
    this.downsample = downsample; // a Module registers; null stays a plain attribute, as None does
  }

  forward(x) {
    let out = tf.relu(this.bn1.forward(this.conv1.forward(x)));
    out = this.bn2.forward(this.conv2.forward(out));
    const identity = this.downsample ? this.downsample.forward(x) : x;
    return tf.relu(tf.add(out, identity));
  }

  // torchvision's QuantizableBasicBlock.fuse_model (eval), without its ReLU modules (this port applies tf.relu, as
  // torchvision's float BasicBlock reuses one self.relu after bn1 and after the add): bn1 into conv1, bn2 into
  // conv2, and the downsample's BatchNorm into its conv
  fuseModel() {
    fuseModules(
      this,
      [
        ['conv1', 'bn1'],
        ['conv2', 'bn2'],
      ],
      {inplace: true},
    );
    if (this.downsample) fuseModules(this.downsample, ['0', '1'], {inplace: true});
  }
}

export class ResNet extends Module {
  constructor(layers = [2, 2, 2, 2], numClasses = 1000) {
    super();
    this.inplanes = 64;
    this.conv1 = new Conv2d(3, 64, 7, {stride: 2, padding: 3, bias: false});
    this.bn1 = new BatchNorm2d(64);
    this.maxpool = new MaxPool2d(3, {stride: 2, padding: 1}); // nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    this.layer1 = this.makeLayer(64, layers[0]);
    this.layer2 = this.makeLayer(128, layers[1], 2);
    this.layer3 = this.makeLayer(256, layers[2], 2);
    this.layer4 = this.makeLayer(512, layers[3], 2);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]); // nn.AdaptiveAvgPool2d((1, 1))
    this.fc = new Linear(512, numClasses);
  }

  // torchvision's QuantizableResNet.fuse_model (eval): the stem's bn1 into conv1, then every block's. Returns this.
  fuseModel() {
    fuseModules(this, ['conv1', 'bn1'], {inplace: true});
    for (const m of this.modules()) if (m instanceof BasicBlock) m.fuseModel();
    return this;
  }

  makeLayer(planes, blocks, stride = 1) {
    let downsample = null;
    if (stride !== 1 || this.inplanes !== planes) {
      downsample = new Sequential(conv1x1(this.inplanes, planes, stride), new BatchNorm2d(planes));
    }
    const layers = [new BasicBlock(this.inplanes, planes, stride, downsample)];
    this.inplanes = planes;
    for (let i = 1; i < blocks; i++) layers.push(new BasicBlock(this.inplanes, planes));
    return new Sequential(...layers);
  }

  forward(x) {
    let y = tf.relu(this.bn1.forward(this.conv1.forward(x)));
    y = this.maxpool.forward(y);
    y = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(y))));
    return this.fc.forward(flatten(this.avgpool.forward(y), 1)); // torch.flatten(x, 1)
  }
}

export const resnet18 = () => new ResNet([2, 2, 2, 2]);
