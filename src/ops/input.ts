import {Tensor, TensorLike, tensor} from '@tensorflow/tfjs-core';
import {pyTypeName} from './int_args';
import {TorchError} from './torch_errors';

/**
 * The ops' `input`: a tf.Tensor, or anything tf.tensor accepts (nested arrays, typed arrays), made a tensor and
 * disposed inside the op.
 * @group Options
 */
export type TensorInput = Tensor | TensorLike;

/**
 * A TensorLike becomes a tensor inside the op's tidy scope, so a thrown check disposes it. A disposed tensor has
 * no PyTorch counterpart; it is refused first, as a RuntimeError, before tfjs would fail inside a kernel. What is
 * neither a tensor nor something tf.tensor takes (null, undefined, a string, a ragged array) is PyTorch's TypeError
 * for a non-Tensor argument, in the words of its builtins: "`op`(): argument 'input' (position 1) must be Tensor,
 * not NoneType". (Where PyTorch's Python wrapper reaches an attribute of the input first, as adaptive_avg_pool2d's
 * `input.size()` does, PyTorch raises AttributeError instead; TypeError is kept here, the class the builtins give.)
 */
export function toTensor(input: TensorInput, op: string, name = 'input', position = 1): Tensor {
  const notTensor = () =>
    new TorchError(
      'TypeError',
      `${op}(): argument '${name}' (position ${position}) must be ` + `Tensor, not ${pyTypeName(input)}`,
    );
  if (input === null || input === undefined || typeof input === 'string' || typeof input === 'boolean') {
    throw notTensor();
  }
  if (input instanceof Tensor) {
    if (input.isDisposed) {
      throw new TorchError(
        'RuntimeError',
        'Tensor is disposed: the input was disposed (by dispose() or the end of ' + 'a tf.tidy) before this call',
      );
    }
    return input;
  }
  try {
    return tensor(input);
  } catch {
    throw notTensor(); // tfjs's own Error for what it cannot make a tensor of (ragged arrays, objects)
  }
}
