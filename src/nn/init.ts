/**
 * The default initialisation of torch.nn's layers (`reset_parameters`): Conv and Linear draw weight and bias from
 * U(-1/√fan_in, 1/√fan_in) (kaiming_uniform_ with a = √5 works out to that bound); norms start at weight 1,
 * bias 0.
 * Same distribution as PyTorch, not the same numbers: a port loads its values with loadStateDict.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A trainable parameter drawn from U(-1/√fanIn, 1/√fanIn) (fanIn 0: zeros, as PyTorch skips the init). */
export function uniformParameter(shape: number[], fanIn: number): tf.Variable {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -bound, bound, 'float32')));
}

/** A trainable parameter filled with `value`. */
export function constantParameter(shape: number[], value: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.fill(shape, value, 'float32')));
}
