/**
 * The SIMD max-pool forward (kernels/shared/max_simd.ts) against the scalar loop it must equal bit for bit
 * (kernels/shared/max_pool.ts: values with the sign of zero and NaN, and indices), on many random plain max-pool
 * geometries (1d–3d, stride 1, 2 and more, padding, dilation, ceil mode, rows shorter than a lane group) and inputs
 * full of ties, NaN, ±inf, -0 and all-negative windows; then through the public ops in tfjs-wasm's heap. The
 * fixture suites check the same paths against PyTorch on fewer cases; the fuzz test checks them against a reference.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import {AdaptiveSpec, MaxPoolSpec, maxPoolOutputSize, planMax} from '../../src/geometry';
import * as tt from '../../src/index';
import {setBoxSimdMode} from '../../kernels/shared/box_simd';
import {maxPool} from '../../kernels/shared/max_pool';
import {maxPoolSimd, maxSimdApplies, maxValuesEntry} from '../../kernels/shared/max_simd';
import {mulberry32} from '../support/random';

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 3e38, -3e38, 1e-40, -1e-40, 1, -1];

/** Ties (few distinct small integers), specials, or all-negative data. */
function randomData(n: number, r: () => number): Float32Array {
  const x = new Float32Array(n);
  const kind = Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const u = r();
    x[i] =
      kind === 0 && u < 0.2
        ? SPECIAL[Math.floor(r() * SPECIAL.length)]
        : kind === 2
          ? -1 - Math.round(r() * 3) - (u < 0.3 ? Infinity : 0)
          : u < 0.5
            ? Math.round((r() - 0.5) * 6)
            : (r() - 0.5) * 100;
  }
  return x;
}

function randomCase(r: () => number): {shape: number[]; spec: MaxPoolSpec} | null {
  const nd = 1 + Math.floor(r() * 3);
  const lead = Array.from({length: 1 + Math.floor(r() * 2)}, () => 1 + Math.floor(r() * 3));
  const size = Array.from({length: nd}, () => 1 + Math.floor(r() * (nd === 3 ? 9 : 27)));
  const kernelSize = size.map(() => 1 + Math.floor(r() * 5));
  const stride = kernelSize.map(k => 1 + Math.floor(r() * (k + 2)));
  const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
  const dilation = kernelSize.map(() => (r() < 0.7 ? 1 : 1 + Math.floor(r() * 3)));
  const ceilMode = r() < 0.4;
  for (let d = 0; d < nd; d++) {
    if (maxPoolOutputSize(size[d], kernelSize[d], padding[d], stride[d], dilation[d], ceilMode) <= 0) return null;
  }
  return {shape: [...lead, ...size], spec: {kind: 'max', kernelSize, stride, padding, dilation, ceilMode}};
}

/** float32 bits with one NaN pattern (lanes and scalar code may carry different payloads, which tfjs cannot see). */
function bits(a: Float32Array): Uint32Array {
  const u = new Uint32Array(a.length);
  const v = new Uint32Array(a.buffer, a.byteOffset, a.length);
  for (let i = 0; i < a.length; i++) u[i] = Number.isNaN(a[i]) ? 0x7fc00000 : v[i];
  return u;
}

/** The values-only forward against the scalar loop; true if it ran. */
function valuesMatch(x: Float32Array, shape: readonly number[], spec: MaxPoolSpec | AdaptiveSpec): boolean {
  const plan = planMax(shape, spec);
  const n = plan.outShape.reduce((a, b) => a * b, 1);
  const [want, wantIdx, got] = [new Float32Array(n), new Int32Array(n), new Float32Array(n).fill(7)];
  maxPool(x, plan, false, want, wantIdx);
  if (!maxPoolSimd(x, plan, spec, got, null)) return false;
  const where = JSON.stringify({shape, spec});
  expect([where, bits(got)]).toEqual([where, bits(want)]);
  return true;
}

