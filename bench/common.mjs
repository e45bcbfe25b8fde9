// What bench/tensorflow.mjs, bench/memory.mjs and bench/browser_entry.mjs share: the issue's configurations, each
// with this package's op on NCHW and the tfjs built-ins it is compared with, and the timing loop.
//
// Contenders of a configuration (functions of prepared inputs {x, xl, dy, dyl}; xl and dyl are x and dy already
// channels-last, transposed once outside the timed region):
//   ours     this package, NCHW in and out;
//   native   tfjs's own kernel on the channels-last input: tf.avgPool / tf.avgPool3d 'valid' (no transposes: the raw
//            cost of the built-in, the issue's reference for tensorflow, webgl and webgpu), AvgPoolGrad 'same', or
//            tf.mean over the NCHW axes. Where semantics differ (padded configs) it does a little less work than
//            ours (fewer or no padded windows);
//   emulated what an NCHW model must run with built-ins: transpose, (zero pad), pool, transpose back.
// `nativeExact` and `exact` (declared here, then checked on each backend by comparing outputs: see timeConfig) say
// whether native and emulated compute ours' values up to float32 summation order; tables mark the others with ≈.
// Every timed call ends by reading the result (`await y.data()`), so queued GPU work and lazy backends are counted.

export const SHAPE_2D = [8, 64, 56, 56];
export const SHAPE_3D = [2, 16, 16, 32, 32];

const TO_LAST = {4: [0, 2, 3, 1], 5: [0, 2, 3, 4, 1]};
const TO_FIRST = {4: [0, 3, 1, 2], 5: [0, 4, 1, 2, 3]};
const first = (tf, t) => tf.transpose(t, TO_FIRST[t.rank]);
/** Inputs in [-1, 1): float32 summation-order differences stay near 1e-7; a different formula shows far above. */
const EXACT_TOLERANCE = 1e-4;

