/**
 * The native channels-last kernels of cpu and wasm (attrs.layout 'channelsLast') against the channels-first kernels,
 * transposed, bit for bit, on random geometries (1d–3d, batched and not, C from 1 to 20 so SIMD blocks and channel
 * tails both run, ceil mode, padding, dilation, adaptive bins, divisor_override, count_include_pad, int32) and inputs
 * full of NaN, ±inf, -0 and ties; each through the SIMD module and the scalar loops (mode 'off'). Where PyTorch's
 * two layouts differ themselves (the 2d adaptive divisor: src/geometry/channels_last_divisor.ts; gradients of
 * padding-only windows), the channels-last result is checked against that rule instead. Every call: no Transpose,
 * no leaked tensor. PyTorch's own channels-last fixtures run in the parity suites.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '../../src/index';
import {
  MaxWindowSpec,
  WindowSpec,
  maxPoolOutputSize,
  planBox,
  planMax,
  poolOutputSize,
  toChannelsFirstPerm,
  toChannelsLastPerm,
} from '../../src/geometry';
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {runsChannelsLast} from '../../src/registry';
import {setBoxSimdMode} from '../../kernels/shared/box_simd';
import {productDivisorChannels} from '../../src/geometry';
import {CHANNELS_LAST_KERNELS} from '../../kernels/shared/channels_last_kernels';
import {channelsLast} from '../../kernels/shared/channels_last_scalar';
import {
  boxAverageChannelsLastSimd,
  boxAverageGradChannelsLastSimd,
  maxPoolChannelsLastSimd,
} from '../../kernels/shared/channels_last_simd';

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 3e38, -3e38, 1e-40, -1e-40, 1, -1, 0.1];
const CHANNELS = [1, 3, 4, 5, 8, 17, 20];

function randomData(n: number, r: () => number, integer: boolean): number[] {
  const special = r() < 0.5;
  return Array.from({length: n}, () => {
    const u = r();
    if (integer) return Math.round((r() - 0.5) * (u < 0.5 ? 8 : 2e6));
    return special && u < 0.15
      ? SPECIAL[Math.floor(r() * SPECIAL.length)]
      : u < 0.3
        ? Math.round((r() - 0.5) * 6) // small integers: ties and sums that cancel
        : (r() - 0.5) * 2 ** Math.floor(r() * 30 - 15);
  });
}

/** A logical (channels-first) shape: [N?, C, ...spatial]. */
function randomShape(r: () => number, nd: number): number[] {
  const C = CHANNELS[Math.floor(r() * CHANNELS.length)];
  const lead = r() < 0.3 ? [C] : [1 + Math.floor(r() * 2), C];
  return [...lead, ...Array.from({length: nd}, () => 1 + Math.floor(r() * (nd === 3 ? 6 : 11)))];
}

function randomBoxSpec(r: () => number, size: number[]): WindowSpec | null {
  if (r() < 0.35) return {kind: 'adaptive', outputSize: size.map(L => 1 + Math.floor(r() * Math.min(L + 2, 6)))};
  const kernelSize = size.map(L => 1 + Math.floor(r() * Math.min(L + 1, 5)));
  const stride = kernelSize.map(k => 1 + Math.floor(r() * (k + 1)));
  const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
  const ceilMode = r() < 0.4;
  if (size.some((L, d) => poolOutputSize(L, kernelSize[d], padding[d], stride[d], ceilMode) <= 0)) return null;
  const divisorOverride = r() < 0.2 ? (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 30)) : null;
  return {kind: 'pool', kernelSize, stride, padding, ceilMode, countIncludePad: r() < 0.5, divisorOverride};
}

function randomMaxSpec(r: () => number, size: number[]): MaxWindowSpec | null {
  if (r() < 0.25) return {kind: 'adaptive', outputSize: size.map(L => 1 + Math.floor(r() * Math.min(L + 2, 6)))};
  const kernelSize = size.map(L => 1 + Math.floor(r() * Math.min(L, 4)));
  const stride = kernelSize.map(k => 1 + Math.floor(r() * (k + 1)));
  const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
  const dilation = kernelSize.map(() => (r() < 0.3 ? 2 + Math.floor(r() * 2) : 1));
  // Sometimes a window of padding only: kernel 2, padding 1, taps -1 and L.
  size.forEach((L, d) => {
    if (L <= 3 && r() < 0.6) [kernelSize[d], stride[d], padding[d], dilation[d]] = [2, 1, 1, L + 1];
  });
  const ceilMode = r() < 0.4;
  if (size.some((L, d) => maxPoolOutputSize(L, kernelSize[d], padding[d], stride[d], dilation[d], ceilMode) <= 0)) {
    return null;
  }
  return {kind: 'max', kernelSize, stride, padding, dilation, ceilMode};
}

