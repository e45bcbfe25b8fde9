/**
 * The SIMD module against the scalar loops it must equal bit for bit, on random pool and adaptive-pool geometries
 * (1d–3d, padding, ceil mode, count_include_pad, divisor_override, strides past the kernel) and on inputs full of
 * the values that expose an order or rounding difference: NaN, ±inf, -0, float32 overflow, subnormals, cancellation.
 * The fixture suites check both paths against PyTorch on small cases; this checks that they agree on many more.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import {planBox, planMean, poolOutputSize, simdRowsLayout, WindowSpec} from '../../src/geometry';
import * as tt from '../../src/index';
import {boxAverageGradScalar, boxAverageScalar} from '../../kernels/shared/box_average_scalar';
import {meanReduce} from '../../kernels/shared/mean';
import {
  BoxSimdMode,
  boxAverageGradSimd,
  boxAverageSimd,
  boxSimdPath,
  setBoxSimdMode,
} from '../../kernels/shared/box_simd';
import {meanSimd} from '../../kernels/shared/mean_simd';
import {mulberry32} from '../support/random';

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 3e38, -3e38, 1e-40, -1e-40, 1e8, -1e8, 1, -1, 0.1];

function randomData(n: number, r: () => number): Float32Array {
  const x = new Float32Array(n);
  const special = r() < 0.5;
  for (let i = 0; i < n; i++) {
    const u = r();
    x[i] =
      special && u < 0.15
        ? SPECIAL[Math.floor(r() * SPECIAL.length)]
        : u < 0.3
          ? Math.round((r() - 0.5) * 8) // exact small integers: sums that cancel to zero
          : (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
  }
  return x;
}

function randomCase(r: () => number): {shape: number[]; spec: WindowSpec} | null {
  const nd = 1 + Math.floor(r() * 3);
  const lead = [1 + Math.floor(r() * 3)];
  const size = Array.from({length: nd}, () => 1 + Math.floor(r() * (nd === 3 ? 9 : 23)));
  if (r() < 0.3) {
    const outputSize = size.map(L => 1 + Math.floor(r() * Math.min(L + 2, 9)));
    return {shape: [...lead, ...size], spec: {kind: 'adaptive', outputSize}};
  }
  const kernelSize = size.map(L => 1 + Math.floor(r() * Math.min(L + 1, 8)));
  const stride = kernelSize.map(k => 1 + Math.floor(r() * (k + 2)));
  const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
  const ceilMode = r() < 0.4;
  const countIncludePad = r() < 0.5;
  const divisorOverride = r() < 0.2 ? (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 30)) : null;
  for (let d = 0; d < nd; d++) {
    if (poolOutputSize(size[d], kernelSize[d], padding[d], stride[d], ceilMode) <= 0) return null;
  }
  return {
    shape: [...lead, ...size],
    spec: {kind: 'pool', kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride},
  };
}

function bits(a: Float32Array): Uint32Array {
  // One NaN bit pattern: lanes and scalar code may produce different NaN payloads, which tfjs cannot observe.
  const u = new Uint32Array(a.length);
  const v = new Uint32Array(a.buffer, a.byteOffset, a.length);
  for (let i = 0; i < a.length; i++) u[i] = Number.isNaN(a[i]) ? 0x7fc00000 : v[i];
  return u;
}

/** The forward through the SIMD module and through the scalar loop, on random data: [x, simd, scalar] bits. */
function forwardBoth(shape: number[], spec: WindowSpec, r: () => number): [Float32Array, Uint32Array, Uint32Array] {
  const plan = planBox(shape, spec);
  const x = randomData(
    shape.reduce((a, b) => a * b, 1),
    r,
  );
  const n = plan.outShape.reduce((a, b) => a * b, 1);
  const want = new Float32Array(n);
  boxAverageScalar(x, plan, false, want);
  const got = new Float32Array(n);
  expect(boxAverageSimd(x, plan, spec, got)).toBe(true);
  return [x, bits(got), bits(want)];
}

