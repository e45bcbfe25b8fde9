/**
 * Fuzz: the public max-pool ops on cpu, wasm and tensorflow against a plain reference loop written here from ATen's
 * cpu_max_pool / cpu_adaptive_max_pool (docs/max-pooling.md §1) and its scatter backward (§3), on many random
 * geometries (1d–3d, dilation, padding, ceil mode, adaptive bins, unbatched) and inputs full of ties, NaN, ±inf and
 * -0; int32 inputs too. Values, indices and gradients must be identical (the sign of zero included). The fixture
 * suites check the same ops against PyTorch itself on fewer cases.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as fc from 'fast-check';
import * as tt from '../../src/index';
import {describeIfAvailable, IN_CI, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';
import {mulberry32} from '../support/random';

interface Geometry {
  nd: number;
  lead: number[];
  size: number[];
  /** null: adaptive with `outputSize` */
  pool: {k: number[]; s: number[]; p: number[]; d: number[]; ceil: boolean} | null;
  outputSize: number[];
  integer: boolean;
  seed: number;
}

function outLen(L: number, k: number, p: number, s: number, d: number, ceil: boolean): number {
  let o = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= L + p) o--;
  return o;
}

/** Per axis and output: the taps PyTorch's loop visits (positions), and the index it starts from. */
function axisTaps(g: Geometry, axis: number): {taps: number[][]; first: number[]} {
  const L = g.size[axis];
  const taps: number[][] = [];
  const first: number[] = [];
  if (g.pool === null) {
    const O = g.outputSize[axis];
    for (let o = 0; o < O; o++) {
      const st = Math.floor((o * L) / O);
      const en = Math.ceil(((o + 1) * L) / O);
      taps.push(Array.from({length: en - st}, (_, i) => st + i));
      first.push(st);
    }
    return {taps, first};
  }
  const {k, s, p, d, ceil} = g.pool;
  const O = outLen(L, k[axis], p[axis], s[axis], d[axis], ceil);
  for (let o = 0; o < O; o++) {
    let st = o * s[axis] - p[axis];
    const en = Math.min(st + (k[axis] - 1) * d[axis] + 1, L);
    while (st < 0) st += d[axis];
    const list: number[] = [];
    for (let i = st; i < en; i += d[axis]) list.push(i);
    taps.push(list);
    first.push(st);
  }
  return {taps, first};
}

function cartesian(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((acc, l) => acc.flatMap(a => l.map(v => [...a, v])), [[]]);
}

/** The reference: values, indices and the scattered gradient of dy. */
function reference(g: Geometry, x: ArrayLike<number>, dy: Float32Array) {
  const axes = g.size.map((_, a) => axisTaps(g, a));
  const outSpatial = axes.map(a => a.taps.length);
  const planes = g.lead.reduce((a, b) => a * b, 1);
  const inPlane = g.size.reduce((a, b) => a * b, 1);
  const outPlane = outSpatial.reduce((a, b) => a * b, 1);
  const flat = (pos: number[]) => pos.reduce((acc, v, a) => acc * g.size[a] + v, 0);
  const values: number[] = [];
  const indices: number[] = [];
  const dx = new Float32Array(planes * inPlane);
  const outputs = cartesian(outSpatial.map(n => Array.from({length: n}, (_, i) => i)));
  for (let pl = 0; pl < planes; pl++) {
    outputs.forEach((o, j) => {
      const taps = cartesian(o.map((oi, a) => axes[a].taps[oi]));
      let best = g.integer ? -2147483648 : -Infinity;
      let index = flat(o.map((oi, a) => axes[a].first[oi]));
      for (const t of taps) {
        const v = x[pl * inPlane + flat(t)];
        if (v > best || Number.isNaN(v)) {
          best = v;
          index = flat(t);
        }
      }
      values.push(best);
      indices.push(index);
      // PyTorch's scatter into the whole buffer: a window over padding only reports an index outside itself, maybe
      // in a later plane (§3); past the last plane it is dropped
      const at = pl * inPlane + index;
      if (at < dx.length) dx[at] = Math.fround(dx[at] + dy[pl * outPlane + j]);
    });
  }
  return {values, indices, dx, outShape: [...g.lead, ...outSpatial]};
}

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1, -1];

function data(n: number, g: Geometry): Float32Array | Int32Array {
  const r = mulberry32(g.seed);
  if (g.integer) return Int32Array.from({length: n}, () => Math.floor(r() * 7) - 3);
  return Float32Array.from({length: n}, () => {
    const u = r();
    return u < 0.15 ? SPECIAL[Math.floor(r() * SPECIAL.length)] : u < 0.5 ? Math.floor(r() * 5) - 2 : r() * 4 - 2;
  });
}

