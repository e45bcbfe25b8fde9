/**
 * src/geometry/tf_pool.ts against TensorFlow's documented window rules, on every output of many plans: 'VALID' over
 * the padded input, and 'SAME' (out = ⌈L/s⌉, pad_total = max((out − 1)·s + k − L, 0), pad_before = ⌊pad_total/2⌋),
 * with the corrections that turn TensorFlow's divisor into PyTorch's.
 */
import {WindowSpec, outputDivisors, planBox, tfPoolWindows} from '../../src/geometry';

const specs: Array<[number[], WindowSpec]> = [];
for (const L of [1, 4, 7, 10]) {
  for (const k of [1, 2, 3, 4]) {
    for (const s of [1, 2, 3]) {
      for (let p = 0; 2 * p <= k; p++) {
        for (const ceilMode of [false, true]) {
          for (const countIncludePad of [false, true]) {
            if (L + 2 * p < k) continue;
            specs.push([
              [2, L, L + 1],
              {
                kind: 'pool',
                kernelSize: [k, k],
                stride: [s, s],
                padding: [p, p],
                ceilMode,
                countIncludePad,
                divisorOverride: null,
              },
            ]);
          }
        }
      }
    }
  }
  for (const O of [1, 2, 3, 5]) specs.push([[2, L, 2 * L], {kind: 'adaptive', outputSize: [O, O]}]);
}

it("checks hundreds of plans, some of them with TensorFlow's SAME windows", () => {
  const natives = specs.map(([shape, spec]) => tfPoolWindows(planBox(shape, spec), spec));
  expect(natives.filter(n => n !== null).length).toBeGreaterThan(300);
  expect(natives.filter(n => n?.same).length).toBeGreaterThan(20);
});

it.each(specs.map(s => [JSON.stringify(s), s] as const))('%s', (_, [shape, spec]) => {
  const plan = planBox(shape, spec);
  const n = tfPoolWindows(plan, spec);
  if (n === null) return; // not strided: the gather path reads the tables directly
  const divisors = outputDivisors(plan);
  plan.axes.forEach((a, d) => {
    const [k, s] = [n.kernel[d], n.stride[d]];
    // 'VALID' over L + before + after cells: outputs and windows in real coordinates.
    const padded = a.inSize + n.before[d] + n.after[d];
    expect(Math.floor((padded - k) / s) + 1).toBe(a.outSize);
    for (let o = 0; o < a.outSize; o++) {
      expect([Math.max(o * s - n.before[d], 0), Math.min(o * s - n.before[d] + k, a.inSize)]).toEqual([
        a.start[o],
        a.end[o],
      ]);
    }
    if (n.same) {
      const out = Math.ceil(a.inSize / s);
      const padBefore = Math.floor(Math.max((out - 1) * s + k - a.inSize, 0) / 2);
      expect(out).toBe(a.outSize);
      for (let o = 0; o < out; o++) {
        expect([Math.max(o * s - padBefore, 0), Math.min(o * s - padBefore + k, a.inSize)]).toEqual([
          a.start[o],
          a.end[o],
        ]);
      }
    }
  });
  // A table widens (MulNoNan may carry the sign-of-zero step) exactly when no factor is below 1 in magnitude.
  const noneBelowOne = (c: Float32Array | null) => c === null || Array.from(c).every(v => Math.abs(v) >= 1);
  expect([n.correctionWidens, n.sameCorrectionWidens]).toEqual([
    noneBelowOne(n.correction),
    noneBelowOne(n.sameCorrection),
  ]);
  // The corrections turn TensorFlow's divisor (Π k; 'SAME': the real count) into PyTorch's.
  const kernelSize = n.kernel.reduce((x, y) => x * y, 1);
  const [O0, O1] = plan.outSpatial;
  for (let o0 = 0; o0 < O0; o0++) {
    for (let o1 = 0; o1 < O1; o1++) {
      const i = o0 * O1 + o1;
      expect((n.correction?.[i] ?? 1) * divisors[i]).toBeCloseTo(kernelSize, 4);
      const count = (plan.axes[0].end[o0] - plan.axes[0].start[o0]) * (plan.axes[1].end[o1] - plan.axes[1].start[o1]);
      expect((n.sameCorrection?.[i] ?? 1) * divisors[i]).toBeCloseTo(count, 4);
    }
  }
});
