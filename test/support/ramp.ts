import * as tf from '@tensorflow/tfjs';

/**
 * Deterministic values in [-1, 1) (a stride through the residues mod 2003): distinct enough that a max pool's window
 * has one winner, for the kit's memory-format tests.
 */
export function ramp(shape: number[], seed = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({length: size}, (_, i) => (((i * 7919 + seed * 104729) % 2003) / 2003) * 2 - 1),
    shape,
  );
}
