/**
 * Browser side of channels_last.test.ts: every kernel the webgl and webgpu backends register as channels-last
 * (kernels/{webgl,webgpu}/register.ts), run through tf.engine().runKernel with `layout: 'channelsLast'` on inputs
 * stored [...batch, ...spatial, C], against the same backend's channels-first kernel on the same logical input, its
 * result transposed to channels-last. Both layouts run the same window formulas in the same order, so the max
 * family, unpool, gather and every int32 result must agree exactly; float average pools are held to the tolerance
 * table's entry for the backend (test/support/tolerances.ts). The channels-last calls run under tf.profile, which
 * must show no Transpose, and leak nothing (tensors and backend data ids).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import '../../src/index';
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {toChannelsLastPerm} from '../../src/geometry';
import type {MaxWindowSpec, WindowSpec} from '../../src/geometry';
import {TOLERANCES, Tolerance} from '../support/tolerances';

export interface TargetArgs {
  backend: 'webgl' | 'webgpu';
  webglVersion?: 1 | 2;
}

export interface CaseResult {
  name: string;
  failures: string[];
}

let backendName: 'webgl' | 'webgpu' = 'webgl';

async function startTarget({backend, webglVersion}: TargetArgs): Promise<string | null> {
  try {
    if (webglVersion !== undefined) tf.env().set('WEBGL_VERSION', webglVersion);
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    backendName = backend;
    return tf.getBackend() === backend ? null : `backend is ${tf.getBackend()}`;
  } catch (e) {
    return String(e);
  }
}

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);
const EXACT: Tolerance = {rtol: 0, atol: 0};

function close(a: number, b: number, tol: Tolerance): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (tol.atol === 0 && tol.rtol === 0) return false;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b);
}

/** Channels-last `got` against channels-first `cf` transposed (a tensor pooled over `nd` axes). */
function compare(what: string, got: tf.Tensor, cf: tf.Tensor, nd: number, tol: Tolerance, failures: string[]) {
  const want = toLast(cf, nd);
  try {
    if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) {
      failures.push(`${what}: shape ${JSON.stringify(got.shape)}, expected ${JSON.stringify(want.shape)}`);
      return;
    }
    if (got.dtype !== want.dtype) failures.push(`${what}: dtype ${got.dtype}, expected ${want.dtype}`);
    const g = got.dataSync();
    const w = want.dataSync();
    let bad = 0;
    for (let i = 0; i < w.length; i++) {
      if (!close(g[i], w[i], tol) && bad++ < 3) failures.push(`${what}[${i}] = ${g[i]}, expected ${w[i]}`);
    }
    if (bad > 3) failures.push(`${what}: ${bad} of ${w.length} differ`);
  } finally {
    want.dispose();
  }
}

/**
 * `t` (channels-first) stored channels-last, permuted here in JavaScript: tfjs-backend-webgpu's own Transpose of an
 * int32 tensor does not compile (its shader writes an i32 through setOutputAtIndex(f32)), and the test must not lean
 * on the kernels it replaces anyway.
 */
function toLast(t: tf.Tensor, nd: number): tf.Tensor {
  const v = t.dataSync();
  if (t.rank <= nd) return tf.tensor(v, t.shape, t.dtype);
  const perm = toChannelsLastPerm(t.rank, nd);
  const shape = perm.map(a => t.shape[a]);
  const strides = t.shape.map((_, a) => prod(t.shape.slice(a + 1)));
  const out = t.dtype === 'int32' ? new Int32Array(v.length) : new Float32Array(v.length);
  const coords = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < v.length; i++) {
    out[i] = v[coords.reduce((at, c, k) => at + c * strides[perm[k]], 0)];
    for (let k = shape.length - 1; k >= 0 && ++coords[k] === shape[k]; k--) coords[k] = 0;
  }
  return tf.tensor(out, shape, t.dtype);
}

/**
 * PyTorch's max-pool backward as a scatter in storage (cpu_max_pool_backward, and its channels-last twin): dy of
 * logical plane (n, c), output o, is added at the stored offset of cell index[o] of that plane, counted from the
 * plane's base with the layout's cell stride: (n·C + c)·P + index channels-first, (n·P + index)·C + c channels-last.
 * An index past the plane (a padding-only window's) lands in another plane, a different one per layout; past the
 * end it is dropped. `dy`, `indices` stored in `layout`; dy's values are multiples of 1/64 small enough that every
 * float32 sum is exact in any order.
 */
