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
//   emulated what an NCHW model must run with built-ins: transpose, (zero pad), pool, transpose back;
//   oursLast this package on the channels-last input, channels-last out (bench/channels_last.mjs): the same op in
//            the other layout, timed against `native` (tfjs's own NHWC kernel; `nativeLast` where the NHWC
//            counterpart differs from native, i.e. mean) and against ours (layoutTable).
// `nativeExact` and `exact` (declared here, then checked on each backend by comparing outputs: see timeConfig) say
// whether native and emulated compute ours' values up to float32 summation order; tables mark the others with ≈.
// Every timed call ends by reading the result (`await y.data()`), so queued GPU work and lazy backends are counted;
// contenders are warmed until their timings settle and then timed in interleaved rounds (raceRounds), next to the
// configuration's memory floor (floorContender).

export const SHAPE_2D = [8, 64, 56, 56];
export const SHAPE_3D = [2, 16, 16, 32, 32];

/**
 * The runners' shared command-line options: --shape=N,C,H,W (2d input), --scale=K (K× the inputs, 2d and 3d, along
 * the batch axis: the scaling table), --contenders=ours,ort,... (leave the others out: the scaling runs skip
 * tfjs-cpu's 0.25 s emulation), --quick (TIMING.quick).
 */
/** The options bench/pools.mjs and bench/tensorflow.mjs share (scripts/cli.mjs parseCli form), read by
 * runnerOptions. */
export const RUNNER_CLI_OPTIONS = {
  quick: {type: 'boolean', description: 'fewer rounds (a quick look; wider spread)'},
  only: {type: 'string', valueName: 'REGEX', description: 'only the configurations whose name matches'},
  shape: {type: 'string', valueName: 'N,C,H,W', description: `the 2-d input shape (default: ${SHAPE_2D})`},
  scale: {type: 'string', default: '1', valueName: 'K', description: 'multiply the batch axis by K'},
  contenders: {type: 'string', valueName: 'LIST', description: 'time only these contenders beside ours'},
  json: {type: 'string', valueName: 'FILE', description: 'also write the results as JSON to FILE'},
};

export function runnerOptions(args) {
  const scale = Number(args.scale ?? 1);
  const base = args.shape ? args.shape.split(',').map(Number) : SHAPE_2D;
  const times = s => [s[0] * scale, ...s.slice(1)];
  const keep = args.contenders ? new Set(['ours', ...args.contenders.split(',')]) : null;
  return {
    shape2d: times(base),
    shape3d: times(SHAPE_3D),
    scale,
    timing: args.quick ? TIMING.quick : TIMING.full,
    keep: n => keep === null || keep.has(n),
    /** the configuration with the contenders not asked for set to null */
    only: c =>
      keep === null
        ? c
        : {
            ...c,
            ...Object.fromEntries(['native', 'emulated', 'oursLast'].filter(n => !keep.has(n)).map(n => [n, null])),
            ...(keep.has('native') ? {} : {nativeLast: null}),
          },
  };
}

import {channelsLastOps} from './channels_last.mjs';

const TO_LAST = {4: [0, 2, 3, 1], 5: [0, 2, 3, 4, 1]};
const TO_FIRST = {4: [0, 3, 1, 2], 5: [0, 4, 1, 2, 3]};
const first = (tf, t) => tf.transpose(t, TO_FIRST[t.rank]);
/** Inputs in [-1, 1): float32 summation-order differences stay near 1e-7; a different formula shows far above. */
const EXACT_TOLERANCE = 1e-4;