const toLast = (t: tf.Tensor, nd: number) => tf.transpose(t, toChannelsLastPerm(t.rank, nd));
const toFirst = (t: tf.Tensor, nd: number) => tf.transpose(t, toChannelsFirstPerm(t.rank, nd));

/** Bits of a tensor's values, one NaN pattern (tfjs cannot observe NaN payloads). */
function bits(t: tf.Tensor): number[] {
  const v = t.dataSync();
  if (t.dtype === 'int32') return Array.from(v);
  const u = new Uint32Array(new Float32Array(v).buffer);
  return Array.from(u, (b, i) => (Number.isNaN(v[i]) ? 0x7fc00000 : b));
}

function run(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap);
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}

/** Runs the channels-last kernel: no Transpose may run, and it leaves only its outputs. */
async function runLast(name: string, inputs: tf.NamedTensorMap, attrs: object): Promise<tf.Tensor[]> {
  const before = tf.memory().numTensors;
  let out: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    out = run(name, inputs, {...attrs, layout: 'channelsLast'});
    return out;
  });
  expect(profile.kernelNames).toEqual([name]);
  expect(tf.memory().numTensors).toBe(before + out.length);
  return out;
}

/** Channels of a logical-shape tensor ([N?, C, ...]) whose bits to compare; `keep(c)` picks channels. */
function channelBits(t: tf.Tensor, nd: number, keep: (c: number) => boolean): number[] {
  const b = bits(t);
  const C = t.shape[t.rank - nd - 1];
  const plane = t.shape.slice(t.rank - nd).reduce((a, x) => a * x, 1);
  return b.filter((_, i) => keep(Math.floor(i / plane) % C));
}

/** A float32 adaptive 2d channels-last output of channel c < productBelow: the row-major sum over the product. */
function productQuotients(x: tf.Tensor, spec: WindowSpec, productBelow: number): number[] {
  const plan = planBox(x.shape, spec);
  const [a0, a1, a2] = plan.axes3;
  const v = x.dataSync();
  const C = x.shape[x.rank - (spec as {outputSize: number[]}).outputSize.length - 1];
  const [H, W] = [a1.inSize, a2.inSize];
  const out: number[] = [];
  for (let p = 0; p < plan.planes; p++) {
    const base = p * a0.inSize * H * W;
    for (let o0 = 0; o0 < a0.outSize; o0++)
      for (let o1 = 0; o1 < a1.outSize; o1++)
        for (let o2 = 0; o2 < a2.outSize; o2++) {
          let s = 0;
          for (let i0 = a0.start[o0]; i0 < a0.end[o0]; i0++)
            for (let i1 = a1.start[o1]; i1 < a1.end[o1]; i1++)
              for (let i2 = a2.start[o2]; i2 < a2.end[o2]; i2++) s = Math.fround(s + v[base + (i0 * H + i1) * W + i2]);
          if (p % C < productBelow) out.push(Math.fround(s / (a0.factor[o0] * a1.factor[o1] * a2.factor[o2])));
        }
  }
  return bits(tf.tensor1d(out, 'float32'));
}

/** Every kernel of the pooling family that takes a layout: native on both backends. */
const KERNELS = [
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchMaxPool,
  TorchMaxPoolValues,
  TorchMaxPoolGrad,
  TorchMaxUnpool,
  TorchGatherPlanes,
];

