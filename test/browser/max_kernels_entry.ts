/**
 * Browser side of max_kernels.test.ts: the webgl and webgpu kernels of the max-pooling family (TorchMaxPool,
 * TorchMaxPoolGrad, TorchMaxUnpool, TorchGatherPlanes), run through tf.engine().runKernel with the contract's attrs
 * on random geometries and inputs, against a plain loop of PyTorch's rules written here (SEMANTICS.md §10), not
 * against src/geometry, so that a wrong table would show. Everything is compared exactly: a max pool selects, the
 * gradient sums in PyTorch's scatter order, unpool and gather copy.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import '../../src/index';
import {
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import type {MaxWindowSpec} from '../../src/geometry';
import {mulberry32} from '../support/random';
import {TargetArgs, startTarget} from './start_target';

const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);

// ---- PyTorch's rules, as plain loops (SEMANTICS.md §10.1, §10.2, §10.4, §10.5, §10.6) ----

/** Output length of one axis: Pool.h pooling_output_shape_pad_lr. */
function refOutSize(L: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let o = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= L + p) o--;
  return o;
}

/** Taps of output o along one axis, as cpu_max_pool scans them; `first` is the initial index's coordinate. */
function refTaps(spec: MaxWindowSpec, ax: number, L: number, o: number): {first: number; taps: number[]} {
  if (spec.kind === 'adaptive') {
    const O = spec.outputSize[ax];
    const st = Math.floor((o * L) / O);
    const en = Math.ceil(((o + 1) * L) / O);
    return {first: st, taps: Array.from({length: en - st}, (_, t) => st + t)};
  }
  const [k, s, p, d] = [spec.kernelSize[ax], spec.stride[ax], spec.padding[ax], spec.dilation[ax]];
  let st = o * s - p;
  const en = Math.min(st + (k - 1) * d + 1, L);
  while (st < 0) st += d;
  const taps = [];
  for (let i = st; i < en; i += d) taps.push(i);
  return {first: st, taps};
}

interface RefPool {
  outShape: number[];
  values: number[];
  indices: number[];
  /** per output: whether it has an in-bounds tap on every axis (its gradient is dropped otherwise) */
  live: boolean[];
}

function refMaxPool(x: ArrayLike<number>, shape: number[], spec: MaxWindowSpec, integer: boolean): RefPool {
  const nd = spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
  const lead = shape.slice(0, shape.length - nd);
  const inS = [...Array(3 - nd).fill(1), ...shape.slice(shape.length - nd)];
  const outSp = shape
    .slice(shape.length - nd)
    .map((L, a) =>
      spec.kind === 'adaptive'
        ? spec.outputSize[a]
        : refOutSize(L, spec.kernelSize[a], spec.stride[a], spec.padding[a], spec.dilation[a], spec.ceilMode),
    );
  const outS = [...Array(3 - nd).fill(1), ...outSp];
  // Trivial leading axes: one tap at 0.
  const taps = (a: number, o: number) => (a < 3 - nd ? {first: 0, taps: [0]} : refTaps(spec, a - (3 - nd), inS[a], o));
  const values: number[] = [],
    indices: number[] = [],
    live: boolean[] = [];
  const planeIn = prod(inS);
  for (let p = 0; p < prod(lead); p++) {
    for (let o0 = 0; o0 < outS[0]; o0++)
      for (let o1 = 0; o1 < outS[1]; o1++)
        for (let o2 = 0; o2 < outS[2]; o2++) {
          const [t0, t1, t2] = [taps(0, o0), taps(1, o1), taps(2, o2)];
          let best = integer ? -(2 ** 31) : -Infinity;
          let bi = (t0.first * inS[1] + t1.first) * inS[2] + t2.first;
          for (const i0 of t0.taps)
            for (const i1 of t1.taps)
              for (const i2 of t2.taps) {
                const pos = (i0 * inS[1] + i1) * inS[2] + i2;
                const v = x[p * planeIn + pos];
                if (v > best || Number.isNaN(v)) {
                  best = v;
                  bi = pos;
                }
              }
          values.push(best);
          indices.push(bi);
          live.push(t0.taps.length > 0 && t1.taps.length > 0 && t2.taps.length > 0);
        }
  }
  return {outShape: [...lead, ...outSp], values, indices, live};
}