export function configs(tf, tt, shape2d = SHAPE_2D, shape3d = SHAPE_3D) {
  const nhwc = channelsLastOps(tf, tt);
  // PyTorch's pooled size, from the package's geometry (src/geometry/output_size.ts), never re-derived here.
  const outSize = (L, k, s, p, ceil = false) => tt.poolOutputSize(L, k, p, s, ceil);
  const [N, C, H, W] = shape2d;
  const last = t => tf.transpose(t, TO_LAST[t.rank]);
  // Zero padding of the spatial axes of a channels-last tensor: [lo, hi] on each.
  const padSpatial = (t, lo, hi) =>
    tf.pad(
      t,
      t.shape.map((_, i) => (i === 0 || i === t.rank - 1 ? [0, 0] : [lo, hi])),
    );
  const emulate =
    pool =>
    ({x}) =>
      tf.tidy(() => first(tf, pool(last(x))));
  const spec = (k, s, p, countIncludePad) => ({
    kind: 'pool',
    kernelSize: [k, k],
    stride: [s, s],
    padding: [p, p],
    ceilMode: false,
    countIncludePad,
    divisorOverride: null,
  });
  const out2d = (k, s, p, ceil) => [N, C, outSize(H, k, s, p, ceil), outSize(W, k, s, p, ceil)];
  const pool2d = (id, name, k, s, p, opts, emulatedPool, exact, onnxExtra = {}) => ({
    id,
    name,
    shape: shape2d,
    outShape: out2d(k, s, p, opts.ceilMode),
    exact,
    nativeExact: p === 0,
    ours: ({x}) => tt.avgPool2d(x, k, {stride: s, padding: p, ...opts}),
    oursLast: ({xl}) => nhwc.avgPool2d(xl, k, {stride: s, padding: p, ...opts}),
    native: ({xl}) => tf.avgPool(xl, k, s, 'valid'),
    // the layout table's tfjs NHWC kernel for the same work: 'same' where its output is ours' size (all tfjs-node
    // takes besides 'valid'), exact for count_include_pad=False; ceil mode has none, so 'valid' (less work, ≈)
    ...(p > 0 && !opts.ceilMode
      ? {nativeLast: ({xl}) => tf.avgPool(xl, k, s, 'same'), nativeLastExact: opts.countIncludePad === false}
      : {}),
    emulated: emulate(emulatedPool),
    onnx: ['AveragePool', {kernel_shape: [k, k], strides: [s, s], ...(p ? {pads: [p, p, p, p]} : {}), ...onnxExtra}],
  });
  if (H % 7 || W % 7) throw new Error(`adaptive 7×7 needs H and W multiples of 7, got ${H}×${W}`);
  return [
    pool2d('k2s2', 'avg_pool2d k2 s2', 2, 2, 0, {}, xl => tf.avgPool(xl, 2, 2, 'valid'), true),
    pool2d('k3s1p1', 'avg_pool2d k3 s1 p1', 3, 1, 1, {}, xl => tf.avgPool(padSpatial(xl, 1, 1), 3, 1, 'valid'), true, {
      count_include_pad: 1,
    }),
    pool2d(
      'k3s1p1_excl',
      'avg_pool2d k3 s1 p1 count_include_pad=False',
      3,
      1,
      1,
      {countIncludePad: false},
      xl => tf.avgPool(xl, 3, 1, 'same'),
      true,
      {count_include_pad: 0},
    ),
    pool2d('k7s1', 'avg_pool2d k7 s1', 7, 1, 0, {}, xl => tf.avgPool(xl, 7, 1, 'valid'), true),
    // The ceil-mode overhang is padded as zeros here, so the last row and column divide by 9 where PyTorch divides
    // by the in-bounds-or-padding count: same work, slightly different values.
    pool2d(
      'k3s2p1_ceil',
      'avg_pool2d k3 s2 p1 ceil_mode',
      3,
      2,
      1,
      {ceilMode: true},
      xl => tf.avgPool(padSpatial(xl, 1, 2), 3, 2, 'valid'),
      false,
      {ceil_mode: 1, count_include_pad: 1},
    ),
    {
      id: 'adaptive',
      name: `adaptive_avg_pool2d ${H}→7`,
      shape: shape2d,
      outShape: [N, C, 7, 7],
      exact: true,
      nativeExact: true,
      ours: ({x}) => tt.adaptiveAvgPool2d(x, 7),
      oursLast: ({xl}) => nhwc.adaptiveAvgPool2d(xl, 7),
      native: ({xl}) => tf.avgPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid'),
      emulated: emulate(xl => tf.avgPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid')),
      onnx: ['AveragePool', {kernel_shape: [H / 7, W / 7], strides: [H / 7, W / 7]}],
    },
    {
      id: 'mean',
      name: 'mean over H, W',
      shape: shape2d,
      outShape: [N, C],
      exact: true,
      nativeExact: true,
      ours: ({x}) => tt.mean(x, [2, 3]),
      // mean over a channels-last tensor's spatial axes: the same op, other axes (no layout option needed)
      oursLast: ({xl}) => tt.mean(xl, [1, 2]),
      native: ({x}) => tf.mean(x, [2, 3]),
      nativeLast: ({xl}) => tf.mean(xl, [1, 2]),
      emulated: ({x}) => tf.tidy(() => tf.div(tf.sum(x, [2, 3]), H * W)),
      // XNNPACK's reduction as tfjs-wasm reaches it: its AvgPool (XNNPACK's average pooling; its Mean is tfjs's own
      // C++ loop) with one H×W window on the channels-last input, [N, 1, 1, C]: the values of [N, C] in that order.
      // bench/pools.mjs times it on wasm only (elsewhere it is the backend's own avgPool, not XNNPACK).
      xnnpack: ({xl}) => tf.avgPool(xl, [H, W], [H, W], 'valid'),
      onnx: ['ReduceMean', {axes: [2, 3], keepdims: 0}],
    },
    {
      id: 'pool3d',
      name: `avg_pool3d k3 s2 p1 [${shape3d}]`,
      shape: shape3d,
      exact: true,
      nativeExact: false,
      outShape: [...shape3d.slice(0, 2), ...shape3d.slice(2).map(L => outSize(L, 3, 2, 1))],
      ours: ({x}) => tt.avgPool3d(x, 3, {stride: 2, padding: 1}),
      oursLast: ({xl}) => nhwc.avgPool3d(xl, 3, {stride: 2, padding: 1}),
      native: ({xl}) => tf.avgPool3d(xl, 3, 2, 'valid'),
      // the same output size as ours ('same' pads after, PyTorch before: other windows, the same work)
      nativeLast: ({xl}) => tf.avgPool3d(xl, 3, 2, 'same'),
      nativeLastExact: false,
      emulated: emulate(xl => tf.avgPool3d(padSpatial(xl, 1, 1), 3, 2, 'valid')),
      onnx: [
        'AveragePool',
        {kernel_shape: [3, 3, 3], strides: [2, 2, 2], pads: [1, 1, 1, 1, 1, 1], count_include_pad: 1},
      ],
    },
    // Backward kernels only (no forward): this package's TorchAvgPoolGrad against tfjs's AvgPoolGrad 'same'. The
    // browser and wasm backends' AvgPoolGrad divides by k² even at the edges (unlike their forward), which is
    // PyTorch's count_include_pad gradient; TensorFlow's divides by the real count (the values check marks it ≈).
    {
      id: 'grad',
      name: 'avg_pool2d k3 s1 p1, gradient',
      shape: shape2d,
      outShape: shape2d,
      grad: true,
      exact: true,
      nativeExact: true,
      ours: ({x, dy}) => tf.engine().runKernel(tt.TorchAvgPoolGrad, {dy, x}, {spec: spec(3, 1, 1, true)}),
      oursLast: ({xl, dyl}) => nhwc.avgPool2dGrad(dyl, xl, 3, {stride: 1, padding: 1}),
      native: ({xl, dyl}) =>
        tf.engine().runKernel('AvgPoolGrad', {dy: dyl, input: xl}, {filterSize: [3, 3], strides: [1, 1], pad: 'same'}),
      emulated: ({x, dy}) =>
        tf.tidy(() =>
          first(
            tf,
            tf
              .engine()
              .runKernel(
                'AvgPoolGrad',
                {dy: last(dy), input: last(x)},
                {filterSize: [3, 3], strides: [1, 1], pad: 'same'},
              ),
          ),
        ),
      onnx: null,
    },
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
 * Full and quick timing options of the Node runners (the browser runner passes its own, shorter ones: SwiftShader
 * calls take 100 ms). See raceRounds for what each means.
 */
export const TIMING = {
  full: {rounds: 6, perRound: 3, minMs: 200, warmCap: 40, warmMs: 2000},
  quick: {rounds: 5, perRound: 1, minMs: 0, warmCap: 8, warmMs: 1000},
};

/** One timed call: start, compute, read the result back (queued GPU work and lazy backends count), free it. */
async function timeOnce(f) {
  const t = performance.now();
  const y = f();
  await y.data();
  y.dispose();
  return performance.now() - t;
}

/**
 * Timing of contenders (functions returning {data(), dispose()}; null entries are skipped and give null) at steady
 * state, in one process, alternating call by call so that a noisy neighbour or a clock change slows all alike:
 *
 * 1. Warm-up: the contenders are called in turn until each one's timings settle: the median of its last `window`
 *    calls is within `settle` (5%) of the median of the `window` before, or it has made `warmCap` calls, or spent
 *    `warmMs` (a slow contender, e.g. tfjs-cpu's emulation at 0.25 s a call, stops on time). onnxruntime-node, for
 *    one, needs several calls (5.0, 2.8, 1.1, 1.0 … ms for an AveragePool that runs at 0.5–0.9 ms once warm).
 * 2. Rounds: at least `rounds` rounds (more while all rounds so far took under `minMs`, at most `maxRounds`), each of
 *    `perRound` calls of every contender, interleaved. A contender's time is the median of all its timed calls; the
 *    spread of a ratio is the min–max over rounds of (round median of one) / (round median of the other).
 *
 * Returns {medians, roundMedians (per contender, one per round), warmup (calls per contender), settled (per
 * contender: false when it stopped on the cap)}.
 */
export async function raceRounds(
  contenders,
  {
    rounds = 7,
    perRound = 5,
    minMs = 300,
    maxRounds = 40,
    warmup = 2,
    window = 5,
    settle = 0.05,
    warmCap = 60,
    warmMs = 3000,
  } = {},
) {
  const live = contenders.map(f => f != null);
  const warm = contenders.map(() => []);
  const settled = contenders.map(() => false);
  const spent = contenders.map(() => 0);
  const isDone = i => {
    const w = warm[i];
    if (w.length < warmup) return false;
    if (w.length >= 2 * window) {
      const [a, b] = [median(w.slice(-2 * window, -window)), median(w.slice(-window))];
      if (Math.abs(b - a) <= settle * a) return (settled[i] = true);
    }
    return w.length >= warmCap || spent[i] >= warmMs;
  };
  for (let busy = true; busy;) {
    busy = false;
    for (let i = 0; i < contenders.length; i++) {
      if (!live[i] || isDone(i)) continue;
      busy = true;
      const t = await timeOnce(contenders[i]);
      warm[i].push(t);
      spent[i] += t;
    }
  }
  const times = contenders.map(() => []);
  const roundMedians = contenders.map(() => []);
  const t0 = performance.now();
  for (let r = 0; r < rounds || (performance.now() - t0 < minMs && r < maxRounds); r++) {
    const these = contenders.map(() => []);
    for (let k = 0; k < perRound; k++) {
      for (let i = 0; i < contenders.length; i++) if (live[i]) these[i].push(await timeOnce(contenders[i]));
    }
    these.forEach((ts, i) => {
      if (!live[i]) return;
      times[i].push(...ts);
      roundMedians[i].push(median(ts));
    });
  }
  return {
    medians: times.map(ts => (ts.length ? median(ts) : null)),
    roundMedians,
    warmup: warm.map(w => w.length),
    settled: settled.map((s, i) => (live[i] ? s : null)),
  };
}

/** Median ms of each contender (raceRounds' medians; kept for callers that want only those). */
export async function race(contenders, options) {
  return (await raceRounds(contenders, options)).medians;
}

/** min–max over rounds of ours' round median / the other's (null where either has no rounds). */
export function roundSpread(ours, other) {
  if (!ours?.length || !other?.length) return null;
  const r = ours.map((t, i) => t / other[i]);
  return [Math.min(...r), Math.max(...r)];
}

/**
 * The memory floor of a configuration, as a contender: one read of the input and one write of the output, in
 * this process, as typed-array copies (`set`) of an input-sized and an output-sized Float32Array into preallocated
 * ones, both already resident. A copy also writes what it reads, so this is a little above a pure one-pass reduce
 * of the input (mean), and about the floor of a pool, whose output must be written; no kernel that reads its input
 * from memory once can go far below it. On webgl/webgpu it is the page's JavaScript copy: SwiftShader renders on the
 * same CPU, from the same memory.
 */
export function floorContender(c) {
  const size = s => s.reduce((a, b) => a * b, 1);
  const [xin, xcopy] = [inputData(size(c.shape), 1), new Float32Array(size(c.shape))];
  const [yin, ycopy] = [inputData(size(c.outShape), 2), new Float32Array(size(c.outShape))];
  return () => {
    xcopy.set(xin);
    ycopy.set(yin);
    return {data: async () => ycopy, dispose() {}};
  };
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
  const fns = {
    ours: c.ours,
    native: c.native,
    emulated: c.emulated,
    oursLast: c.oursLast,
    nativeLast: c.nativeLast,
    ...extra,
  };
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
        const yy = CHANNELS_LAST_OUT.has(n) && y.rank >= 4 ? first(tf, y) : y;
        values[n] = await yy.data();
        y.dispose();
        yy.dispose();
        if (values[n].some(Number.isNaN)) throw new Error('output not written (NaN poison read back): kernel failed');
      } catch (e) {
        errors[n] = String(e?.message ?? e).split('\n')[0];
        values[n] = null;
      }
    }
    const declared = {
      native: c.nativeExact,
      emulated: c.exact,
      oursLast: true,
      nativeLast: c.nativeLastExact ?? c.nativeExact,
    };
    const maxAbsDiff = {};
    for (const n of names.filter(n => n !== 'ours' && (declared[n] ?? true) && values.ours && values[n])) {
      const [a, b] = [values.ours, values[n]];
      maxAbsDiff[n] = a.length === b.length ? a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0) : Infinity;
    }
    // The memory floor runs interleaved with the rest, so it sees the same machine state.
    const timed = options?.floor === false ? names : [...names, 'floor'];
    const run = n => (n === 'floor' ? floorContender(c) : values[n] ? () => fns[n](inputs) : null);
    const r = await raceRounds(timed.map(run), options);
    const same = n => maxAbsDiff[n] !== undefined && maxAbsDiff[n] <= EXACT_TOLERANCE;
    const at = n => timed.indexOf(n);
    return {
      id: c.id,
      name: c.name,
      exact: same('emulated'),
      nativeExact: same('native'),
      extraExact: Object.fromEntries(Object.keys(extra).map(n => [n, same(n)])),
      maxAbsDiff,
      ms: Object.fromEntries(timed.map((n, i) => [n, r.medians[i]])),
      spread: Object.fromEntries(
        timed.filter(n => n !== 'ours').map(n => [n, roundSpread(r.roundMedians[at('ours')], r.roundMedians[at(n)])]),
      ),
      rounds: r.roundMedians[at('ours')]?.length ?? 0,
      layoutSpread: layoutSpread(timed, r.roundMedians),
      warmup: Object.fromEntries(timed.map((n, i) => [n, {calls: r.warmup[i], settled: r.settled[i]}])),
      ...(Object.keys(errors).length ? {errors} : {}),
    };
  } finally {
    tf.dispose(Object.values(inputs).filter(Boolean));
  }
}

