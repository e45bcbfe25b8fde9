/**
 * The kit's own convolutions on cpu and wasm, TorchConv2dWinograd (3 × 3) and TorchConv2dPointwise (1 × 1), against
 * the backend's own direct convolution (tf.fused.conv2d) on ResNet- and SqueezeNet-sized layers and odd shapes,
 * through the SIMD modules and their fallback (mode 'off'): which kernel a Conv2d forward runs (tf.profile), the
 * values within the bound below, and no tensor left behind (the packed filter is the module's, freed by dispose()).
 * PyTorch's own numbers for the same paths: the "Winograd" and "pointwise" cases of test/fixtures/kit/kit.json and
 * fusion.json (kit_*.test.ts, fusion.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {nn} from '../../src';
import {TorchConv2dPointwise, TorchConv2dWinograd} from '../../src/kernel_names';
import {setBoxSimdMode} from '../../kernels/shared/box_simd';

/**
 * The bound: float32 sums in another order, plus the transforms' own additions, against the direct convolution; both
 * are within a few ulps of Σ|x·w| (+ |bias|) per output, so |ours − direct| ≤ 2^-16 · that sum (each output adds
 * 9 · Ci products; 2^-16 = 128 ulps of the absolute sum, far below what a wrong tap or tile would change).
 */
const BOUND = 2 ** -16;

interface Case {
  name: string;
  k: 1 | 3;
  x: [number, number, number, number]; // NCHW
  out: number;
  padding: number | [number, number];
  bias: boolean;
  relu: boolean;
}

const CASES: Case[] = [
  {name: '3×3 ResNet layer1 56² 64→64', k: 3, x: [1, 64, 56, 56], out: 64, padding: 1, bias: false, relu: false},
  {name: '3×3 SqueezeNet 13² 48→192, ReLU', k: 3, x: [2, 48, 13, 13], out: 192, padding: 1, bias: true, relu: true},
  {name: '3×3 odd 7×9, 12→24, valid', k: 3, x: [3, 12, 7, 9], out: 24, padding: 0, bias: true, relu: false},
  {name: '3×3 padding (2, 0), 4→8', k: 3, x: [1, 4, 5, 12], out: 8, padding: [2, 0], bias: true, relu: true},
  {
    name: '1×1 SqueezeNet classifier 13² 512→1000, ReLU',
    k: 1,
    x: [1, 512, 13, 13],
    out: 1000,
    padding: 0,
    bias: true,
    relu: true,
  },
  {name: '1×1 SqueezeNet squeeze 55² 64→16', k: 1, x: [1, 64, 55, 55], out: 16, padding: 0, bias: true, relu: false},
  {name: '1×1 row tail 5×7 ×3, 13→8, no bias', k: 1, x: [3, 13, 5, 7], out: 8, padding: 0, bias: false, relu: false},
];

function module(c: Case): nn.Module {
  const conv = new nn.Conv2d(c.x[1], c.out, c.k, {padding: c.padding, bias: c.bias});
  const m = c.relu ? new nn.intrinsic.ConvReLU2d(conv, new nn.ReLU()) : conv;
  return m.eval();
}

/** The direct convolution of the same module (NCHW in and out) and Σ|x·w| + |b| per output. */
function direct(m: nn.Module, c: Case, x: tf.Tensor4D): {y: tf.Tensor; scale: tf.Tensor} {
  const conv = (c.relu ? (m as unknown as {0: nn.Conv2d})[0] : m) as nn.Conv2d;
  return tf.tidy(() => {
    const xl = tf.transpose(x, [0, 2, 3, 1]);
    const w = tf.transpose(conv.weight, [2, 3, 1, 0]) as tf.Tensor4D;
    const [ph, pw] = typeof c.padding === 'number' ? [c.padding, c.padding] : c.padding;
    const pad: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ];
    const b = conv.bias ?? undefined;
    const y = tf.fused.conv2d({x: xl, filter: w, strides: 1, pad, bias: b, activation: c.relu ? 'relu' : 'linear'});
    const s = tf.add(tf.conv2d(tf.abs(xl), tf.abs(w), 1, pad), b ? tf.abs(b) : 0);
    return {y: tf.transpose(y, [0, 3, 1, 2]), scale: tf.transpose(s, [0, 3, 1, 2])};
  });
}

describe.each(['cpu', 'wasm'])('Winograd convolution on %s', backend => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  it('are registered', () => {
    expect(tf.getKernel(TorchConv2dWinograd, backend)).toBeDefined();
    expect(tf.getKernel(TorchConv2dPointwise, backend)).toBeDefined();
  });

  describe.each(['auto', 'off'] as const)('SIMD mode %s', mode => {
    beforeAll(() => setBoxSimdMode(mode));

    it.each(CASES.map(c => [c.name, c]))('%s', async (_, c) => {
      const before = tf.memory().numTensors;
      const m = module(c);
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 5) as tf.Tensor4D;
      const profile = await tf.profile(() => (m.forward as (t: tf.Tensor) => tf.Tensor)(x));
      tf.dispose(profile.result as tf.Tensor);
      const kernels = profile.kernels.map(k => k.name);
      expect(kernels).toContain(c.k === 3 ? TorchConv2dWinograd : TorchConv2dPointwise);
      expect(kernels).not.toContain('FusedConv2D'); // (the fallback calls it inside our kernel, not as a kernel)
      const y = (m.forward as (t: tf.Tensor) => tf.Tensor)(x);
      const ref = direct(m, c, x);
      expect(y.shape).toEqual(ref.y.shape);
      const [a, e, s] = await Promise.all([y.data(), ref.y.data(), ref.scale.data()]);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]) / (s[i] * BOUND));
      expect(worst).toBeLessThanOrEqual(1);
      if (mode === 'off') expect(Array.from(a)).toEqual(Array.from(e)); // the fallback is the direct convolution
      tf.dispose([x, y, ref.y, ref.scale]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('leave to tfjs what they do not take (stride 2, 3 or 12 channels, dilation, padding, under a tape)', async () => {
    const cases: Array<[nn.Conv2d, number]> = [
      [new nn.Conv2d(8, 8, 3, {stride: 2, padding: 1}), 8],
      [new nn.Conv2d(3, 8, 3, {padding: 1}), 3],
      [new nn.Conv2d(8, 8, 3, {padding: 2, dilation: 2}), 8],
      [new nn.Conv2d(8, 8, 1, {stride: 2}), 8],
      [new nn.Conv2d(8, 12, 1), 8],
      [new nn.Conv2d(8, 8, 1, {padding: 1}), 8],
    ];
    const kits = [TorchConv2dWinograd, TorchConv2dPointwise];
    for (const [m, ci] of cases) {
      const x = tf.randomNormal([1, ci, 6, 6]);
      const profile = await tf.profile(() => m.forward(x));
      tf.dispose([x, profile.result as tf.Tensor]);
      expect(profile.kernels.map(k => k.name).filter(n => kits.includes(n))).toEqual([]);
      m.dispose();
    }
    for (const taped of [new nn.Conv2d(8, 8, 3, {padding: 1}), new nn.Conv2d(8, 8, 1)]) {
      const x = tf.randomNormal([1, 8, 6, 6]);
      const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(taped.forward(t)))(x));
      tf.dispose([x, profile.result as tf.Tensor]);
      expect(profile.kernels.map(k => k.name).filter(n => kits.includes(n))).toEqual([]);
      taped.dispose();
    }
  });
});
