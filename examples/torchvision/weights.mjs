// The deterministic weight formula shared with export.py (issue 13): no weights are shipped, both sides compute
// them from (k, j), the k-th floating-point state_dict entry (integer buffers such as BatchNorm's
// num_batches_tracked are not counted) and its j-th element in row-major order. JS and numpy
// agree bit for bit: the hash is integer arithmetic mod 2^32, u has 24 bits (exact in float64), and each value is
// one float64 expression of u rounded once to float32 (Math.fround here, astype(float32) there; IEEE sqrt, * and /
// are correctly rounded in both).

import * as tf from '@tensorflow/tfjs-core';

/** u in [0, 1), exact: (murmur3 finaliser of (k * 0x9E3779B9 + j) mod 2^32) >>> 8, divided by 2^24. */
export function hashU(k, j) {
  let h = (Math.imul(k, 0x9e3779b9) + j) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 8) / 16777216;
}

/**
 * The float32 values of the k-th floating-point entry `name` of `shape`:
 *   rank >= 2 (conv, linear weights)  v * sqrt(3 / fan_in), fan_in = n / shape[0]   (v = 2u - 1)
 *   *running_var                      1 + 0.5u
 *   *running_mean, *bias              0.1v
 *   any other rank-1 (BN weight)      1 + 0.1v
 */
export function formulaValues(k, name, shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  if (shape.length >= 2) {
    const scale = Math.sqrt(3 / (n / shape[0]));
    for (let j = 0; j < n; j++) out[j] = (2 * hashU(k, j) - 1) * scale;
  } else if (name.endsWith('running_var')) {
    for (let j = 0; j < n; j++) out[j] = 1 + 0.5 * hashU(k, j);
  } else if (name.endsWith('running_mean') || name.endsWith('bias')) {
    for (let j = 0; j < n; j++) out[j] = 0.1 * (2 * hashU(k, j) - 1);
  } else {
    for (let j = 0; j < n; j++) out[j] = 1 + 0.1 * (2 * hashU(k, j) - 1);
  }
  return out; // Float32Array stores round once to float32, as Math.fround would
}

/** The key of the deterministic input, one no state_dict reaches: 2^32 - 1. */
export const INPUT_KEY = 0xffffffff;

/** The deterministic input [1, 3, size, size], flattened: element j = 2u - 1 with k = INPUT_KEY (exact in float32). */
export function inputValues(size) {
  const n = 3 * size * size;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = 2 * hashU(INPUT_KEY, j) - 1;
  return out;
}

/**
 * The formula state_dict of `model` (a tfjs-torch-ops nn.Module): a Map of its floating-point entries, in state_dict
 * order, to new tensors of the formula values. Integer buffers are left out: load_state_dict keeps their value.
 * The caller disposes the tensors.
 */
export function formulaStateDict(model) {
  const out = new Map();
  let k = 0;
  for (const [name, t] of model.stateDict()) {
    if (t.dtype === 'float32') out.set(name, tf.tensor(formulaValues(k++, name, t.shape), t.shape, 'float32'));
  }
  return out;
}

/** model.loadStateDict(formulaStateDict(model)), leaving no tensor behind; returns the model. */
export function loadFormulaWeights(model) {
  const named = formulaStateDict(model);
  try {
    model.loadStateDict(named);
  } finally {
    named.forEach(t => t.dispose());
  }
  return model;
}