describe('SIMD max-pool forward equals the scalar loop bit for bit', () => {
  afterEach(() => setBoxSimdMode('auto'));

  it('values and indices on 1500 random plain max-pool geometries', () => {
    const r = mulberry32(12);
    const strides = new Set<number>();
    let done = 0;
    while (done < 1500) {
      const c = randomCase(r);
      if (c === null) continue;
      done++;
      const plan = planMax(c.shape, c.spec);
      const x = randomData(
        c.shape.reduce((a, b) => a * b, 1),
        r,
      );
      const n = plan.outShape.reduce((a, b) => a * b, 1);
      const [want, wantIdx] = [new Float32Array(n), new Int32Array(n)];
      maxPool(x, plan, false, want, wantIdx);
      const [got, gotIdx] = [new Float32Array(n).fill(7), new Int32Array(n).fill(-7)];
      expect(maxSimdApplies(plan, c.spec)).toBe(true);
      expect(maxPoolSimd(x, plan, c.spec, got, gotIdx)).toBe(true);
      strides.add(c.spec.stride.at(-1)!);
      const where = JSON.stringify(c);
      expect([where, bits(got), gotIdx]).toEqual([where, bits(want), wantIdx]);
      // values alone (no indices wanted: the separable module)
      const values = new Float32Array(n).fill(7);
      expect(maxPoolSimd(x, plan, c.spec, values, null)).toBe(true);
      expect([where, bits(values)]).toEqual([where, bits(want)]);
    }
    // every load form of the module ran: stride 1, 2 and wider
    expect([1, 2, 3].every(s => strides.has(s))).toBe(true);
  });

  it('a chunked copy (more planes than one chunk) and the benchmark shapes', () => {
    const r = mulberry32(5);
    for (const [shape, k, s, p, ceilMode] of [
      [[3, 40, 56, 56], 3, 2, 1, false],
      [[2, 8, 57, 57], 3, 2, 0, true],
      [[1, 3, 112, 112], 3, 2, 1, false],
    ] as const) {
      const spec: MaxPoolSpec = {
        kind: 'max',
        kernelSize: [k, k],
        stride: [s, s],
        padding: [p, p],
        dilation: [1, 1],
        ceilMode,
      };
      const plan = planMax(shape, spec);
      const x = randomData(
        (shape as readonly number[]).reduce((a, b) => a * b, 1),
        r,
      );
      const n = plan.outShape.reduce((a, b) => a * b, 1);
      const [want, wantIdx, got, gotIdx] = [
        new Float32Array(n),
        new Int32Array(n),
        new Float32Array(n),
        new Int32Array(n),
      ];
      maxPool(x, plan, false, want, wantIdx);
      expect(maxPoolSimd(x, plan, spec, got, gotIdx)).toBe(true);
      expect([bits(got), gotIdx]).toEqual([bits(want), wantIdx]);
      expect(valuesMatch(x, shape, spec)).toBe(true);
    }
  });

  it('adaptive pools: uniform bins along the last axis in SIMD, uneven ones in the scalar loop; same bits', () => {
    const r = mulberry32(3);
    let simd = 0;
    for (let c = 0; c < 400; c++) {
      const nd = 1 + Math.floor(r() * 3);
      const outputSize = Array.from({length: nd}, () => 1 + Math.floor(r() * 6));
      // last axis: a multiple of its output size half the time (uniform bins), anything otherwise
      const size = outputSize.map(o => (r() < 0.5 ? o * (1 + Math.floor(r() * 5)) : 1 + Math.floor(r() * 20)));
      const shape = [1 + Math.floor(r() * 3), ...size];
      const spec: AdaptiveSpec = {kind: 'adaptive', outputSize};
      const plan = planMax(shape, spec);
      const x = randomData(
        shape.reduce((a, b) => a * b, 1),
        r,
      );
      const n = plan.outShape.reduce((a, b) => a * b, 1);
      const [want, wantIdx, got, gotIdx] = [
        new Float32Array(n),
        new Int32Array(n),
        new Float32Array(n),
        new Int32Array(n),
      ];
      maxPool(x, plan, false, want, wantIdx);
      const L = size[nd - 1];
      const O = outputSize[nd - 1];
      if (L % O === 0) expect(maxSimdApplies(plan, spec)).toBe(true);
      if (!maxPoolSimd(x, plan, spec, got, gotIdx)) continue;
      expect(valuesMatch(x, shape, spec)).toBe(true);
      simd++;
      const where = JSON.stringify({shape, spec});
      expect([where, bits(got), gotIdx]).toEqual([where, bits(want), wantIdx]);
    }
    expect(simd).toBeGreaterThan(150);
    // 10 → 4: bins [0,3) [2,5) [5,8) [7,10), starts 2 then 3 apart: not strided
    const uneven = planMax([2, 10, 10], {kind: 'adaptive', outputSize: [4, 4]});
    expect(maxSimdApplies(uneven, {kind: 'adaptive', outputSize: [4, 4]})).toBe(false);
  });

  it('values alone: a lone NaN anywhere in a plane reaches every window holding it (the NaN check covers every tap)', () => {
    // Most planes of the random cases hold many NaN or none; here each position in turn holds the plane's only NaN
    // (a -0 among +0 elsewhere), so a tap the values-only module's NaN check missed would lose that NaN.
    const r = mulberry32(9);
    const geometries: [number[], MaxPoolSpec][] = [
      [3, 2, 1, 1, false],
      [3, 2, 0, 1, true],
      [3, 1, 1, 1, false],
      [2, 2, 0, 1, false],
      [3, 3, 1, 1, true],
      [3, 2, 1, 2, false],
    ].map(([k, st, p, d, ceilMode]) => [
      [1, 2, 9, 45],
      {
        kind: 'max',
        kernelSize: [k, k] as number[],
        stride: [st, st] as number[],
        padding: [p, p] as number[],
        dilation: [d, d] as number[],
        ceilMode,
      } as MaxPoolSpec,
    ]);
    const wrong: string[] = [];
    for (const [shape, spec] of geometries) {
      const n = shape.reduce((a, b) => a * b, 1);
      const plan = planMax(shape, spec);
      const m = plan.outShape.reduce((a, b) => a * b, 1);
      const [want, wantIdx, got] = [new Float32Array(m), new Int32Array(m), new Float32Array(m)];
      const base = Float32Array.from({length: n}, () => Math.round((r() - 0.5) * 8) || 0);
      // the first plane's positions (the second plane is another call's lane pair partner)
      for (let i = 0; i < n / 2; i++) {
        const x = base.slice();
        x[i] = NaN;
        x[(i * 7 + 3) % n] = -0;
        maxPool(x, plan, false, want, wantIdx);
        expect(maxPoolSimd(x, plan, spec, got, null)).toBe(true);
        const [a, b] = [bits(got), bits(want)];
        if (a.some((v, j) => v !== b[j])) wrong.push(`${JSON.stringify(spec)}: NaN at ${i}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('values alone, columns first (row strides ≥ 2): zero maxima and NaN windows are redone in scan order', () => {
    // Columns first picks the first maximal tap in column-major order and pmax drops NaN: exact only for windows
    // without NaN whose maximum is not zero, so every other row is redone. Inputs here: negatives, +0 and -0 mixed
    // (zero maxima of either sign in most windows), a few NaN, sometimes ±inf; k3 s2 and k2 s2 (the fused rows),
    // adaptive bins of 4 and 8 (the tiled rows, as 56 → 7) and 3d, with padding and ceil mode (edge outputs).
    const r = mulberry32(21);
    const specs: (MaxPoolSpec | AdaptiveSpec)[] = [
      ...[
        [3, 2, 1, false],
        [3, 2, 0, true],
        [3, 2, 0, false],
        [2, 2, 0, false],
        [3, 3, 1, true],
        [5, 2, 2, false],
      ].map(
        ([k, s, p, ceilMode]) =>
          ({
            kind: 'max',
            kernelSize: [k, k],
            stride: [s, s],
            padding: [p, p],
            dilation: [1, 1],
            ceilMode,
          }) as MaxPoolSpec,
      ),
      {kind: 'adaptive', outputSize: [3, 4]},
      {kind: 'adaptive', outputSize: [3, 7]},
      {kind: 'max', kernelSize: [3, 3, 3], stride: [2, 2, 2], padding: [1, 1, 1], dilation: [1, 1, 1], ceilMode: false},
    ];
    let ran = 0;
    for (const spec of specs) {
      for (let c = 0; c < 6; c++) {
        const nd = spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
        const shape = [
          1 + Math.floor(r() * 2),
          2,
          ...(nd === 3 ? [6, 9] : []),
          12 + Math.floor(r() * 12),
          20 + Math.floor(r() * 30),
        ].slice(0, 2 + nd);
        // adaptive: bins of 4 or 8 along the last axis (uniform, and tiling the row four windows at a time)
        if (spec.kind === 'adaptive') shape[shape.length - 1] = spec.outputSize.at(-1)! * 4 * (1 + (c % 2));
        const n = shape.reduce((a, b) => a * b, 1);
        const x = Float32Array.from({length: n}, () => {
          const u = r();
          return u < 0.3 ? 0 : u < 0.6 ? -0 : u < 0.62 ? NaN : u < 0.63 && c % 2 ? Infinity : -1 - Math.floor(r() * 3);
        });
        // bins of 4 or 8 tiling the row, at least four of them: the tiled rows of max_columns.ts
        if (spec.kind === 'adaptive' && spec.outputSize.at(-1)! >= 4) {
          expect(maxValuesEntry(planMax(shape, spec), spec)).toBe('maxColumnsTiled');
        }
        if (valuesMatch(x, shape, spec)) ran++;
      }
    }
    expect(ran).toBe(specs.length * 6);
  });

  it('values alone, 2d k3 s2 along rows (max_k3s2.ts: masked edge chunks, partial groups): 600 geometries', () => {
    // Rows 1–40 long (shorter than a chunk, partial last groups, the ceil-mode tap past the end), padding 0 or 1,
    // any height kernel up to 3 rows, stride and dilation; data with ties, ±0, NaN, ±inf.
    const r = mulberry32(33);
    let ran = 0;
    while (ran < 600) {
      const kh = 1 + Math.floor(r() * 3);
      const spec: MaxPoolSpec = {
        kind: 'max',
        kernelSize: [kh, 3],
        stride: [2 + Math.floor(r() * 3), 2],
        padding: [Math.floor(r() * (Math.floor(kh / 2) + 1)), Math.floor(r() * 2)],
        dilation: [r() < 0.7 ? 1 : 2, 1],
        ceilMode: r() < 0.5,
      };
      const shape = [
        1 + Math.floor(r() * 2),
        1 + Math.floor(r() * 2),
        2 + Math.floor(r() * 12),
        1 + Math.floor(r() * 40),
      ];
      if (
        shape
          .slice(2)
          .some(
            (L, d) =>
              maxPoolOutputSize(
                L,
                spec.kernelSize[d],
                spec.padding[d],
                spec.stride[d],
                spec.dilation[d],
                spec.ceilMode,
              ) <= 0,
          )
      ) {
        continue;
      }
      if (maxValuesEntry(planMax(shape, spec), spec) !== 'maxK3S2') continue;
      const n = shape.reduce((a, b) => a * b, 1);
      const x =
        ran % 2
          ? randomData(n, r)
          : Float32Array.from({length: n}, () => {
              const u = r();
              return u < 0.2 ? 0 : u < 0.4 ? -0 : u < 0.42 ? NaN : u < 0.44 ? -Infinity : Math.round((r() - 0.5) * 6);
            });
      expect(valuesMatch(x, shape, spec)).toBe(true);
      ran++;
    }
    // Distinct values without a zero (a zero maximum would send the row to the exact path and hide a wrong fast
    // result), then a lone NaN at each position, on rows with a partial last group (a missed tap would lose it).
    for (const [W, p, ceilMode] of [
      [13, 1, false],
      [13, 0, true],
      [6, 1, false],
      [17, 0, false],
      [56, 1, false],
      [56, 0, true],
    ] as const) {
      const spec: MaxPoolSpec = {
        kind: 'max',
        kernelSize: [3, 3],
        stride: [2, 2],
        padding: [p, p],
        dilation: [1, 1],
        ceilMode,
      };
      const shape = [1, 1, 8, W];
      expect(maxValuesEntry(planMax(shape, spec), spec)).toBe('maxK3S2');
      const base = Float32Array.from({length: 8 * W}, () => (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 1000)));
      expect(valuesMatch(base, shape, spec)).toBe(true);
      for (let i = 0; i < 8 * W; i++) {
        const x = base.slice();
        x[i] = NaN;
        expect(valuesMatch(x, shape, spec)).toBe(true);
      }
    }
  });

  it('values alone, columns first without zeros (tiled rows, 28-column sweeps): a lone NaN anywhere is kept', () => {
    // Inputs without a zero: a zero maximum would send the row to the exact path and hide a wrong fast result.
    const max = (k: number[], s: number[], p: number[]): MaxPoolSpec => ({
      kind: 'max',
      kernelSize: k,
      stride: s,
      padding: p,
      dilation: k.map(() => 1),
      ceilMode: false,
    });
    const cases: [number[], MaxPoolSpec | AdaptiveSpec, string][] = [
      [[1, 1, 8, 32], {kind: 'adaptive', outputSize: [1, 4]}, 'maxColumnsTiled'],
      [[1, 1, 8, 28], {kind: 'adaptive', outputSize: [2, 7]}, 'maxColumnsTiled'],
      [[1, 1, 6, 48], {kind: 'adaptive', outputSize: [3, 6]}, 'maxColumnsTiled'],
      [[1, 1, 4, 60], {kind: 'adaptive', outputSize: [2, 5]}, 'maxColumnsTiled'],
      // the generic entry's sweeps of 28 columns (the last moved back) and its narrower loops
      [[1, 1, 6, 40], max([5, 5], [2, 2], [2, 2]), 'maxColumns'],
      [[1, 1, 4, 5, 31], max([3, 3, 3], [2, 2, 2], [1, 1, 1]), 'maxColumns'],
      [[1, 1, 6, 13], max([3, 3], [3, 3], [1, 1]), 'maxColumns'],
    ];
    const r = mulberry32(41);
    for (const [shape, spec, entry] of cases) {
      expect(maxValuesEntry(planMax(shape, spec), spec)).toBe(entry);
      const n = shape.reduce((a, b) => a * b, 1);
      // distinct values with both signs (a tap read from the wrong column changes some maximum)
      const base = Float32Array.from({length: n}, () => (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 1000)));
      expect(valuesMatch(base, shape, spec)).toBe(true);
      for (let i = 0; i < n; i++) {
        const x = base.slice();
        x[i] = NaN;
        expect(valuesMatch(x, shape, spec)).toBe(true);
      }
    }
  });

  it('mode "off" takes the scalar loop', () => {
    const spec: MaxPoolSpec = {kind: 'max', kernelSize: [2], stride: [2], padding: [0], dilation: [1], ceilMode: false};
    setBoxSimdMode('off');
    expect(maxPoolSimd(new Float32Array(8), planMax([1, 8], spec), spec, new Float32Array(4), new Int32Array(4))).toBe(
      false,
    );
  });
});

describe('SIMD max-pool forward in the tfjs-wasm heap equals the scalar loop', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  it('values and indices, and values alone, through the public ops, 300 random cases, no tensor leaked', () => {
    const r = mulberry32(77);
    let done = 0;
    const before = tf.memory().numTensors;
    while (done < 300) {
      const c = randomCase(r);
      if (c === null) continue;
      const nd = c.spec.kernelSize.length;
      const x = tf.tensor(
        randomData(
          c.shape.reduce((a, b) => a * b, 1),
          r,
        ),
        c.shape,
      );
      const f = () =>
        [tt.maxPool1d, tt.maxPool2d, tt.maxPool3d][nd - 1](
          x,
          c.spec.kernelSize as never,
          {
            stride: c.spec.stride,
            padding: c.spec.padding,
            dilation: c.spec.dilation,
            ceilMode: c.spec.ceilMode,
            returnIndices: true,
          } as never,
        ) as never as [tf.Tensor, tf.Tensor];
      const run = (on: boolean) => {
        setBoxSimdMode(on ? 'auto' : 'off');
        const [y, i] = f();
        // and the values alone (TorchMaxPoolValues: the values-only module in place)
        const alone = [tt.maxPool1d, tt.maxPool2d, tt.maxPool3d][nd - 1](
          x,
          c.spec.kernelSize as never,
          {
            stride: c.spec.stride,
            padding: c.spec.padding,
            dilation: c.spec.dilation,
            ceilMode: c.spec.ceilMode,
          } as never,
        ) as tf.Tensor;
        const out = [
          bits((y.dataSync() as Float32Array).slice()),
          Array.from(i.dataSync()),
          bits((alone.dataSync() as Float32Array).slice()),
        ];
        tf.dispose([y, i, alone]);
        return out;
      };
      let want;
      try {
        want = run(false); // PyTorch rejects some geometries the kernels accept (e.g. pad > half the kernel)
      } catch {
        x.dispose();
        continue;
      }
      done++;
      const where = JSON.stringify(c);
      expect([where, run(true)]).toEqual([where, want]);
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