/** cpu_max_pool_backward: zeros, then grad[plane][index] += dy in output order (float32 adds). */
function refMaxPoolGrad(dy: ArrayLike<number>, r: RefPool, xShape: number[], nd: number): number[] {
  const plane = prod(xShape.slice(xShape.length - nd));
  const outPlane = prod(r.outShape.slice(r.outShape.length - nd));
  const dx = new Float32Array(prod(xShape));
  for (let o = 0; o < r.indices.length; o++) {
    if (!r.live[o]) continue;
    const at = Math.floor(o / outPlane) * plane + r.indices[o];
    dx[at] = Math.fround(dx[at] + dy[o]);
  }
  return Array.from(dx);
}

// ---- comparison ----

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function compare(
  what: string,
  got: tf.Tensor,
  shape: number[],
  dtype: string,
  want: ArrayLike<number>,
  failures: string[],
): void {
  if (JSON.stringify(got.shape) !== JSON.stringify(shape)) {
    failures.push(`${what}: shape ${JSON.stringify(got.shape)}, expected ${JSON.stringify(shape)}`);
    return;
  }
  if (got.dtype !== dtype) failures.push(`${what}: dtype ${got.dtype}, expected ${dtype}`);
  const v = got.dataSync();
  let bad = 0;
  for (let i = 0; i < want.length; i++) {
    if (!same(v[i], want[i])) {
      if (bad++ < 3) failures.push(`${what}[${i}] = ${v[i]}, expected ${want[i]}`);
    }
  }
  if (bad > 3) failures.push(`${what}: ${bad} of ${want.length} differ`);
}

// ---- random cases ----

export interface MaxCase {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  spec: MaxWindowSpec;
  /** how the input is filled: small integers (ties) with NaN/±inf/-0, all negative, or a fixed array */
  fill: 'ties' | 'negative' | 'special' | number[];
  grad: boolean;
}

function randomCase(r: () => number, i: number): MaxCase {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const nd = int(1, 3);
  const lead = r() < 0.2 ? [int(1, 3)] : [r() < 0.08 ? 0 : int(1, 2), int(1, 3)];
  for (;;) {
    const sp = Array.from({length: nd}, () => int(1, nd === 3 ? 6 : 9));
    let spec: MaxWindowSpec;
    if (r() < 0.3) {
      spec = {kind: 'adaptive', outputSize: sp.map(L => int(1, L + 2))};
    } else {
      const kernelSize = sp.map(() => int(1, 4));
      spec = {
        kind: 'max',
        kernelSize,
        stride: sp.map(() => int(1, 3)),
        padding: kernelSize.map(k => int(0, k >> 1)),
        dilation: sp.map(() => (r() < 0.5 ? 1 : int(2, 3))),
        ceilMode: r() < 0.5,
      };
      const s = spec;
      if (sp.some((L, a) => refOutSize(L, s.kernelSize[a], s.stride[a], s.padding[a], s.dilation[a], s.ceilMode) < 1)) {
        continue;
      }
    }
    const dtype = spec.kind === 'max' && r() < 0.2 ? 'int32' : 'float32';
    const fill = (['ties', 'negative', 'special'] as const)[int(0, dtype === 'int32' ? 1 : 2)];
    return {
      name: `random ${i}: ${JSON.stringify(spec)} on [${[...lead, ...sp]}] ${dtype} ${fill}`,
      shape: [...lead, ...sp],
      dtype,
      spec,
      fill,
      grad: dtype === 'float32',
    };
  }
}

function inputValues(c: MaxCase, r: () => number): number[] {
  const n = prod(c.shape);
  if (Array.isArray(c.fill))
    return Array.from({length: n}, (_, i) => (c.fill as number[])[i % (c.fill as number[]).length]);
  return Array.from({length: n}, () => {
    const u = r();
    if (c.fill === 'negative') return c.dtype === 'int32' && u < 0.1 ? -(2 ** 31) : -1 - Math.floor(u * 5);
    if (c.fill === 'special') {
      if (u < 0.08) return NaN;
      if (u < 0.14) return -Infinity;
      if (u < 0.18) return Infinity;
      if (u < 0.26) return -0;
      if (u < 0.34) return 0;
    }
    return Math.floor(r() * 5) - 2;
  });
}

/** Data ids the backend holds: a kernel that leaks an intermediate shows here, not in tf.memory().numTensors. */
function dataIds(): number {
  return (tf.backend() as unknown as {numDataIds(): number}).numDataIds();
}

