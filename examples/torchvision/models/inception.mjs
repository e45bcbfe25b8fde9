// torchvision.models.inception_v3(aux_logits=False, init_weights=False) (torchvision/models/inception.py), eval
// mode: transform_input is False (set only with pretrained weights), AuxLogits is None (not in state_dict).
import {nn} from 'tfjs-torch-ops';
import {AdaptiveAvgPool2d, avgPool2d, MaxPool2d, maxPool2d} from '../pooling.mjs';
// inception.BasicConv2d is the same as googlenet's: conv (no bias), BatchNorm2d(eps=0.001), ReLU.
import {BasicConv2d} from './googlenet.mjs';

const {Linear, Module} = nn;
// torch.cat / torch.flatten: read the dims as PyTorch's in both memory formats (nn.functional)
const {cat, flatten} = nn.functional;

/** Declares BasicConv2d children in PyTorch's registration order: [name, in, out, kernelSize, options]. */
class Block extends Module {
  convs(specs) {
    for (const [name, inC, outC, kernelSize, options = {}] of specs) {
      this[name] = new BasicConv2d(inC, outC, {kernelSize, ...options});
    }
  }

  chain(x, ...names) {
    return names.reduce((h, name) => this[name].forward(h), x);
  }
}

export class InceptionA extends Block {
  constructor(inChannels, poolFeatures) {
    super();
    this.convs([
      ['branch1x1', inChannels, 64, 1],
      ['branch5x5_1', inChannels, 48, 1],
      ['branch5x5_2', 48, 64, 5, {padding: 2}],
      ['branch3x3dbl_1', inChannels, 64, 1],
      ['branch3x3dbl_2', 64, 96, 3, {padding: 1}],
      ['branch3x3dbl_3', 96, 96, 3, {padding: 1}],
      ['branch_pool', inChannels, poolFeatures, 1],
    ]);
  }

  forward(x) {
    const branchPool = avgPool2d(x, 3, {stride: 1, padding: 1}); // F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
    return cat(
      [
        this.chain(x, 'branch1x1'),
        this.chain(x, 'branch5x5_1', 'branch5x5_2'),
        this.chain(x, 'branch3x3dbl_1', 'branch3x3dbl_2', 'branch3x3dbl_3'),
        this.chain(branchPool, 'branch_pool'),
      ],
      1,
    );
  }
}

export class InceptionB extends Block {
  constructor(inChannels) {
    super();
    this.convs([
      ['branch3x3', inChannels, 384, 3, {stride: 2}],
      ['branch3x3dbl_1', inChannels, 64, 1],
      ['branch3x3dbl_2', 64, 96, 3, {padding: 1}],
      ['branch3x3dbl_3', 96, 96, 3, {stride: 2}],
    ]);
  }

  forward(x) {
    return cat(
      [
        this.chain(x, 'branch3x3'),
        this.chain(x, 'branch3x3dbl_1', 'branch3x3dbl_2', 'branch3x3dbl_3'),
        maxPool2d(x, 3, {stride: 2}), // F.max_pool2d(x, kernel_size=3, stride=2)
      ],
      1,
    );
  }
}

export class InceptionC extends Block {
  constructor(inChannels, c7) {
    super();
    const row = {padding: [0, 3]};
    const col = {padding: [3, 0]};
    this.convs([
      ['branch1x1', inChannels, 192, 1],
      ['branch7x7_1', inChannels, c7, 1],
      ['branch7x7_2', c7, c7, [1, 7], row],
      ['branch7x7_3', c7, 192, [7, 1], col],
      ['branch7x7dbl_1', inChannels, c7, 1],
      ['branch7x7dbl_2', c7, c7, [7, 1], col],
      ['branch7x7dbl_3', c7, c7, [1, 7], row],
      ['branch7x7dbl_4', c7, c7, [7, 1], col],
      ['branch7x7dbl_5', c7, 192, [1, 7], row],
      ['branch_pool', inChannels, 192, 1],
    ]);
  }

  forward(x) {
    const branchPool = avgPool2d(x, 3, {stride: 1, padding: 1}); // F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
    return cat(
      [
        this.chain(x, 'branch1x1'),
        this.chain(x, 'branch7x7_1', 'branch7x7_2', 'branch7x7_3'),
        this.chain(x, 'branch7x7dbl_1', 'branch7x7dbl_2', 'branch7x7dbl_3', 'branch7x7dbl_4', 'branch7x7dbl_5'),
        this.chain(branchPool, 'branch_pool'),
      ],
      1,
    );
  }
}

export class InceptionD extends Block {
  constructor(inChannels) {
    super();
    this.convs([
      ['branch3x3_1', inChannels, 192, 1],
      ['branch3x3_2', 192, 320, 3, {stride: 2}],
      ['branch7x7x3_1', inChannels, 192, 1],
      ['branch7x7x3_2', 192, 192, [1, 7], {padding: [0, 3]}],
      ['branch7x7x3_3', 192, 192, [7, 1], {padding: [3, 0]}],
      ['branch7x7x3_4', 192, 192, 3, {stride: 2}],
    ]);
  }