describe.each(['cpu', 'wasm'])('channels-last kernels on %s', backend => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  it('are registered as native', () => {
    for (const k of [...CHANNELS_LAST_KERNELS, ...KERNELS]) expect(runsChannelsLast(backend, k)).toBe(true);
  });

  describe.each(['auto', 'off'] as const)('SIMD mode %s', mode => {
    beforeAll(() => setBoxSimdMode(mode));

    it(`takes the ${mode === 'off' ? 'scalar loops' : 'SIMD module'}`, () => {
      const t = channelsLast([2, 5, 5, 17], 2);
      const spec: WindowSpec = {kind: 'adaptive', outputSize: [2, 3]};
      const plan = planBox(t.logical, spec);
      const x = new Float32Array(2 * 5 * 5 * 17);
      const out = new Float32Array(2 * 6 * 17);
      const simd = mode !== 'off';
      expect(boxAverageChannelsLastSimd(null, x, plan, spec, t, 16, out)).toBe(simd);
      expect(boxAverageGradChannelsLastSimd(null, out, plan, spec, t, 16, x)).toBe(simd);
      const maxSpec: MaxWindowSpec = {kind: 'adaptive', outputSize: [2, 3]};
      expect(maxPoolChannelsLastSimd(null, x, planMax(t.logical, maxSpec), t, out, new Int32Array(out.length))).toBe(
        simd,
      );
    });

    it("sends padding-only windows' gradients to planeBase(p) + index·C, dropped past the end", async () => {
      // W = 2, kernel 2, dilation 3, padding 1: the one window along W has taps -1 and 2, both padding; its index is
      // its first tap past the padding, 2: row h's is the cell h·2 + 2, the next row's first (h = 0), or past the
      // plane (h = 1: the next batch entry's first cell, or past the end for the last entry).
      const spec: MaxWindowSpec = {
        kind: 'max',
        kernelSize: [1, 2],
        stride: [1, 1],
        padding: [0, 1],
        dilation: [1, 3],
        ceilMode: false,
      };
      const [N, C, H, W] = [2, 3, 2, 2];
      const xl = tf.tensor(randomData(N * H * W * C, rng(5), false), [N, H, W, C], 'float32');
      const [values, indices] = await runLast(TorchMaxPool, {x: xl}, {spec});
      expect(values.shape).toEqual([N, H, 1, C]);
      const idx = indices.dataSync();
      const dyValues = Array.from({length: values.size}, (_, i) => 1 + i * 0.1);
      const dy = tf.tensor(dyValues, values.shape, 'float32');
      const [dx] = await runLast(TorchMaxPoolGrad, {dy, indices, x: xl}, {spec});
      // The rule, in PyTorch's scatter order (batch entry, output cell, channel).
      const want = new Float32Array(N * H * W * C);
      for (let k = 0; k < dyValues.length; k++) {
        const [n, c] = [Math.floor(k / (H * C)), k % C];
        const at = (n * H * W + idx[k]) * C + c;
        if (at < want.length) want[at] += dyValues[k];
      }
      expect(Array.from(idx)).toEqual(Array.from({length: values.size}, (_, k) => (Math.floor(k / C) % H) * W + 2));
      expect(bits(dx)).toEqual(bits(tf.tensor1d(want)));
      tf.dispose([xl, values, indices, dy, dx]);
      expect(want.some(v => v !== 0)).toBe(true);
    });

    it('takes empty batches and zero channels', async () => {
      const avg: WindowSpec = {kind: 'adaptive', outputSize: [2, 2]};
      const max: MaxWindowSpec = {
        kind: 'max',
        kernelSize: [2, 2],
        stride: [2, 2],
        padding: [0, 0],
        dilation: [1, 1],
        ceilMode: false,
      };
      for (const shape of [
        [0, 4, 4, 3],
        [2, 4, 4, 0],
      ]) {
        const xl = tf.zeros(shape);
        const [a] = await runLast(TorchAvgPool, {x: xl}, {spec: avg});
        const [da] = await runLast(TorchAvgPoolGrad, {dy: a, x: xl}, {spec: avg});
        const [m, i] = await runLast(TorchMaxPool, {x: xl}, {spec: max});
        const [dm] = await runLast(TorchMaxPoolGrad, {dy: m, indices: i, x: xl}, {spec: max});
        expect([a.shape, da.shape, m.shape, dm.shape]).toEqual([
          [shape[0], 2, 2, shape[3]],
          shape,
          [shape[0], 2, 2, shape[3]],
          shape,
        ]);
        tf.dispose([xl, a, da, m, i, dm]);
      }
    });

    it('copies large batch entries a slab of rows at a time (cpu) with the same bits', async () => {
      const r = rng(31);
      const cases: [number[], WindowSpec, MaxWindowSpec][] = [
        [
          [2, 37, 45, 41],
          {
            kind: 'pool',
            kernelSize: [3, 3],
            stride: [2, 2],
            padding: [1, 1],
            ceilMode: true,
            countIncludePad: false,
            divisorOverride: null,
          },
          {kind: 'max', kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [2, 1], ceilMode: true},
        ],
        [[1, 20, 17, 23, 19], {kind: 'adaptive', outputSize: [5, 7, 3]}, {kind: 'adaptive', outputSize: [6, 4, 5]}],
        [
          [9, 70, 70],
          {
            kind: 'pool',
            kernelSize: [2, 5],
            stride: [1, 3],
            padding: [0, 2],
            ceilMode: false,
            countIncludePad: true,
            divisorOverride: -7,
          },
          {kind: 'max', kernelSize: [4, 2], stride: [3, 1], padding: [2, 0], dilation: [1, 3], ceilMode: false},
        ],
      ];
      for (const [shape, avg, max] of cases) {
        const nd = avg.kind === 'pool' ? avg.kernelSize.length : avg.outputSize.length;
        const x = tf.tensor(
          randomData(
            shape.reduce((a, b) => a * b, 1),
            r,
            false,
          ),
          shape,
          'float32',
        );
        const xl = toLast(x, nd);
        const productBelow = productDivisorChannels(avg, shape[shape.length - nd - 1]);
        const [a] = run(TorchAvgPool, {x}, {spec: avg});
        const [al] = await runLast(TorchAvgPool, {x: xl}, {spec: avg});
        const [m, i] = run(TorchMaxPool, {x}, {spec: max});
        const [ml, il] = await runLast(TorchMaxPool, {x: xl}, {spec: max});
        const [vl] = await runLast(TorchMaxPoolValues, {x: xl}, {spec: max});
        const back = [al, ml, il, vl].map(t => toFirst(t, nd));
        const where = JSON.stringify(shape);
        expect([
          where,
          channelBits(back[0], nd, c => c >= productBelow),
          bits(back[1]),
          bits(back[2]),
          bits(back[3]),
        ]).toEqual([where, channelBits(a, nd, c => c >= productBelow), bits(m), bits(i), bits(m)]);
        tf.dispose([x, xl, a, al, m, i, ml, il, vl, ...back]);
      }
    });

    it('avg pool and its gradient equal channels-first transposed', async () => {
      const r = rng(mode === 'auto' ? 11 : 12);
      let cases = 0;
      while (cases < 120) {
        const nd = 1 + Math.floor(r() * 3);
        const shape = randomShape(r, nd);
        const spec = randomBoxSpec(r, shape.slice(shape.length - nd));
        if (spec === null) continue;
        cases++;
        const integer = r() < 0.15;
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(randomData(size, r, integer), shape, integer ? 'int32' : 'float32');
        const xl = toLast(x, nd);
        const where = JSON.stringify({shape, spec, integer});
        const C = shape[shape.length - nd - 1];
        const productBelow = integer ? 0 : productDivisorChannels(spec, C);
        const [want] = run(TorchAvgPool, {x}, {spec});
        const [got] = await runLast(TorchAvgPool, {x: xl}, {spec});
        const gotFirst = toFirst(got, nd);
        expect([where, channelBits(gotFirst, nd, c => c >= productBelow)]).toEqual([
          where,
          channelBits(want, nd, c => c >= productBelow),
        ]);
        if (productBelow > 0) {
          expect([where, channelBits(gotFirst, nd, c => c < productBelow)]).toEqual([
            where,
            productQuotients(x, spec, productBelow),
          ]);
        }
        if (!integer) {
          const dy = tf.tensor(randomData(want.size, r, false), want.shape, 'float32');
          const [dxWant] = run(TorchAvgPoolGrad, {dy, x}, {spec});
          const dyl = toLast(dy, nd);
          const [dxGot] = await runLast(TorchAvgPoolGrad, {dy: dyl, x: xl}, {spec});
          const dxFirst = toFirst(dxGot, nd);
          // channels below productBelow divide by the product (checked in the forward above)
          expect([where, channelBits(dxFirst, nd, c => c >= productBelow)]).toEqual([
            where,
            channelBits(dxWant, nd, c => c >= productBelow),
          ]);
          tf.dispose([dy, dxWant, dyl, dxGot, dxFirst]);
        }
        tf.dispose([x, xl, want, got, gotFirst]);
      }
    });

    it('max pool (values, indices), its gradient, unpool and gather equal channels-first transposed', async () => {
      const r = rng(mode === 'auto' ? 21 : 22);
      let cases = 0;
      let strays = 0;
      while (cases < 120) {
        const nd = 1 + Math.floor(r() * 3);
        const shape = randomShape(r, nd);
        const spec = randomMaxSpec(r, shape.slice(shape.length - nd));
        if (spec === null) continue;
        cases++;
        const integer = r() < 0.15;
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(randomData(size, r, integer), shape, integer ? 'int32' : 'float32');
        const xl = toLast(x, nd);
        const where = JSON.stringify({shape, spec, integer});
        const [want, wantIdx] = run(TorchMaxPool, {x}, {spec});
        const [got, gotIdx] = await runLast(TorchMaxPool, {x: xl}, {spec});
        const [gotValues] = await runLast(TorchMaxPoolValues, {x: xl}, {spec});
        const [gotFirst, gotIdxFirst, valuesFirst] = [toFirst(got, nd), toFirst(gotIdx, nd), toFirst(gotValues, nd)];
        expect([where, bits(gotFirst), bits(gotIdxFirst), bits(valuesFirst)]).toEqual([
          where,
          bits(want),
          bits(wantIdx),
          bits(want),
        ]);

        // Gradient: padding-only windows (no taps) send theirs elsewhere in each layout (PyTorch's rule).
        const plan = planMax(shape, spec);
        const [a0, a1, a2] = plan.axes3;
        const live = (o: number) => {
          const o2 = o % a2.outSize;
          const o1 = Math.floor(o / a2.outSize) % a1.outSize;
          const o0 = Math.floor(o / a2.outSize / a1.outSize);
          return a0.count[o0] > 0 && a1.count[o1] > 0 && a2.count[o2] > 0;
        };
        const cells = a0.outSize * a1.outSize * a2.outSize;
        const dyValues = randomData(want.size, r, false).map((v, i) => (live(i % cells) ? v : 0));
        const dy = tf.tensor(dyValues, want.shape, 'float32');
        const dyl = toLast(dy, nd);
        const [dxWant] = run(TorchMaxPoolGrad, {dy, indices: wantIdx, x}, {spec});
        const [dxGot] = await runLast(TorchMaxPoolGrad, {dy: dyl, indices: gotIdx, x: xl}, {spec});
        const dxFirst = toFirst(dxGot, nd);
        expect([where, bits(dxFirst)]).toEqual([where, bits(dxWant)]);
        if (dyValues.some((_, i) => !live(i % cells))) strays++;

        // Unpool at the pool's indices plus duplicates; gather at them plus out-of-range ones.
        const outputSize = shape.slice(shape.length - nd);
        const target = outputSize.reduce((a, b) => a * b, 1);
        const idxValues = Array.from(wantIdx.dataSync());
        // (the op admits only indices inside the plane: a padding-only window's may lie past it)
        const dup = idxValues.map(i => (r() < 0.3 || i >= target ? Math.floor(r() * target) : i));
        const idxDup = tf.tensor(dup, wantIdx.shape, 'int32');
        const idxDupL = toLast(idxDup, nd);
        const [unWant] = run(TorchMaxUnpool, {x: want, indices: idxDup}, {outputSize});
        const [unGot] = await runLast(TorchMaxUnpool, {x: got, indices: idxDupL}, {outputSize});
        const unFirst = toFirst(unGot, nd);
        expect([where, bits(unFirst)]).toEqual([where, bits(unWant)]);
        const wild = dup.map(i => (r() < 0.2 ? [-1, target, target + 5, -7][Math.floor(r() * 4)] : i));
        const idxWild = tf.tensor(wild, wantIdx.shape, 'int32');
        const idxWildL = toLast(idxWild, nd);
        const [gaWant] = run(TorchGatherPlanes, {x, indices: idxWild}, {rank: nd});
        const [gaGot] = await runLast(TorchGatherPlanes, {x: xl, indices: idxWildL}, {rank: nd});
        const gaFirst = toFirst(gaGot, nd);
        expect([where, bits(gaFirst)]).toEqual([where, bits(gaWant)]);

        tf.dispose([x, xl, want, wantIdx, got, gotIdx, gotValues, gotFirst, gotIdxFirst, valuesFirst]);
        tf.dispose([dy, dyl, dxWant, dxGot, dxFirst, idxDup, idxDupL, unWant, unGot, unFirst]);
        tf.dispose([idxWild, idxWildL, gaWant, gaGot, gaFirst]);
      }
      // dilation and padding made padding-only windows in some cases (their gradients zeroed here; see below)
      expect(strays).toBeGreaterThan(0);
    });
  });
});