function runPoolCase(c: MaxCase, seed: number): string[] {
  const failures: string[] = [];
  const r = mulberry32(seed);
  const xv = inputValues(c, r);
  const nd = c.spec.kind === 'max' ? c.spec.kernelSize.length : c.spec.outputSize.length;
  const ref = refMaxPool(xv, c.shape, c.spec, c.dtype === 'int32');
  const x = tf.tensor(xv, c.shape, c.dtype);
  const before = [tf.memory().numTensors, dataIds()];
  const [values, indices] = tf
    .engine()
    .runKernel(TorchMaxPool, {x}, {spec: c.spec} as unknown as tf.NamedAttrMap) as tf.Tensor[];
  compare(
    'values',
    values,
    ref.outShape,
    c.dtype,
    c.dtype === 'int32' ? ref.values.map(v => v | 0) : ref.values,
    failures,
  );
  compare('indices', indices, ref.outShape, 'int32', ref.indices, failures);
  // the values-only kernel (a max pool without returnIndices) scans apart from the index scan: same values exactly
  const alone = tf
    .engine()
    .runKernel(TorchMaxPoolValues, {x}, {spec: c.spec} as unknown as tf.NamedAttrMap) as tf.Tensor;
  compare(
    'values only',
    alone,
    ref.outShape,
    c.dtype,
    c.dtype === 'int32' ? ref.values.map(v => v | 0) : ref.values,
    failures,
  );
  alone.dispose();
  if (c.grad) {
    const dyv = Array.from({length: ref.values.length}, () => Math.fround((Math.floor(r() * 2001) - 1000) / 64));
    const dy = tf.tensor(dyv, ref.outShape, 'float32');
    const dx = tf
      .engine()
      .runKernel(TorchMaxPoolGrad, {dy, indices, x}, {spec: c.spec} as unknown as tf.NamedAttrMap) as tf.Tensor;
    compare('dx', dx, c.shape, 'float32', refMaxPoolGrad(dyv, ref, c.shape, nd), failures);
    tf.dispose([dy, dx]);
  }
  tf.dispose([values, indices]);
  const after = [tf.memory().numTensors, dataIds()];
  if (after[0] !== before[0] || after[1] !== before[1]) {
    failures.push(`leak: tensors/dataIds ${before} before, ${after} after`);
  }
  x.dispose();
  return failures;
}

/** max_unpool (MaxUnpoolKernel.cpp): zeros, then out[plane][indices[j]] = x[j] in flat order (last write wins). */
function runUnpoolCase(lead: number[], inSp: number[], outSp: number[], seed: number): string[] {
  const failures: string[] = [];
  const r = mulberry32(seed);
  const P = prod(outSp),
    Q = prod(inSp),
    planes = prod(lead);
  const xv = Array.from({length: planes * Q}, () => Math.floor(r() * 200) - 100);
  // Few distinct targets, so duplicates (where the last write must win) are common.
  const spread = Math.max(1, Math.floor(P * (r() < 0.5 ? 0.3 : 1)));
  const iv = Array.from({length: planes * Q}, () => Math.floor(r() * spread));
  const want = new Float32Array(planes * P);
  for (let q = 0; q < planes; q++) for (let j = 0; j < Q; j++) want[q * P + iv[q * Q + j]] = xv[q * Q + j];
  const x = tf.tensor(xv, [...lead, ...inSp], 'float32');
  const ind = tf.tensor(iv, [...lead, ...inSp], 'int32');
  // Its gradient: dy gathered at the indices; plus indices outside the plane, which gather 0.
  const gv = Array.from({length: planes * P}, () => Math.floor(r() * 100));
  const g = tf.tensor(gv, [...lead, ...outSp], 'float32');
  const wild = iv.map(i => (r() < 0.1 ? (r() < 0.5 ? -1 - i : P + i) : i));
  const wi = tf.tensor(wild, [...lead, ...inSp], 'int32');
  const before = [tf.memory().numTensors, dataIds()];
  const out = tf.engine().runKernel(TorchMaxUnpool, {x, indices: ind}, {outputSize: outSp}) as tf.Tensor;
  compare('unpool', out, [...lead, ...outSp], 'float32', want, failures);
  const gathered = tf.engine().runKernel(TorchGatherPlanes, {x: g, indices: wi}, {rank: outSp.length}) as tf.Tensor;
  const wantG = wild.map((i, j) => (i >= 0 && i < P ? gv[Math.floor(j / Q) * P + i] : 0));
  compare('gather', gathered, [...lead, ...inSp], 'float32', wantG, failures);
  tf.dispose([out, gathered]);
  const after = [tf.memory().numTensors, dataIds()];
  if (after[0] !== before[0] || after[1] !== before[1]) {
    failures.push(`leak: tensors/dataIds ${before} before, ${after} after`);
  }
  tf.dispose([x, ind, g, wi]);
  return failures;
}