  forward(x) {
    return cat(
      [
        this.chain(x, 'branch3x3_1', 'branch3x3_2'),
        this.chain(x, 'branch7x7x3_1', 'branch7x7x3_2', 'branch7x7x3_3', 'branch7x7x3_4'),
        maxPool2d(x, 3, {stride: 2}), // F.max_pool2d(x, kernel_size=3, stride=2)
      ],
      1,
    );
  }
}

export class InceptionE extends Block {
  constructor(inChannels) {
    super();
    this.convs([
      ['branch1x1', inChannels, 320, 1],
      ['branch3x3_1', inChannels, 384, 1],
      ['branch3x3_2a', 384, 384, [1, 3], {padding: [0, 1]}],
      ['branch3x3_2b', 384, 384, [3, 1], {padding: [1, 0]}],
      ['branch3x3dbl_1', inChannels, 448, 1],
      ['branch3x3dbl_2', 448, 384, 3, {padding: 1}],
      ['branch3x3dbl_3a', 384, 384, [1, 3], {padding: [0, 1]}],
      ['branch3x3dbl_3b', 384, 384, [3, 1], {padding: [1, 0]}],
      ['branch_pool', inChannels, 192, 1],
    ]);
  }

  forward(x) {
    const b3 = this.chain(x, 'branch3x3_1');
    const b3dbl = this.chain(x, 'branch3x3dbl_1', 'branch3x3dbl_2');
    const branchPool = avgPool2d(x, 3, {stride: 1, padding: 1}); // F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)
    return cat(
      [
        this.chain(x, 'branch1x1'),
        cat([this.chain(b3, 'branch3x3_2a'), this.chain(b3, 'branch3x3_2b')], 1),
        cat([this.chain(b3dbl, 'branch3x3dbl_3a'), this.chain(b3dbl, 'branch3x3dbl_3b')], 1),
        this.chain(branchPool, 'branch_pool'),
      ],
      1,
    );
  }
}

export class Inception3 extends Block {
  constructor(numClasses = 1000) {
    super();
    const add = (name, m) => (this[name] = m);
    this.convs([
      ['Conv2d_1a_3x3', 3, 32, 3, {stride: 2}],
      ['Conv2d_2a_3x3', 32, 32, 3],
      ['Conv2d_2b_3x3', 32, 64, 3, {padding: 1}],
    ]);
    add('maxpool1', new MaxPool2d(3, {stride: 2})); // nn.MaxPool2d(kernel_size=3, stride=2)
    this.convs([
      ['Conv2d_3b_1x1', 64, 80, 1],
      ['Conv2d_4a_3x3', 80, 192, 3],
    ]);
    add('maxpool2', new MaxPool2d(3, {stride: 2}));
    add('Mixed_5b', new InceptionA(192, 32));
    add('Mixed_5c', new InceptionA(256, 64));
    add('Mixed_5d', new InceptionA(288, 64));
    add('Mixed_6a', new InceptionB(288));
    add('Mixed_6b', new InceptionC(768, 128));
    add('Mixed_6c', new InceptionC(768, 160));
    add('Mixed_6d', new InceptionC(768, 160));
    add('Mixed_6e', new InceptionC(768, 192));
    add('Mixed_7a', new InceptionD(768));
    add('Mixed_7b', new InceptionE(1280));
    add('Mixed_7c', new InceptionE(2048));
    add('avgpool', new AdaptiveAvgPool2d([1, 1])); // nn.AdaptiveAvgPool2d((1, 1))
    add('fc', new Linear(2048, numClasses)); // after nn.Dropout (identity in eval) and flatten
  }

  // torchvision's QuantizableInception3.fuse_model (eval): every BasicConv2d's bn folded into its conv. Returns this.
  fuseModel() {
    for (const m of this.modules()) if (m instanceof BasicConv2d) m.fuseModel();
    return this;
  }

  forward(x) {
    const y = this.chain(
      x,
      'Conv2d_1a_3x3',
      'Conv2d_2a_3x3',
      'Conv2d_2b_3x3',
      'maxpool1',
      'Conv2d_3b_1x1',
      'Conv2d_4a_3x3',
      'maxpool2',
      'Mixed_5b',
      'Mixed_5c',
      'Mixed_5d',
      'Mixed_6a',
      'Mixed_6b',
      'Mixed_6c',
      'Mixed_6d',
      'Mixed_6e',
      'Mixed_7a',
      'Mixed_7b',
      'Mixed_7c',
      'avgpool',
    );
    return this.fc.forward(flatten(y, 1)); // torch.flatten(x, 1)
  }
}

export const inception_v3 = () => new Inception3();
