// The five torchvision architectures ported: name -> {build, inputSize, constructor (the torchvision call)}.
import {densenet121} from './densenet.mjs';
import {googlenet} from './googlenet.mjs';
import {inception_v3} from './inception.mjs';
import {resnet18} from './resnet.mjs';
import {squeezenet1_1} from './squeezenet.mjs';

export const MODELS = {
  resnet18: {build: resnet18, inputSize: 224, constructor: 'resnet18()'},
  googlenet: {build: googlenet, inputSize: 224, constructor: 'googlenet(aux_logits=False, init_weights=False)'},
  squeezenet1_1: {build: squeezenet1_1, inputSize: 224, constructor: 'squeezenet1_1()'},
  densenet121: {build: densenet121, inputSize: 224, constructor: 'densenet121()'},
  inception_v3: {
    build: inception_v3,
    inputSize: 299,
    constructor: 'inception_v3(aux_logits=False, init_weights=False)',
  },
};
