// Page side of the Chromium runs (browser_runner.ts): the same ports, forward.mjs and formula weights as in Node, on
// tfjs's webgl or webgpu backend. Bundled by test/browser/harness.ts (esbuild, iife).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {KERNEL_NAMES} from 'tfjs-torch-ops';
import {profileModel, runModel} from './forward.mjs';
import {mountDemo} from './demo.mjs';

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
  return {
    model,
    backend: tf.getBackend(),
    logits: Array.from(r.logits),
    buildMs: r.buildMs,
    firstMs: r.firstMs,
    medianMs: r.medianMs,
    leakedTensors: tf.memory().numTensors - before,
    profile: p,
  };
}

/** Mounts the demo (demo.mjs) in this page, runs `model` on webgl and webgpu, and returns what the page shows. */
async function runDemo({model}) {
  const root = document.createElement('div');
  document.body.append(root);
  await mountDemo(root)(model);
  const rows = table => Array.from(root.querySelector(table).tBodies[0].rows);
  const texts = r => Array.from(r.cells, c => c.textContent);
  return {
    state: root.dataset.state,
    message: root.querySelector('#message').textContent,
    backends: rows('#backends').map(r => ({backend: r.dataset.backend, status: r.dataset.status, cells: texts(r)})),
    logitsHead: Array.from(root.querySelector('#logits').tHead.rows[0].cells, c => c.textContent),
    logits: rows('#logits').map(texts),
  };
}

Object.assign(window, {startBackend, runTorchvision, runDemo});
