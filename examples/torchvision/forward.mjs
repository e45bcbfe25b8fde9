// Builds a ported model, loads the formula weights and runs one input: shared by run.mjs (Node), the browser
// entry and the benchmarks. Also the comparison helpers (top-5, max |Δ|).
import * as tf from '@tensorflow/tfjs-core';
import {nn} from 'tfjs-torch-ops';
import {inputValues, loadFormulaWeights} from './weights.mjs';
import {MODELS} from './models/index.mjs';

/**
 * Builds `name` in eval mode with its formula weights, or with the state_dict of `weights` (the bytes of a
 * .safetensors file, as PyTorch's `safetensors.torch.save_file(model.state_dict(), ...)` writes it), in
 * `memoryFormat` ('contiguous' or 'channelsLast': `model.to({memoryFormat})`; NCHW in and out either way). With
 * `fuse`, the loaded model's `fuseModel()` then folds its BatchNorms into the convolutions and fuses (conv, ReLU)
 * module pairs (nn.fuseModules, as torchvision's quantizable models' fuse_model): same logits, fewer kernels. The
 * caller disposes the model.
 */
export function buildModel(name, {weights, memoryFormat = 'contiguous', fuse = false} = {}) {
  const spec = MODELS[name];
  if (spec === undefined) throw new Error(`unknown model '${name}' (${Object.keys(MODELS).join(', ')})`);
  const model = spec.build().eval().to({memoryFormat});
  try {
    if (weights === undefined) {
      loadFormulaWeights(model);
    } else {
      const named = nn.loadSafetensors(weights);
      try {
        model.loadStateDict(named);
      } finally {
        named.forEach(t => t.dispose());
      }
    }
    // after the weights: fusion folds the loaded BatchNorm statistics (the fused state_dict has other names)
    if (fuse) model.fuseModel();
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Runs `name` on `input` (Float32Array, NCHW [1, 3, S, S]; default: the deterministic input) `runs` times.
 * Returns {logits (Float32Array), firstMs (the first run, which compiles shaders / warms caches), medianMs, buildMs}.
 * `progress(message)`, when given, hears each stage before it starts (a large model on cpu takes seconds per pass).
 */
export async function runModel(name, {input, runs = 1, weights, memoryFormat, fuse, progress = () => {}} = {}) {
  const size = MODELS[name]?.inputSize;
  const t0 = performance.now();
  progress(`${name}: building the model and its weights`);
  const model = buildModel(name, {weights, memoryFormat, fuse});
  const buildMs = performance.now() - t0;
  const data = input ?? inputValues(size);
  if (data.length !== 3 * size * size) {
    model.dispose();
    throw new Error(`${name} takes [1, 3, ${size}, ${size}] (${3 * size * size} values), got ${data.length} values`);
  }
  const x = tf.tensor(data, [1, 3, size, size], 'float32');
  const times = [];
  let logits;
  try {
    for (let r = 0; r < Math.max(1, runs); r++) {
      progress(
        `${name}: forward pass ${r + 1} of ${Math.max(1, runs)}${
          r === 0 ? '' : ` (the first took ${(times[0] / 1000).toFixed(1)} s)`
        }`,
      );
      const start = performance.now();
      const y = tf.tidy(() => model.forward(x));
      const values = await y.data();
      times.push(performance.now() - start);
      y.dispose();
      logits ??= Float32Array.from(values);
    }
  } finally {
    x.dispose();
    model.dispose();
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const medianMs = rest.length ? rest[Math.floor(rest.length / 2)] : times[0];
  return {logits, buildMs, firstMs: times[0], medianMs};
}

/** Indices of the k largest values, largest first (ties: lower index first, as numpy's stable argsort). */
export function topK(values, k = 5) {
  return Array.from(values.keys())
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}

export function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * tf.profile of one forward pass of `name`: kernel time by kernel name, and the share of it spent in
 * `packageKernels` (tfjs-torch-ops's KERNEL_NAMES). Run the model once before (runModel) so that shader compilation
 * is not profiled. Backends that cannot time kernels (webgl without timer queries) report NaN.
 */
export async function profileModel(name, packageKernels, {memoryFormat} = {}) {
  const size = MODELS[name].inputSize;
  const model = buildModel(name, {memoryFormat});
  const x = tf.tensor(inputValues(size), [1, 3, size, size]);
  try {
    const info = await tf.profile(async () => {
      const y = tf.tidy(() => model.forward(x));
      await y.data();
      return y;
    });
    for (const t of [info.result].flat()) t.dispose();
    const byKernel = {};
    let total = 0;
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : NaN;
      byKernel[k.name] = (byKernel[k.name] ?? 0) + ms;
      total += ms;
    }
    const ours = packageKernels.reduce((s, k) => s + (byKernel[k] ?? 0), 0);
    return {kernelMs: total, packageKernelMs: ours, packageShare: ours / total, byKernel};
  } finally {
    x.dispose();
    model.dispose();
  }
}
