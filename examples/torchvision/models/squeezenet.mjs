// torchvision.models.squeezenet1_1() (torchvision/models/squeezenet.py), eval mode.
import {nn} from 'tfjs-torch-ops';
import {AdaptiveAvgPool2d, MaxPool2d} from '../pooling.mjs';

const {Conv2d, Dropout, Module, ReLU, Sequential, fuseModules} = nn;
// torch.cat / torch.flatten: read the dims as PyTorch's in both memory formats (nn.functional)
const {cat, flatten} = nn.functional;

// Fire: squeeze 1x1 + ReLU, then cat([expand1x1 + ReLU, expand3x3 + ReLU], 1); each ReLU its own module, as
// torchvision's (nn.ReLU(inplace=True), used once each), so fuseModel can fuse it into its convolution.
export class Fire extends Module {
  constructor(inplanes, squeezePlanes, expand1x1Planes, expand3x3Planes) {
    super();
    this.squeeze = new Conv2d(inplanes, squeezePlanes, 1);
    this.squeeze_activation = new ReLU(true);
    this.expand1x1 = new Conv2d(squeezePlanes, expand1x1Planes, 1);
    this.expand1x1_activation = new ReLU(true);
    this.expand3x3 = new Conv2d(squeezePlanes, expand3x3Planes, 3, {padding: 1});
    this.expand3x3_activation = new ReLU(true);
  }

  forward(x) {
    const s = this.squeeze_activation.forward(this.squeeze.forward(x));
    return cat(
      [
        this.expand1x1_activation.forward(this.expand1x1.forward(s)),
        this.expand3x3_activation.forward(this.expand3x3.forward(s)),
      ],
      1,
    );
  }

  // (conv, ReLU) pairs as nn.intrinsic.ConvReLU2d: the ReLU runs inside tfjs's fused convolution kernel
  fuseModel() {
    fuseModules(
      this,
      [
        ['squeeze', 'squeeze_activation'],
        ['expand1x1', 'expand1x1_activation'],
        ['expand3x3', 'expand3x3_activation'],
      ],
      {inplace: true},
    );
  }
}

// torchvision's SqueezeNet(version, num_classes): the class PyTorch names in its messages and repr. Only version
// '1_1' is ported (torchvision's default is '1_0').
export class SqueezeNet extends Module {
  constructor(version = '1_1', numClasses = 1000) {
    super();
    if (version !== '1_1') throw new Error(`Unsupported SqueezeNet version ${version}: only 1_1 is ported`);
    // nn.Sequential indices as in torchvision (ReLU and the pools take an index but hold no entries).
    this.features = new Sequential(
      new Conv2d(3, 64, 3, {stride: 2}),
      new ReLU(),
      new MaxPool2d(3, {stride: 2, ceilMode: true}), // nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)
      new Fire(64, 16, 64, 64),
      new Fire(128, 16, 64, 64),
      new MaxPool2d(3, {stride: 2, ceilMode: true}),
      new Fire(128, 32, 128, 128),
      new Fire(256, 32, 128, 128),
      new MaxPool2d(3, {stride: 2, ceilMode: true}),
      new Fire(256, 48, 192, 192),
      new Fire(384, 48, 192, 192),
      new Fire(384, 64, 256, 256),
      new Fire(512, 64, 256, 256),
    );
    this.classifier = new Sequential(
      new Dropout(),
      new Conv2d(512, numClasses, 1),
      new ReLU(),
      new AdaptiveAvgPool2d([1, 1]),
    ); // nn.AdaptiveAvgPool2d((1, 1))
  }

  // every (conv, ReLU) pair fused (nn.intrinsic.ConvReLU2d): the first conv and ReLU, each Fire's three, and the
  // classifier's. Returns this.
  fuseModel() {
    fuseModules(this.features, ['0', '1'], {inplace: true});
    fuseModules(this.classifier, ['1', '2'], {inplace: true});
    for (const m of this.modules()) if (m instanceof Fire) m.fuseModel();
    return this;
  }

  forward(x) {
    return flatten(this.classifier.forward(this.features.forward(x)), 1); // torch.flatten(x, 1)
  }
}

export const squeezenet1_1 = () => new SqueezeNet('1_1');
