// Page side of the Chromium runs (browser_runner.ts): the same ports, forward.mjs and formula weights as in Node, on
// tfjs's webgl or webgpu backend. Bundled by test/browser/harness.ts (esbuild, iife).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {KERNEL_NAMES} from 'tfjs-torch-ops';
import {profileModel, runModel} from './forward.mjs';
import {nativeMaxPool} from './pooling.mjs';

/** Starts `backend` in this page: null, or why it cannot start. */
async function startBackend(backend) {
  try {
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return tf.getBackend() === backend ? null : `tf.getBackend() is ${tf.getBackend()}`;
  } catch (e) {
    return String(e && e.message ? e.message : e);
  }
}

/**
 * One model, `runs` forward passes; input: an array of 3·S·S numbers, or undefined for the formula input. With
 * `profile`, also tf.profile of one more pass (forward.mjs profileModel).
 */
async function runTorchvision({model, runs = 1, input, profile = false}) {
  const before = tf.memory().numTensors;
  const r = await runModel(model, {runs, input: input ? Float32Array.from(input) : undefined});
  const p = profile ? await profileModel(model, [...KERNEL_NAMES]) : undefined;
  return {model, backend: tf.getBackend(), logits: Array.from(r.logits), buildMs: r.buildMs, firstMs: r.firstMs,
          medianMs: r.medianMs, leakedTensors: tf.memory().numTensors - before, nativeMaxPool, profile: p};
}

Object.assign(window, {startBackend, runTorchvision});