export function configs(tf, tt, shape2d = SHAPE_2D, shape3d = SHAPE_3D) {
  // PyTorch's pooled size, from the package's geometry (src/geometry/output_size.ts), never re-derived here.
  const outSize = (L, k, s, p, ceil = false) => tt.poolOutputSize(L, k, p, s, ceil);
  const [N, C, H, W] = shape2d;
  const last = t => tf.transpose(t, TO_LAST[t.rank]);
  // Zero padding of the spatial axes of a channels-last tensor: [lo, hi] on each.
  const padSpatial = (t, lo, hi) => tf.pad(t, t.shape.map((_, i) => (i === 0 || i === t.rank - 1 ? [0, 0] : [lo, hi])));
  const emulate = pool => ({x}) => tf.tidy(() => first(tf, pool(last(x))));
  const spec = (k, s, p, countIncludePad) => ({kind: 'pool', kernelSize: [k, k], stride: [s, s], padding: [p, p],
                                                ceilMode: false, countIncludePad, divisorOverride: null});
  const out2d = (k, s, p, ceil) => [N, C, outSize(H, k, s, p, ceil), outSize(W, k, s, p, ceil)];
  const pool2d = (id, name, k, s, p, opts, emulatedPool, exact, onnxExtra = {}) => ({
    id, name, shape: shape2d, outShape: out2d(k, s, p, opts.ceilMode), exact, nativeExact: p === 0,
    ours: ({x}) => tt.avgPool2d(x, k, {stride: s, padding: p, ...opts}),
    native: ({xl}) => tf.avgPool(xl, k, s, 'valid'),
    emulated: emulate(emulatedPool),
    onnx: ['AveragePool', {kernel_shape: [k, k], strides: [s, s], ...(p ? {pads: [p, p, p, p]} : {}), ...onnxExtra}],
  });
  if (H % 7 || W % 7) throw new Error(`adaptive 7×7 needs H and W multiples of 7, got ${H}×${W}`);
  return [
    pool2d('k2s2', 'avg_pool2d k2 s2', 2, 2, 0, {}, xl => tf.avgPool(xl, 2, 2, 'valid'), true),
    pool2d('k3s1p1', 'avg_pool2d k3 s1 p1', 3, 1, 1, {}, xl => tf.avgPool(padSpatial(xl, 1, 1), 3, 1, 'valid'), true,
           {count_include_pad: 1}),
    pool2d('k3s1p1_excl', 'avg_pool2d k3 s1 p1 count_include_pad=False', 3, 1, 1, {countIncludePad: false},
           xl => tf.avgPool(xl, 3, 1, 'same'), true, {count_include_pad: 0}),
    pool2d('k7s1', 'avg_pool2d k7 s1', 7, 1, 0, {}, xl => tf.avgPool(xl, 7, 1, 'valid'), true),
    // The ceil-mode overhang is padded as zeros here, so the last row and column divide by 9 where PyTorch divides
    // by the in-bounds-or-padding count: same work, slightly different values.
    pool2d('k3s2p1_ceil', 'avg_pool2d k3 s2 p1 ceil_mode', 3, 2, 1, {ceilMode: true},
           xl => tf.avgPool(padSpatial(xl, 1, 2), 3, 2, 'valid'), false, {ceil_mode: 1, count_include_pad: 1}),
    {id: 'adaptive', name: `adaptive_avg_pool2d ${H}→7`, shape: shape2d, outShape: [N, C, 7, 7], exact: true,
     nativeExact: true, ours: ({x}) => tt.adaptiveAvgPool2d(x, 7),
     native: ({xl}) => tf.avgPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid'),
     emulated: emulate(xl => tf.avgPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid')),
     onnx: ['AveragePool', {kernel_shape: [H / 7, W / 7], strides: [H / 7, W / 7]}]},
    {id: 'mean', name: 'mean over H, W', shape: shape2d, outShape: [N, C], exact: true, nativeExact: true,
     ours: ({x}) => tt.mean(x, [2, 3]), native: ({x}) => tf.mean(x, [2, 3]),
     emulated: ({x}) => tf.tidy(() => tf.div(tf.sum(x, [2, 3]), H * W)),
     onnx: ['ReduceMean', {axes: [2, 3], keepdims: 0}]},
    {id: 'pool3d', name: `avg_pool3d k3 s2 p1 [${shape3d}]`, shape: shape3d, exact: true, nativeExact: false,
     outShape: [...shape3d.slice(0, 2), ...shape3d.slice(2).map(L => outSize(L, 3, 2, 1))],
     ours: ({x}) => tt.avgPool3d(x, 3, {stride: 2, padding: 1}), native: ({xl}) => tf.avgPool3d(xl, 3, 2, 'valid'),
     emulated: emulate(xl => tf.avgPool3d(padSpatial(xl, 1, 1), 3, 2, 'valid')),
     onnx: ['AveragePool', {kernel_shape: [3, 3, 3], strides: [2, 2, 2], pads: [1, 1, 1, 1, 1, 1],
                            count_include_pad: 1}]},
    // Backward kernels only (no forward): this package's TorchAvgPoolGrad against tfjs's AvgPoolGrad 'same'. The
    // browser and wasm backends' AvgPoolGrad divides by k² even at the edges (unlike their forward), which is
    // PyTorch's count_include_pad gradient; TensorFlow's divides by the real count (the values check marks it ≈).
    {id: 'grad', name: 'avg_pool2d k3 s1 p1, gradient', shape: shape2d, outShape: shape2d,
     grad: true, exact: true, nativeExact: true,
     ours: ({x, dy}) => tf.engine().runKernel(tt.TorchAvgPoolGrad, {dy, x}, {spec: spec(3, 1, 1, true)}),
     native: ({xl, dyl}) => tf.engine().runKernel('AvgPoolGrad', {dy: dyl, input: xl},
                                                  {filterSize: [3, 3], strides: [1, 1], pad: 'same'}),
     emulated: ({x, dy}) => tf.tidy(() => first(tf, tf.engine().runKernel(
         'AvgPoolGrad', {dy: last(dy), input: last(x)}, {filterSize: [3, 3], strides: [1, 1], pad: 'same'}))),
     onnx: null},
  ];
}

/** Deterministic input data in [-1, 1) (no RNG state shared between processes or with tfjs). */
export function inputData(size, seed = 1) {
  const a = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** The prepared inputs of a configuration on the current backend; dispose with tf.dispose(Object.values(...)). */
export function prepare(tf, c) {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(inputData(size, 1), c.shape);
  const dy = c.grad ? tf.tensor(inputData(size, 2), c.outShape) : null;
  const perm = c.shape.length === 4 ? [0, 2, 3, 1] : [0, 2, 3, 4, 1];
  return {x, xl: tf.transpose(x, perm), dy, dyl: dy && tf.transpose(dy, perm)};
}

const median = ts => (ts.length ? [...ts].sort((a, b) => a - b)[ts.length >> 1] : null);

/**
 * Median ms of each contender (a function returning a tensor; null entries are skipped and give null), measured in
 * interleaved rounds (one call of each per round, so a noisy neighbour slows all alike) after `warmup` calls each:
 * at least `rounds` rounds, then more while the rounds so far took under `minMs` (at most `maxRounds`).
 */
export async function race(contenders, {rounds = 15, minMs = 400, maxRounds = 200, warmup = 2} = {}) {
  const once = async f => {
    const t = performance.now();
    const y = f();
    await y.data();
    y.dispose();
    return performance.now() - t;
  };
  for (const f of contenders) if (f) for (let i = 0; i < warmup; i++) await once(f);
  const times = contenders.map(() => []);
  const t0 = performance.now();
  for (let r = 0; r < rounds || (performance.now() - t0 < minMs && r < maxRounds); r++) {
    for (let i = 0; i < contenders.length; i++) if (contenders[i]) times[i].push(await once(contenders[i]));
  }
  return times.map(median);
}

/**
 * Times ours, native, emulated and any `extra` contenders of one configuration (extra: name → function of the
 * prepared inputs returning {data(), dispose()} with NCHW data, e.g. onnxruntime's session; see ortContender), after
 * checking what each computes. A contender the backend cannot run (missing kernel, shader that does not compile) is
 * left out with its error, not fatal; so is one whose output comes back unwritten: each tfjs contender is called
 * once right after freeing a NaN-filled tensor of its output's size (backends hand freed buffers out again), so a
 * kernel that silently does nothing (tfjs-webgpu's rank-5 pad on SwiftShader) reads NaN instead of being timed as
 * fast, or reading back a stale buffer that holds the right values (three NaN tensors, read and freed, take the trial
 * call's output buffer and the next ones of that size). Declared-exact contenders (native, emulated: see configs;
 * extras always) are compared with ours (max |difference|, brought back to NCHW) and keep the mark only within
 * EXACT_TOLERANCE.
 */
export async function timeConfig(tf, c, options, extra = {}) {
  const inputs = prepare(tf, c);
  const fns = {ours: c.ours, native: c.native, emulated: c.emulated, ...extra};
  const names = Object.keys(fns).filter(n => fns[n]);
  const errors = {};
  const values = {};
  try {
    for (const n of names) {
      try {
        const trial = fns[n](inputs);
        await trial.data();
        trial.dispose();
        if (trial.shape) {
          const poison = [0, 1, 2].map(() => tf.fill(trial.shape, NaN));
          await Promise.all(poison.map(t => t.data()));
          tf.dispose(poison);
        }
        const y = fns[n](inputs);
        const yy = n === 'native' && c.id !== 'mean' ? first(tf, y) : y;
        values[n] = await yy.data();
        y.dispose();
        yy.dispose();
        if (values[n].some(Number.isNaN)) throw new Error('output not written (NaN poison read back): kernel failed');
      } catch (e) {
        errors[n] = String(e?.message ?? e).split('\n')[0];
        values[n] = null;
      }
    }
    const declared = {native: c.nativeExact, emulated: c.exact};
    const maxAbsDiff = {};
    for (const n of names.filter(n => n !== 'ours' && (declared[n] ?? true) && values.ours && values[n])) {
      const [a, b] = [values.ours, values[n]];
      maxAbsDiff[n] = a.length === b.length ? a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0) : Infinity;
    }
    const ms = await race(names.map(n => (values[n] ? () => fns[n](inputs) : null)), options);
    const same = n => maxAbsDiff[n] !== undefined && maxAbsDiff[n] <= EXACT_TOLERANCE;
    return {id: c.id, name: c.name, exact: same('emulated'), nativeExact: same('native'),
            extraExact: Object.fromEntries(Object.keys(extra).map(n => [n, same(n)])), maxAbsDiff,
            ms: Object.fromEntries(names.map((n, i) => [n, ms[i]])), ...(Object.keys(errors).length ? {errors} : {})};
  } finally {
    tf.dispose(Object.values(inputs).filter(Boolean));
  }
}

const fmt = v => (v === null || v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
/** ours / reference: two decimals, or two significant digits below 0.1 (tfjs-cpu's emulation is 100× slower). */
export const ratio = (a, b) => (a == null || b == null ? '—' : a / b < 0.1 ? `${(a / b).toPrecision(2)}×` :
                                `${(a / b).toFixed(2)}×`);
export const mb = v => (v === null || v === undefined ? '—' : (v / 2 ** 20).toFixed(1));

/** Markdown detail table of one runner's result (cpu, wasm, tensorflow, webgl, webgpu): a column pair per reference. */
export function detailTable(result) {
  const {backend, rows} = result;
  const refs = [['native', `${backend} native NHWC`, r => r.nativeExact], ['emulated', 'NCHW emulation', r => r.exact],
                ['ort', 'onnxruntime 1 thread', r => r.extraExact?.ort]].filter(([k]) => rows.some(r => r.ms[k] != null));
  const peak = rows.some(r => r.peakBytes);
  let md = `| config | ours ms | ${refs.map(([, label]) => `${label} ms | ours / ${label}`).join(' | ')} |` +
      `${peak ? ' peak MB ours / native / emulation |' : ''}\n|---|---:|${refs.map(() => '---:|---:|').join('')}` +
      `${peak ? '---:|' : ''}\n`;
  for (const r of rows) {
    md += `| ${r.name} | ${fmt(r.ms.ours)} | ${refs.map(([k, , exact]) =>
      `${r.ms[k] != null && !exact(r) ? '≈ ' : ''}${fmt(r.ms[k])} | ${ratio(r.ms.ours, r.ms[k])}`).join(' | ')} |` +
        (peak ? ` ${mb(r.peakBytes.ours)} / ${mb(r.peakBytes.native)} / ${mb(r.peakBytes.emulated)} |` : '') + '\n';
  }
  return md;
}
export {fmt};