describe('SIMD box average equals the scalar loops bit for bit', () => {
  afterAll(() => setBoxSimdMode('auto'));

  it.each(['rows', 'planes', 'direct'] as BoxSimdMode[])(
    'forward and backward on 2000 random geometries, lanes %s',
    m => {
      setBoxSimdMode(m);
      const r = mulberry32(m === 'rows' ? 12345 : 54321);
      let rows = 0;
      let cases = 0;
      while (cases < 2000) {
        const c = randomCase(r);
        if (c === null) continue;
        cases++;
        const plan = planBox(c.shape, c.spec);
        const [x, got, want] = forwardBoth(c.shape, c.spec, r);
        const where = JSON.stringify(c);
        expect([where, got]).toEqual([where, want]);
        const dy = randomData(want.length, r);
        const dxWant = new Float32Array(x.length);
        boxAverageGradScalar(dy, plan, dxWant);
        const dxGot = new Float32Array(x.length);
        expect(boxAverageGradSimd(dy, plan, c.spec, dxGot)).toBe(true);
        expect([where, bits(dxGot)]).toEqual([where, bits(dxWant)]);
        if (boxSimdPath(plan, c.spec) === 'rows') rows++;
      }
      // Lanes along rows need uniform windows along the last axis: every pool, evenly spaced adaptive bins.
      if (m === 'rows') expect(rows).toBeGreaterThan(cases * 0.7);
      if (m === 'planes') expect(rows).toBe(0);
    },
  );

  it.each(['rows', 'planes', 'direct'] as BoxSimdMode[])(
    'covers planes in several chunks (large inputs), lanes %s',
    m => {
      setBoxSimdMode(m);
      const r = mulberry32(7);
      const spec: WindowSpec = {
        kind: 'pool',
        kernelSize: [3, 3],
        stride: [2, 2],
        padding: [1, 1],
        ceilMode: true,
        countIncludePad: false,
        divisorOverride: null,
      };
      const [, got, want] = forwardBoth([2, 40, 61, 67], spec, r);
      expect(got).toEqual(want);
    },
  );

  // Lanes across planes read in place transpose blocks of 4 taps: window rows of 4 taps and more, with 1–3 left over
  // (read whole where the fourth plane's block ends inside the input, else a float per lane: the last planes), groups
  // of 4 outputs of equal length and the overlapping last group of a row, plane counts that leave 1–3 lanes.
  it.each([
    [[7, 23, 45], {kind: 'adaptive', outputSize: [5, 6]}],
    [[5, 16, 56], {kind: 'adaptive', outputSize: [3, 7]}],
    [[6, 9, 61], {kind: 'adaptive', outputSize: [2, 9]}],
    [[9, 3, 5, 30], {kind: 'adaptive', outputSize: [2, 3, 5]}],
    [
      [4, 13, 40],
      {
        kind: 'pool',
        kernelSize: [5, 7],
        stride: [3, 5],
        padding: [2, 3],
        ceilMode: true,
        countIncludePad: true,
        divisorOverride: null,
      },
    ],
  ] as [number[], WindowSpec][])('lanes across planes read in place, %j', (shape, spec) => {
    setBoxSimdMode('direct');
    const r = mulberry32(99);
    for (const lead of [1, 2, 3, 4, 5, 8]) {
      const [, got, want] = forwardBoth([lead, ...shape], spec, r);
      expect(got).toEqual(want);
    }
  });

  // Stride 1 along the last axis, and stride 2 with padding (phase rows), take the modules that sum two output rows
  // at a time (loading their shared input rows once): pairs at the edges of padding and ceil mode, a lone last row
  // (odd row counts), rows that cannot pair (stride past the kernel along the rows), 3d windows, adaptive bins, short
  // rows around their 4-output minimum, and rows of 16 outputs and more with every remainder (an overlapping last 16).
  it.each([1, 2])('forward, stride %i along the last axis (two output rows at a time), 1000 geometries', S => {
    setBoxSimdMode('auto');
    const r = mulberry32(4242 + S);
    let cases = 0;
    let phaseRows = 0;
    while (cases < 1000) {
      const nd = 2 + Math.floor(r() * 2);
      // stride 2: rows of 8–79 (outputs from 4 past 32: every remainder after the 16s)
      const last = S === 1 ? 1 + Math.floor(r() * 40) : 8 + Math.floor(r() * 72);
      const size = Array.from({length: nd}, (_, d) =>
        d === nd - 1 ? last : 1 + Math.floor(r() * (nd === 3 ? 7 : 24)),
      );
      const shape = [1 + Math.floor(r() * 2), ...size];
      let spec: WindowSpec;
      if (r() < 0.2) {
        // adaptive: bins along the last axis evenly spaced when the output divides the input (stride L/O)
        if (S === 2 && last % 2 !== 0) continue;
        const outputSize = size.map((L, d) => (d === nd - 1 ? last / S : 1 + Math.floor(r() * Math.min(L + 2, 12))));
        spec = {kind: 'adaptive', outputSize};
      } else {
        const kernelSize = size.map(L => 1 + Math.floor(r() * Math.min(L + 1, 8)));
        const stride = kernelSize.map((k, d) => (d === nd - 1 ? S : 1 + Math.floor(r() * (k + 2))));
        const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
        const ceilMode = r() < 0.4;
        if (size.some((L, d) => poolOutputSize(L, kernelSize[d], padding[d], stride[d], ceilMode) <= 0)) continue;
        spec = {
          kind: 'pool',
          kernelSize,
          stride,
          padding,
          ceilMode,
          countIncludePad: r() < 0.5,
          divisorOverride: r() < 0.2 ? (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 30)) : null,
        };
      }
      const plan = planBox(shape, spec);
      if (plan.axes3[2].outSize < 4 && S === 2) continue;
      expect(boxSimdPath(plan, spec)).toBe('rows');
      if (simdRowsLayout(plan, spec)!.M !== 0) phaseRows++;
      cases++;
      const [, got, want] = forwardBoth(shape, spec, r);
      const where = JSON.stringify({shape, spec});
      expect([where, got]).toEqual([where, want]);
    }
    // stride 2: most through phase rows (padding, or ceil mode's last window past the row), the rest read in place
    if (S === 2) expect(phaseRows).toBeGreaterThan(cases / 2);
  });
});

