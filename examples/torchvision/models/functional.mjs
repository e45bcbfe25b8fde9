// torch.flatten(x, 1), as the torchvision models call it before their classifier.
import * as tf from '@tensorflow/tfjs-core';

export const flatten = x => tf.reshape(x, [x.shape[0], -1]);