function refMaxGrad(
  dy: tf.Tensor,
  indices: tf.Tensor,
  logicalIn: number[],
  nd: number,
  channelsLast: boolean,
): Float32Array {
  const P = prod(logicalIn.slice(-nd));
  const C = logicalIn.length > nd ? logicalIn[logicalIn.length - nd - 1] : 1;
  const N = prod(logicalIn.slice(0, Math.max(0, logicalIn.length - nd - 1)));
  const Q = prod(indices.shape) / (N * C);
  const dx = new Float32Array(N * C * P);
  const g = dy.dataSync();
  const ix = indices.dataSync();
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let o = 0; o < Q; o++) {
        const from = channelsLast ? (n * Q + o) * C + c : (n * C + c) * Q + o;
        const to = channelsLast ? (n * P + ix[from]) * C + c : (n * C + c) * P + ix[from];
        if (to < dx.length) dx[to] += g[from];
      }
    }
  }
  return dx;
}

function compareArray(what: string, got: tf.Tensor, want: Float32Array, failures: string[]) {
  const g = got.dataSync();
  let bad = 0;
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(g[i], want[i]) && bad++ < 3) failures.push(`${what}[${i}] = ${g[i]}, expected ${want[i]}`);
  }
  if (g.length !== want.length) failures.push(`${what}: ${g.length} values, expected ${want.length}`);
  if (bad > 3) failures.push(`${what}: ${bad} of ${want.length} differ`);
}

function dataIds(): number {
  return (tf.backend() as unknown as {numDataIds(): number}).numDataIds();
}

const CL = {layout: 'channelsLast'};
type Run = () => tf.Tensor | tf.Tensor[];

/**
 * Runs `f` (channels-last kernel calls) under tf.profile: no Transpose may run, and every tensor `f` returns is
 * handed back for comparison (the caller disposes them).
 */
async function profiled(f: Run, failures: string[]): Promise<tf.Tensor[]> {
  let out: tf.Tensor[] = [];
  const info = await tf.profile(() => {
    const r = f();
    out = Array.isArray(r) ? r : [r];
    return out;
  });
  const names = info.kernelNames.filter(n => /transpose/i.test(n));
  if (names.length > 0) failures.push(`channels-last ran ${names.join(', ')}`);
  return out;
}

/** Small integers (ties), NaN, ±inf, -0 for the max family; values in [-2, 2) for averages. */
function fill(n: number, r: () => number, special: boolean, int: boolean): number[] {
  return Array.from({length: n}, () => {
    if (int) return Math.floor(r() * 2001) - 1000;
    if (special) {
      const u = r();
      if (u < 0.05) return NaN;
      if (u < 0.08) return -Infinity;
      if (u < 0.11) return Infinity;
      if (u < 0.18) return -0;
      return Math.floor(r() * 5) - 2;
    }
    return Math.fround(r() * 4 - 2);
  });
}

interface AvgCase {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  spec: WindowSpec;
}

interface MaxCase {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  spec: MaxWindowSpec;
}

const pool = (k: number[], s: number[], p: number[], ceilMode = false, cip = true, div: number | null = null) =>
  ({
    kind: 'pool',
    kernelSize: k,
    stride: s,
    padding: p,
    ceilMode,
    countIncludePad: cip,
    divisorOverride: div,
  }) as WindowSpec;
const adaptive = (o: number[]) => ({kind: 'adaptive', outputSize: o}) as WindowSpec & MaxWindowSpec;
const max = (k: number[], s: number[], p: number[], d: number[], ceilMode = false): MaxWindowSpec => ({
  kind: 'max',
  kernelSize: k,
  stride: s,
  padding: p,
  dilation: d,
  ceilMode,
});