/** Contenders whose output is channels-last: brought back to NCHW before their values are compared with ours'. */
const CHANNELS_LAST_OUT = new Set(['native', 'nativeLast', 'oursLast']);

/**
 * The layout table's spreads (min–max over rounds of the per-round ratio): ours NHWC / tfjs's NHWC kernel
 * (nativeLast, else native), and ours NHWC / ours NCHW.
 */
function layoutSpread(timed, roundMedians) {
  const rm = n => (timed.includes(n) ? roundMedians[timed.indexOf(n)] : null);
  return {
    native: roundSpread(rm('oursLast'), rm('nativeLast') ?? rm('native')),
    ours: roundSpread(rm('oursLast'), rm('ours')),
  };
}

const fmt = v => (v === null || v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
/** ours / reference: two decimals, or two significant digits below 0.1 (tfjs-cpu's emulation is 100× slower). */
const num = v => (v < 0.1 ? v.toPrecision(2) : v.toFixed(2));
export const ratio = (a, b) => (a == null || b == null ? '—' : `${num(a / b)}×`);
/** "1.23–1.40": the min–max of per-round ratios (raceRounds), or '' when there is none. */
export const spreadText = s => (s ? `${num(s[0])}–${num(s[1])}` : '');
export const mb = v => (v === null || v === undefined ? '—' : (v / 2 ** 20).toFixed(1));

/**
 * Markdown detail table of one runner's result (cpu, wasm, tensorflow, webgl, webgpu): a column pair per reference,
 * each ratio with its min–max over rounds; the memory floor (floorContender) last.
 */
export function detailTable(result) {
  const {backend, rows} = result;
  const refs = [
    ['native', `${backend} native NHWC`, r => r.nativeExact],
    ['emulated', 'NCHW emulation', r => r.exact],
    ['ort', 'onnxruntime 1 thread', r => r.extraExact?.ort],
    ['ortweb', 'onnxruntime-web 1 thread', r => r.extraExact?.ortweb],
    ['xnnpack', 'XNNPACK H×W avg pool NHWC', r => r.extraExact?.xnnpack],
    ['floor', 'memory floor', () => true],
  ].filter(([k]) => rows.some(r => r.ms[k] != null));
  const peak = rows.some(r => r.peakBytes);
  let md =
    `| config | ours ms | ${refs.map(([, label]) => `${label} ms | ours / ${label} (min–max)`).join(' | ')} |` +
    `${peak ? ' peak MB ours / native / emulation |' : ''}\n|---|---:|${refs.map(() => '---:|---:|').join('')}` +
    `${peak ? '---:|' : ''}\n`;
  for (const r of rows) {
    md +=
      `| ${r.name} | ${fmt(r.ms.ours)} | ${refs
        .map(
          ([k, , exact]) =>
            `${r.ms[k] != null && !exact(r) ? '≈ ' : ''}${fmt(r.ms[k])} | ${ratio(oursFor(r, k), r.ms[k])}${
              r.spread?.[k] ? ` (${spreadText(r.spread[k])})` : ''
            }`,
        )
        .join(' | ')} |` +
      (peak ? ` ${mb(r.peakBytes.ours)} / ${mb(r.peakBytes.native)} / ${mb(r.peakBytes.emulated)} |` : '') +
      '\n';
  }
  return md;
}
export {fmt};

/**
 * Our median for the comparison with `ref`: ours from the same race as `ref` (r.oursFor, where a runner raced that
 * reference in rounds of its own, bench/pools.mjs on cpu), else the row's own.
 */
export const oursFor = (r, ref) => r?.oursFor?.[ref] ?? r?.ms.ours;

/**
 * Markdown table of both layouts per configuration (rows with an `oursLast` time): ours NCHW, ours NHWC, tfjs's own
 * NHWC kernel for the same work (≈ where it computes other values: fewer padded windows, another divisor), ours NHWC /
 * tfjs NHWC and ours NHWC / ours NCHW with their min–max over rounds, and the slower layout / the faster one.
 * Targets (issue 25): ours NHWC ≤ 1.0× tfjs NHWC; slower layout ≤ 1.15× faster.
 */
export function layoutTable(result) {
  const rows = result.rows.filter(r => r.ms?.oursLast != null);
  if (!rows.length) return '';
  let md =
    '| config | ours NCHW ms | ours NHWC ms | tfjs NHWC ms | ours NHWC / tfjs NHWC (min–max) | ' +
    'ours NHWC / ours NCHW (min–max) | slower / faster layout |\n|---|---:|---:|---:|---:|---:|---:|\n';
  for (const r of rows) {
    const tfjs = r.ms.nativeLast ?? r.ms.native;
    const tfjsExact = r.maxAbsDiff?.[r.ms.nativeLast != null ? 'nativeLast' : 'native'] <= EXACT_TOLERANCE;
    const oursExact = r.maxAbsDiff?.oursLast <= EXACT_TOLERANCE;
    const cell = (ref, key) =>
      `${ratio(r.ms.oursLast, ref)}${r.layoutSpread?.[key] ? ` (${spreadText(r.layoutSpread[key])})` : ''}`;
    const [lo, hi] = [Math.min(r.ms.ours, r.ms.oursLast), Math.max(r.ms.ours, r.ms.oursLast)];
    md +=
      `| ${r.name} | ${fmt(r.ms.ours)} | ${oursExact ? '' : '≠ '}${fmt(r.ms.oursLast)} | ` +
      `${tfjs != null && !tfjsExact ? '≈ ' : ''}${fmt(tfjs)} | ${cell(tfjs, 'native')} | ${cell(r.ms.ours, 'ours')} | ` +
      `${ratio(hi, lo)} |\n`;
  }
  return md;
}