const geometry: fc.Arbitrary<Geometry> = fc
  .integer({min: 1, max: 3})
  .chain(nd =>
    fc.record({
      nd: fc.constant(nd),
      lead: fc.oneof(
        fc.tuple(fc.integer({min: 1, max: 3})).map(v => [...v]),
        fc.tuple(fc.integer({min: 1, max: 2}), fc.integer({min: 1, max: 3})).map(v => [...v]),
      ),
      size: fc.array(fc.integer({min: 1, max: nd === 3 ? 6 : 11}), {minLength: nd, maxLength: nd}),
      pool: fc.option(
        fc.record({
          k: fc.array(fc.integer({min: 1, max: 4}), {minLength: nd, maxLength: nd}),
          s: fc.array(fc.integer({min: 1, max: 4}), {minLength: nd, maxLength: nd}),
          p: fc.array(fc.integer({min: 0, max: 2}), {minLength: nd, maxLength: nd}),
          d: fc.array(fc.integer({min: 1, max: 3}), {minLength: nd, maxLength: nd}),
          ceil: fc.boolean(),
        }),
        {freq: 4},
      ),
      outputSize: fc.array(fc.integer({min: 1, max: 8}), {minLength: nd, maxLength: nd}),
      integer: fc.boolean(),
      seed: fc.integer(),
    }),
  )
  .map(g => {
    // keep PyTorch-valid geometries: pad <= k/2 and at least one output per axis
    if (g.pool !== null) {
      const pool = g.pool;
      pool.p = pool.p.map((p, a) => Math.min(p, Math.floor(pool.k[a] / 2)));
    }
    return g;
  })
  .filter(g =>
    g.pool === null
      ? !g.integer
      : g.size.every((L, a) => outLen(L, g.pool!.k[a], g.pool!.p[a], g.pool!.s[a], g.pool!.d[a], g.pool!.ceil) > 0),
  );

function run(g: Geometry) {
  const n = [...g.lead, ...g.size].reduce((a, b) => a * b, 1);
  const xs = data(n, g);
  const ref0 = reference(g, xs, new Float32Array(0));
  const dy = Float32Array.from({length: ref0.values.length}, (_, i) => ((i * 7) % 5) - 2 + 0.25);
  const ref = reference(g, xs, dy);
  const x = tf.tensor(xs, [...g.lead, ...g.size], g.integer ? 'int32' : 'float32');
  const upstream = tf.tensor(dy, ref.outShape);
  const before = tf.memory().numTensors;
  const call = (v: tf.Tensor): [tf.Tensor, tf.Tensor] => {
    if (g.pool === null) {
      const f = [tt.adaptiveMaxPool1d, tt.adaptiveMaxPool2d, tt.adaptiveMaxPool3d][g.nd - 1] as (
        a: tf.Tensor,
        o: number[],
        opts: {returnIndices: true},
      ) => [tf.Tensor, tf.Tensor];
      return f(v, g.outputSize, {returnIndices: true});
    }
    const f = [tt.maxPool1d, tt.maxPool2d, tt.maxPool3d][g.nd - 1];
    const {k, s, p, d, ceil} = g.pool;
    return f(v, k, {stride: s, padding: p, dilation: d, ceilMode: ceil, returnIndices: true});
  };
  const valuesOnly = (v: tf.Tensor): tf.Tensor => {
    if (g.pool === null) {
      return [tt.adaptiveMaxPool1d, tt.adaptiveMaxPool2d, tt.adaptiveMaxPool3d][g.nd - 1](v, g.outputSize as never);
    }
    const {k, s, p, d, ceil} = g.pool;
    return [tt.maxPool1d, tt.maxPool2d, tt.maxPool3d][g.nd - 1](
      v,
      k as never,
      {stride: s, padding: p, dilation: d, ceilMode: ceil} as never,
    );
  };
  const [values, indices] = call(x);
  expect(values.shape).toEqual(ref.outShape);
  expect(Array.from(values.dataSync())).toEqual(ref.values);
  expect(Array.from(indices.dataSync())).toEqual(ref.indices);
  values.dispose();
  indices.dispose();
  if (!g.integer) {
    // without indices (TorchMaxPoolValues: on cpu and wasm a values-only SIMD module; PyTorch's max_pool1d refuses
    // int64 there, so float32 only)
    const alone = valuesOnly(x);
    expect(Array.from(alone.dataSync())).toEqual(ref.values);
    alone.dispose();
    const dx = tf.grad((v: tf.Tensor) => call(v)[0])(x, upstream);
    expect(Array.from(dx.dataSync())).toEqual(Array.from(ref.dx));
    dx.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  upstream.dispose();
}

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  describeIfAvailable(`max pools on ${backend} against a reference loop`, nodeBackendProblem(backend), () => {
    beforeAll(async () => {
      const problem = await startBackend(backend);
      if (problem !== null) throw new Error(`backend ${backend} cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
    });

    it('agrees on 300 random geometries', () => {
      fc.assert(
        fc.property(geometry, g => {
          run(g);
        }),
        {numRuns: 300, seed: 12},
      );
    });
  });
}