const AVG_CASES: AvgCase[] = [
  {
    name: 'avg 2d N2 C3 k3 s2 p1 ceil, exclude pad',
    shape: [2, 3, 7, 6],
    dtype: 'float32',
    spec: pool([3, 3], [2, 2], [1, 1], true, false),
  },
  {
    name: 'avg 1d unbatched C5 k4 s3 p2 ceil, divisor 3',
    shape: [5, 9],
    dtype: 'float32',
    spec: pool([4], [3], [2], true, true, 3),
  },
  {
    name: 'avg 3d N1 C4 k2 s1 p1',
    shape: [1, 4, 4, 5, 3],
    dtype: 'float32',
    spec: pool([2, 2, 2], [1, 1, 1], [1, 1, 1]),
  },
  {name: 'adaptive avg 2d N2 C5 7x5 -> 3x4', shape: [2, 5, 7, 5], dtype: 'float32', spec: adaptive([3, 4])},
  {name: 'adaptive avg 1d unbatched C1 10 -> 4', shape: [1, 10], dtype: 'float32', spec: adaptive([4])},
  {name: 'adaptive avg 3d N2 C3 -> (2,1,3)', shape: [2, 3, 3, 4, 5], dtype: 'float32', spec: adaptive([2, 1, 3])},
  {name: 'avg 2d int32 C3 k2 s2', shape: [1, 3, 5, 5], dtype: 'int32', spec: pool([2, 2], [2, 2], [0, 0])},
  {name: 'adaptive avg 2d int32 C4 -> 2x2', shape: [2, 4, 5, 3], dtype: 'int32', spec: adaptive([2, 2])},
  {
    name: 'adaptive avg 2d C3 70x70 -> 1x1 (tiled passes)',
    shape: [1, 3, 70, 70],
    dtype: 'float32',
    spec: adaptive([1, 1]),
  },
  {
    name: 'avg 1d C3 k4100 s1 on 4200 (tiled forward, tiled gradient)',
    shape: [1, 3, 4200],
    dtype: 'float32',
    spec: pool([4100], [1], [0]),
  },
];

const MAX_CASES: MaxCase[] = [
  {
    name: 'max 2d N2 C3 k3 s2 p1 ceil',
    shape: [2, 3, 7, 6],
    dtype: 'float32',
    spec: max([3, 3], [2, 2], [1, 1], [1, 1], true),
  },
  {name: 'max 1d unbatched C5 k3 s2 p1 d2', shape: [5, 11], dtype: 'float32', spec: max([3], [2], [1], [2])},
  {
    name: 'max 3d N2 C4 k2 s(1,2,2) p1',
    shape: [2, 4, 3, 4, 5],
    dtype: 'float32',
    spec: max([2, 2, 2], [1, 2, 2], [1, 1, 1], [1, 1, 1]),
  },
  {name: 'adaptive max 2d N1 C5 7x9 -> 3x4', shape: [1, 5, 7, 9], dtype: 'float32', spec: adaptive([3, 4])},
  {name: 'adaptive max 1d C1 unbatched 10 -> 3', shape: [1, 10], dtype: 'float32', spec: adaptive([3])},
  {
    name: 'max 1d padding-only windows N3 C2 k2 p1 d3',
    shape: [3, 2, 2],
    dtype: 'float32',
    spec: max([2], [1], [1], [3]),
  },
  {
    name: 'max 2d padding-only windows N2 C3 k2 p1 d3',
    shape: [2, 3, 2, 2],
    dtype: 'float32',
    spec: max([2, 2], [1, 1], [1, 1], [3, 3]),
  },
  {
    name: 'max 2d int32 C3 k2 s1 d2 ceil',
    shape: [2, 3, 6, 5],
    dtype: 'int32',
    spec: max([2, 2], [1, 2], [1, 0], [2, 1], true),
  },
  {name: 'adaptive max 1d C3 5000 -> 1 (2 passes)', shape: [1, 3, 5000], dtype: 'float32', spec: adaptive([1])},
  {
    name: 'max 1d C2 k4100 s1 on 4200 (2 index passes, 2 gradient passes)',
    shape: [1, 2, 4200],
    dtype: 'float32',
    spec: max([4100], [1], [0], [1]),
  },
];