export interface CaseResult {
  name: string;
  failures: string[];
}

function guard(name: string, f: () => string[]): CaseResult {
  try {
    return {name, failures: f()};
  } catch (e) {
    return {name, failures: [`threw: ${(e as Error).stack ?? e}`]};
  }
}

/** `count` random pool cases (forward, indices, gradient) and unpool/gather cases from `seed`. */
function runRandom({seed, count}: {seed: number; count: number}): CaseResult[] {
  const r = mulberry32(seed);
  const out: CaseResult[] = [];
  for (let i = 0; i < count; i++) {
    const c = randomCase(r, i);
    const s = Math.floor(r() * 2 ** 31);
    out.push(guard(`${c.name} seed ${s}`, () => runPoolCase(c, s)));
  }
  for (let i = 0; i < Math.ceil(count / 4); i++) {
    const nd = 1 + Math.floor(r() * 3);
    const lead = r() < 0.3 ? [1 + Math.floor(r() * 3)] : [1 + Math.floor(r() * 2), 1 + Math.floor(r() * 3)];
    const inSp = Array.from({length: nd}, () => 1 + Math.floor(r() * 4));
    const outSp = inSp.map(L => L + Math.floor(r() * 4));
    const s = Math.floor(r() * 2 ** 31);
    out.push(
      guard(`unpool/gather ${i}: [${lead}|${inSp}] -> [${outSp}] seed ${s}`, () => runUnpoolCase(lead, inSp, outSp, s)),
    );
  }
  return out;
}

