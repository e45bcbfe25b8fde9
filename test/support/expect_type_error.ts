/** The API tests' check of a rejected call: PyTorch's TypeError, as a TorchError, and no tensor left behind. */
import * as tf from '@tensorflow/tfjs-core';
import {TorchError} from '../../src/ops/torch_errors';

/** Runs `f`, expecting a TorchError TypeError whose message starts with `start`; returns the message. */
export function expectTypeError(f: () => unknown, start: string): string {
  const before = tf.memory().numTensors;
  let error: Error | null = null;
  try {
    f();
  } catch (e) {
    error = e as Error;
  }
  expect(error).toBeInstanceOf(TorchError);
  const {name, message} = error as Error;
  expect([name, message.slice(0, start.length)]).toEqual(['TypeError', start]);
  expect(tf.memory().numTensors).toBe(before);
  return message;
}