function runAvgCase(c: AvgCase, seed: number): Promise<string[]> {
  return runCase(seed, async (r, failures) => {
    const nd = c.spec.kind === 'pool' ? c.spec.kernelSize.length : c.spec.outputSize.length;
    const tol = c.dtype === 'int32' ? EXACT : TOLERANCES[backendName].pool;
    const x = tf.tensor(fill(prod(c.shape), r, false, c.dtype === 'int32'), c.shape, c.dtype);
    const xl = toLast(x, nd);
    const y = tf.engine().runKernel(TorchAvgPool, {x}, {spec: c.spec} as unknown as tf.NamedAttrMap) as tf.Tensor;
    const dy = c.dtype === 'float32' ? tf.tensor(fill(y.size, r, false, false), y.shape, 'float32') : null;
    const dx = dy
      ? (tf.engine().runKernel(TorchAvgPoolGrad, {dy, x}, {spec: c.spec} as unknown as tf.NamedAttrMap) as tf.Tensor)
      : null;
    const dyl = dy ? toLast(dy, nd) : null;
    const got = await cleanRun(failures, () => {
      const attrs = {spec: c.spec, ...CL} as unknown as tf.NamedAttrMap;
      const yl = tf.engine().runKernel(TorchAvgPool, {x: xl}, attrs) as tf.Tensor;
      return dyl ? [yl, tf.engine().runKernel(TorchAvgPoolGrad, {dy: dyl, x: xl}, attrs) as tf.Tensor] : [yl];
    });
    compare('avg', got[0], y, nd, tol, failures);
    if (dx) compare('avg grad', got[1], dx, nd, tol, failures);
    return [x, xl, y, ...(dy ? [dy, dyl as tf.Tensor, dx as tf.Tensor] : []), ...got];
  });
}

function runMaxCase(c: MaxCase, seed: number): Promise<string[]> {
  return runCase(seed, async (r, failures) => {
    const nd = c.spec.kind === 'max' ? c.spec.kernelSize.length : c.spec.outputSize.length;
    const int = c.dtype === 'int32';
    const x = tf.tensor(fill(prod(c.shape), r, true, int), c.shape, c.dtype);
    const xl = toLast(x, nd);
    const attrs = {spec: c.spec} as unknown as tf.NamedAttrMap;
    const [values, indices] = tf.engine().runKernel(TorchMaxPool, {x}, attrs) as tf.Tensor[];
    const alone = tf.engine().runKernel(TorchMaxPoolValues, {x}, attrs) as tf.Tensor;
    // gradients of distinct, exactly summable values: any misrouted or reordered term shows
    const dy = tf.tensor(
      Array.from({length: values.size}, () => (Math.floor(r() * 2001) - 1000) / 64),
      values.shape,
      'float32',
    );
    const dx = tf.engine().runKernel(TorchMaxPoolGrad, {dy, indices, x}, attrs) as tf.Tensor;
    const dyl = toLast(dy, nd);
    const il = toLast(indices, nd);
    const got = await cleanRun(failures, () => {
      const a = {spec: c.spec, ...CL} as unknown as tf.NamedAttrMap;
      const [vl, ixl] = tf.engine().runKernel(TorchMaxPool, {x: xl}, a) as tf.Tensor[];
      const al = tf.engine().runKernel(TorchMaxPoolValues, {x: xl}, a) as tf.Tensor;
      // the gradient reads the channels-first forward's indices, transposed: the channels-last indices are checked
      // above to be exactly those
      const dxl = tf.engine().runKernel(TorchMaxPoolGrad, {dy: dyl, indices: il, x: xl}, a) as tf.Tensor;
      return [vl, ixl, al, dxl];
    });
    compare('values', got[0], values, nd, EXACT, failures);
    compare('indices', got[1], indices, nd, EXACT, failures);
    compare('values only', got[2], alone, nd, EXACT, failures);
    // dx: the same scatter in each layout; they differ (beyond the transpose) only where a padding-only window's
    // gradient leaves its plane
    compareArray('dx (channels-first)', dx, refMaxGrad(dy, indices, c.shape, nd, false), failures);
    compareArray('dx', got[3], refMaxGrad(dyl, il, c.shape, nd, true), failures);
    if (!c.name.includes('padding-only')) compare('dx vs channels-first', got[3], dx, nd, EXACT, failures);
    return [x, xl, values, indices, alone, dy, dx, dyl, il, ...got];
  });
}