/** Fixed cases: SEMANTICS.md §10.8's table, and windows/coverings/index planes long enough to need several passes. */
function runFixed(): CaseResult[] {
  const max = (k: number[], s: number[], p: number[], d: number[], ceilMode = false): MaxWindowSpec => ({
    kind: 'max',
    kernelSize: k,
    stride: s,
    padding: p,
    dilation: d,
    ceilMode,
  });
  const cases: MaxCase[] = [
    {
      name: 'nan wins, last nan',
      shape: [1, 1, 4],
      dtype: 'float32',
      spec: max([4], [4], [0], [1]),
      fill: [NaN, 5, NaN, 3],
      grad: true,
    },
    {
      name: 'no in-bounds tap (L=2 k=2 p=1 d=3)',
      shape: [1, 1, 2],
      dtype: 'float32',
      spec: max([2], [1], [1], [3]),
      fill: [1, 2],
      grad: true,
    },
    {
      name: '2d no in-bounds tap',
      shape: [1, 1, 2, 2],
      dtype: 'float32',
      spec: max([2, 2], [1, 1], [1, 1], [3, 3]),
      fill: [1, 2, 3, 4],
      grad: true,
    },
    {
      name: 'all -inf with padding',
      shape: [1, 1, 2],
      dtype: 'float32',
      spec: max([2], [1], [1], [1]),
      fill: [-Infinity, -Infinity],
      grad: true,
    },
    {
      name: 'int min everywhere',
      shape: [1, 2, 5],
      dtype: 'int32',
      spec: max([3], [2], [1], [1], true),
      fill: [-(2 ** 31)],
      grad: false,
    },
    {
      name: 'int32 near 2^24',
      shape: [1, 1, 6],
      dtype: 'int32',
      spec: max([2], [1], [0], [1]),
      fill: [16777215, -16777215, 16777214, 7, -16777216, 16777216],
      grad: false,
    },
    {
      name: '-0 then +0: the first sign is kept',
      shape: [1, 1, 4],
      dtype: 'float32',
      spec: max([2], [2], [0], [1]),
      fill: [-0, 0, 0, -0],
      grad: true,
    },
    {
      name: 'adaptive 1d 10000 -> 2 (bins of 5000 taps: 2 passes)',
      shape: [1, 2, 10000],
      dtype: 'float32',
      spec: {kind: 'adaptive', outputSize: [2]},
      fill: 'special',
      grad: true,
    },
    {
      name: 'max pool 1d k5000 s1 on 10000 (5000 taps, 5000 covering outputs: 2 passes each)',
      shape: [1, 1, 10000],
      dtype: 'float32',
      spec: max([5000], [1], [0], [1]),
      fill: 'ties',
      grad: true,
    },
    {
      name: 'adaptive 3d 20^3 -> 1 (8000 taps, chunk ends mid-row)',
      shape: [1, 1, 20, 20, 20],
      dtype: 'float32',
      spec: {kind: 'adaptive', outputSize: [1, 1, 1]},
      fill: 'ties',
      grad: true,
    },
    {
      name: 'max pool 2d k(70,70) d(1,2) on 75x150 int32',
      shape: [1, 1, 75, 150],
      dtype: 'int32',
      spec: max([70, 70], [3, 5], [2, 0], [1, 2], true),
      fill: 'ties',
      grad: false,
    },
    {
      name: 'max pool 2d k(70,70) s1 d1 on 80x80 (4900 taps and covering outputs)',
      shape: [1, 1, 80, 80],
      dtype: 'float32',
      spec: max([70, 70], [1, 1], [0, 0], [1, 1]),
      fill: 'special',
      grad: true,
    },
    {
      name: 'max pool 1d k5000 p2000 s1000 on 3000 (5000 kernel taps, at most 3000 in bounds: one pass)',
      shape: [2, 1, 3000],
      dtype: 'float32',
      spec: max([5000], [1000], [2000], [1]),
      fill: 'special',
      grad: true,
    },
    {
      name: 'max pool 1d k3000 d2 p1500 s500 on 4000 (a 3000-tap loop, 2000 in bounds)',
      shape: [1, 1, 4000],
      dtype: 'float32',
      spec: max([3000], [500], [1500], [2], true),
      fill: 'ties',
      grad: true,
    },
    // webgl: inputs past WEBGL_MAX_TEXTURE_SIZE rows get squarified textures, whose rows do not align with the
    // input's; the values-only scan steps texture coordinates across their ends (kernels/webgl/max_pool.ts)
    {
      name: 'max pool 2d k3 s2 p1 on [1,1,9000,5] (a squarified texture)',
      shape: [1, 1, 9000, 5],
      dtype: 'float32',
      spec: max([3, 3], [2, 2], [1, 1], [1, 1]),
      fill: 'special',
      grad: false,
    },
    {
      name: 'max pool 2d k(2,4) s(1,3) d(2,1) ceil on [2,3,1500,11] (a squarified texture)',
      shape: [2, 3, 1500, 11],
      dtype: 'float32',
      spec: max([2, 4], [1, 3], [1, 2], [2, 1], true),
      fill: 'special',
      grad: false,
    },
    {
      name: 'adaptive 2d [1,1,9001,3] -> (50,2) (a squarified texture)',
      shape: [1, 1, 9001, 3],
      dtype: 'float32',
      spec: {kind: 'adaptive', outputSize: [50, 2]},
      fill: 'special',
      grad: false,
    },
    {
      name: 'empty batch',
      shape: [0, 2, 5, 5],
      dtype: 'float32',
      spec: max([3, 3], [2, 2], [1, 1], [1, 1]),
      fill: 'ties',
      grad: true,
    },
    {
      name: 'adaptive to size 0',
      shape: [1, 2, 5],
      dtype: 'float32',
      spec: {kind: 'adaptive', outputSize: [0]},
      fill: 'ties',
      grad: true,
    },
  ];
  const out = cases.map((c, i) => guard(c.name, () => runPoolCase(c, 1000 + i)));
  out.push(
    guard('unpool 1d, an index plane of 5000 (2 search passes on webgl)', () =>
      runUnpoolCase([1, 2], [5000], [7000], 77),
    ),
  );
  out.push(guard('unpool 3d with duplicates', () => runUnpoolCase([2, 1], [2, 3, 2], [3, 4, 4], 78)));
  out.push(
    guard('unpool 2d, 100 indices per plane (sorted search on webgl)', () =>
      runUnpoolCase([3, 2], [10, 10], [12, 11], 79),
    ),
  );
  out.push(
    guard('unpool 1d, 65 indices into 3 cells (long runs of duplicates)', () => runUnpoolCase([2], [65], [3], 80)),
  );
  return out;
}

Object.assign(window, {startTarget: (args: TargetArgs) => startTarget(tf, args), runRandom, runFixed});
