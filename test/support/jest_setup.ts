/**
 * Runs before every test file (jest.config.js `setupFiles`). tfjs-core's IS_TEST flag, which its own test suites
 * set: tfjs's console advice (tfjs-backend-cpu's "Hi, looks like you are running TensorFlow.js in Node.js" banner,
 * printed on the backend's first tensor) stays out of the test output, and tfjs's engine checks after every kernel
 * that it left no data behind beyond its outputs (a leak check on our kernels too). Chromium suites run in their
 * own page and are unaffected.
 */
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('IS_TEST', true);