/** max_unpool (duplicates: the last write wins) and the gather (indices outside the plane gather 0). */
function runUnpoolCase(lead: number[], inSp: number[], outSp: number[], seed: number): Promise<string[]> {
  return runCase(seed, async (r, failures) => {
    const nd = outSp.length;
    const P = prod(outSp);
    const n = prod(lead) * prod(inSp);
    const spread = Math.max(1, Math.floor(P * 0.4));
    const x = tf.tensor(fill(n, r, false, false), [...lead, ...inSp], 'float32');
    const ind = tf.tensor(
      Array.from({length: n}, () => Math.floor(r() * spread)),
      [...lead, ...inSp],
      'int32',
    );
    const g = tf.tensor(fill(prod(lead) * P, r, false, false), [...lead, ...outSp], 'float32');
    const wild = tf.tensor(
      Array.from({length: n}, () =>
        r() < 0.15 ? (r() < 0.5 ? -1 - Math.floor(r() * 3) : P + Math.floor(r() * 3)) : Math.floor(r() * P),
      ),
      [...lead, ...inSp],
      'int32',
    );
    const out = tf.engine().runKernel(TorchMaxUnpool, {x, indices: ind}, {outputSize: outSp}) as tf.Tensor;
    const gathered = tf.engine().runKernel(TorchGatherPlanes, {x: g, indices: wild}, {rank: nd}) as tf.Tensor;
    const [xl, il, gl, wl] = [x, ind, g, wild].map(t => toLast(t, nd));
    const got = await cleanRun(failures, () => [
      tf.engine().runKernel(TorchMaxUnpool, {x: xl, indices: il}, {outputSize: outSp, ...CL}) as tf.Tensor,
      tf.engine().runKernel(TorchGatherPlanes, {x: gl, indices: wl}, {rank: nd, ...CL}) as tf.Tensor,
    ]);
    compare('unpool', got[0], out, nd, EXACT, failures);
    compare('gather', got[1], gathered, nd, EXACT, failures);
    return [x, ind, g, wild, out, gathered, xl, il, gl, wl, ...got];
  });
}

/**
 * The channels-last calls: profiled (no Transpose), and balanced: whatever they allocate besides their outputs must
 * be gone afterwards (tensors and backend data ids).
 */
async function cleanRun(failures: string[], f: () => tf.Tensor[]): Promise<tf.Tensor[]> {
  const before = [tf.memory().numTensors, dataIds()];
  const out = await profiled(f, failures);
  const after = [tf.memory().numTensors - out.length, dataIds() - out.length];
  if (after[0] !== before[0] || after[1] !== before[1]) {
    failures.push(`leak: tensors/dataIds ${before} before, ${after} after (besides the ${out.length} outputs)`);
  }
  return out;
}

/** Runs one case; it returns every tensor it made, all disposed here; then nothing may be left over. */
async function runCase(
  seed: number,
  body: (r: () => number, failures: string[]) => Promise<tf.Tensor[]>,
): Promise<string[]> {
  const failures: string[] = [];
  const before = tf.memory().numTensors;
  const made = await body(rng(seed), failures);
  tf.dispose(made);
  if (tf.memory().numTensors !== before) failures.push(`leak: ${tf.memory().numTensors - before} tensor(s) left`);
  return failures;
}

async function guard(name: string, f: () => Promise<string[]>): Promise<CaseResult> {
  try {
    return {name, failures: await f()};
  } catch (e) {
    return {name, failures: [`threw: ${(e as Error).stack ?? e}`]};
  }
}

async function runAll(): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  let seed = 2026;
  for (const c of AVG_CASES) out.push(await guard(c.name, () => runAvgCase(c, seed++)));
  for (const c of MAX_CASES) out.push(await guard(c.name, () => runMaxCase(c, seed++)));
  const unpools: Array<[number[], number[], number[]]> = [
    [
      [2, 3],
      [4, 5],
      [8, 10],
    ],
    [[5], [3], [7]],
    [
      [1, 4],
      [10, 10],
      [12, 11],
    ],
    [
      [2, 3],
      [2, 2, 2],
      [3, 4, 4],
    ],
  ];
  for (const [lead, inSp, outSp] of unpools) {
    out.push(
      await guard(`unpool/gather [${lead}|${inSp}] -> [${outSp}]`, () => runUnpoolCase(lead, inSp, outSp, seed++)),
    );
  }
  return out;
}

Object.assign(window, {startTarget, runAll});
