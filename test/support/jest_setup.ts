/**
 * Runs before every test file (jest.config.js `setupFiles`). tfjs-core's PROD flag keeps tfjs's console advice
 * (tfjs-backend-cpu's "Hi, looks like you are running TensorFlow.js in Node.js" banner, printed on the backend's
 * first tensor) out of the test output; it changes no computation.
 *
 * Not IS_TEST, which silences the same banner but also turns on tfjs's per-kernel data-id check: on the wasm backend
 * that check reports every `tf.customGrad` whose forward calls `save` (lp pools' element-wise steps) as a leak,
 * because tfjs-wasm's Identity copies the saved tensor into a new data id that the tape owns and disposes later.
 * Leaks are checked by our own tests instead, as tf.memory().numTensors before and after every op, gradient and
 * thrown error. Chromium suites run in their own page and are unaffected.
 */
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