describe('SIMD mean', () => {
  // The module runs PyTorch's sum order for the two vector bodies (src/geometry/sum_order.ts): the same float32
  // additions as the scalar loops, so the same bits, NaN, ±inf, -0 and overflow included.
  const sameBits = (a: Float32Array, b: Float32Array) =>
    a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])));

  it('equals the scalar loops bit for bit on random shapes and any axes', () => {
    const r = mulberry32(2024);
    let vector = 0;
    for (let i = 0; i < 400; i++) {
      const rank = 1 + Math.floor(r() * 4);
      const shape = Array.from({length: rank}, () => 1 + Math.floor(r() * (i < 40 ? 300 : 40)));
      if (shape.reduce((a, b) => a * b, 1) > 40000) continue;
      const axes = [...Array(rank).keys()].filter(() => r() < 0.5);
      if (axes.length === 0) axes.push(rank - 1);
      const plan = planMean(shape, axes);
      const x = randomData(
        shape.reduce((a, b) => a * b, 1),
        r,
      );
      const want = new Float32Array(plan.outShape.reduce((a, b) => a * b, 1));
      meanReduce(x, plan, want);
      const got = new Float32Array(want.length);
      const ran = meanSimd(x, plan, got);
      expect(ran).toBe(plan.sumOrder.kind === 'innerVector' || plan.sumOrder.kind === 'outerVector');
      if (!ran) continue;
      vector++;
      expect(sameBits(got, want)).toBe(true);
    }
    expect(vector).toBeGreaterThan(150);
  });

  it('rows longer than a copy, and cascades of 3 levels', () => {
    // [9000, 40], [3, 3000, 100] and [30000, 37] (1.2 MB and more per 2-D loop) go column strip by column strip.
    for (const [shape, axes] of [
      [[3, 200003], [1]],
      [[9000, 40], [0]],
      [[2, 5000, 9], [1]],
      [[3, 3000, 100], [1]],
      [[30000, 37], [0]],
    ] as const) {
      const plan = planMean([...shape], [...axes]);
      const x = randomData(
        shape.reduce((a, b) => a * b, 1),
        mulberry32(5),
      ).map(v => (Number.isFinite(v) ? v : 1));
      const want = new Float32Array(plan.outShape.reduce((a, b) => a * b, 1));
      meanReduce(x, plan, want);
      const got = new Float32Array(want.length);
      expect(meanSimd(x, plan, got)).toBe(true);
      expect(sameBits(got, want)).toBe(true);
    }
  });
});

describe('SIMD path in the tfjs-wasm heap equals the scalar loops', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  it('forward and gradient through the public ops, 300 random cases', () => {
    const r = mulberry32(99);
    let done = 0;
    while (done < 300) {
      const c = randomCase(r);
      if (c === null) continue;
      const x = tf.tensor(
        randomData(
          c.shape.reduce((a, b) => a * b, 1),
          r,
        ),
        c.shape,
      );
      const nd = c.shape.length - 1;
      const f = (t: tf.Tensor) => {
        const s = c.spec;
        if (s.kind === 'adaptive') {
          return [tt.adaptiveAvgPool1d, tt.adaptiveAvgPool2d, tt.adaptiveAvgPool3d][nd - 1](t, s.outputSize as never);
        }
        const opts = {
          stride: s.stride,
          padding: s.padding,
          ceilMode: s.ceilMode,
          countIncludePad: s.countIncludePad,
          ...(nd > 1 ? {divisorOverride: s.divisorOverride} : {}),
        };
        return [tt.avgPool1d, tt.avgPool2d, tt.avgPool3d][nd - 1](t, s.kernelSize as never, opts as never);
      };
      try {
        tf.dispose(f(x)); // PyTorch rejects some geometries the kernels accept (3d: input smaller than kernel)
      } catch {
        x.dispose();
        continue;
      }
      done++;
      const run = (on: boolean) => {
        setBoxSimdMode(on ? 'auto' : 'off');
        const y = f(x);
        const dy = tf.tensor(randomData(y.size, mulberry32(done)), y.shape);
        const g = tf.grad(f)(x, dy);
        const out = [y.dataSync() as Float32Array, g.dataSync() as Float32Array].map(a => bits(a.slice()));
        tf.dispose([y, dy, g]);
        return out;
      };
      const where = JSON.stringify(c);
      expect([where, run(true)]).toEqual([where, run(false)]);
      x.dispose();
    }
  });
});
