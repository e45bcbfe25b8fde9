import {Tensor, TensorLike, tensor} from '@tensorflow/tfjs-core';

/** The ops' `input`: a tf.Tensor, or anything tf.tensor accepts (nested arrays, typed arrays). */
export type TensorInput = Tensor | TensorLike;

/** A TensorLike becomes a tensor inside the op's tidy scope, so a thrown check disposes it. */
export function toTensor(input: TensorInput): Tensor {
  return input instanceof Tensor ? input : tensor(input);
}
