import {Tensor, TensorLike, tensor} from '@tensorflow/tfjs-core';
import {TorchError} from './torch_errors';

/** The ops' `input`: a tf.Tensor, or anything tf.tensor accepts (nested arrays, typed arrays). */
export type TensorInput = Tensor | TensorLike;

/**
 * A TensorLike becomes a tensor inside the op's tidy scope, so a thrown check disposes it. A disposed tensor has
 * no PyTorch counterpart; it is refused first, as a RuntimeError, before tfjs would fail inside a kernel.
 */
export function toTensor(input: TensorInput): Tensor {
  if (input instanceof Tensor) {
    if (input.isDisposed) {
      throw new TorchError('RuntimeError', 'Tensor is disposed: the input was disposed (by dispose() or the end of ' +
                                               'a tf.tidy) before this call');
    }
    return input;
  }
  return tensor(input);
}
