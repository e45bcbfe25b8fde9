/**
 * The channels-first max-pool gradient of cpu and wasm (kernels/shared/max_pool.ts): where no window is
 * padding-only it scatters dy to the indices (PyTorch's own order), elsewhere it gathers over covering outputs and
 * stray routes. On random geometries without padding-only windows (1d–3d, strides, padding, dilation, ceil mode,
 * adaptive bins) with indices from the forward on inputs full of ties, the scatter equals the gather bit for bit
 * (sign of zero included) for dy of mixed magnitudes, where the order of the float32 additions shows.
 */
import {AdaptiveSpec, MaxPoolSpec, MaxWindowSpec, maxPoolOutputSize, planMax, strayGradients} from '../../src/geometry';
import {maxPool, maxPoolGradGather, maxPoolGradScatter} from '../../kernels/shared/max_pool';
import {mulberry32} from '../support/random';

function randomCase(r: () => number): {shape: number[]; spec: MaxWindowSpec} | null {
  const nd = 1 + Math.floor(r() * 3);
  const lead = Array.from({length: 1 + Math.floor(r() * 2)}, () => 1 + Math.floor(r() * 3));
  const size = Array.from({length: nd}, () => 1 + Math.floor(r() * (nd === 3 ? 9 : 20)));
  if (r() < 0.25) {
    const spec: AdaptiveSpec = {kind: 'adaptive', outputSize: size.map(s => 1 + Math.floor(r() * (s + 2)))};
    return {shape: [...lead, ...size], spec};
  }
  const kernelSize = size.map(() => 1 + Math.floor(r() * 4));
  const stride = kernelSize.map(k => 1 + Math.floor(r() * (k + 1)));
  const padding = kernelSize.map(k => Math.floor(r() * (Math.floor(k / 2) + 1)));
  const dilation = kernelSize.map(() => (r() < 0.7 ? 1 : 1 + Math.floor(r() * 3)));
  const ceilMode = r() < 0.4;
  for (let d = 0; d < nd; d++) {
    if (maxPoolOutputSize(size[d], kernelSize[d], padding[d], stride[d], dilation[d], ceilMode) <= 0) return null;
  }
  const spec: MaxPoolSpec = {kind: 'max', kernelSize, stride, padding, dilation, ceilMode};
  return {shape: [...lead, ...size], spec};
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

it('the scatter equals the gather bit for bit where no window is padding-only', () => {
  const r = mulberry32(20261208);
  let compared = 0;
  for (let trial = 0; trial < 3000 && compared < 400; trial++) {
    const c = randomCase(r);
    if (c === null) continue;
    const plan = planMax(c.shape, c.spec);
    if (strayGradients(plan).maxPerCell !== 0) continue;
    const inSize = c.shape.reduce((a, b) => a * b, 1);
    const x = Float32Array.from({length: inSize}, () => Math.round((r() - 0.5) * 4)); // ties
    const outSize = plan.outShape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(outSize);
    const indices = new Int32Array(outSize);
    maxPool(x, plan, false, values, indices);
    // mixed magnitudes and signed zeros: a different addition order would round differently
    const dy = Float32Array.from({length: outSize}, () => {
      const u = r();
      return u < 0.1 ? -0 : u < 0.2 ? 0 : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 4);
    });
    const scattered = new Float32Array(inSize).fill(NaN);
    const gathered = new Float32Array(inSize).fill(NaN);
    maxPoolGradScatter(dy, indices, plan, scattered);
    maxPoolGradGather(dy, indices, plan, gathered);
    expect(bits(scattered)).toEqual(bits(gathered));
    compared++;
  }
  expect(compared).toBe(400);
});
