/**
 * src/geometry/tf_max_pool.ts against TensorFlow's documented window rules, on every output of many max plans:
 * 'VALID' over the input padded (-inf) or cropped by before/after, and 'SAME' (out = ⌈L/s⌉, pad_total =
 * max((out − 1)·s + k − L, 0), pad_before = ⌊pad_total/2⌋). Every non-dilated max pool and every adaptive pool with
 * uniform bins must get TensorFlow's windows (the tensorflow backend's fast path covers them); dilated pools and
 * uneven bins must not.
 */
import {MaxWindowSpec, planMax, tfMaxPoolWindows} from '../../src/geometry';

const cases: Array<[number[], MaxWindowSpec]> = [];
for (const L of [1, 4, 7, 10, 56]) {
  for (const k of [1, 2, 3, 4, 7]) {
    for (const s of [1, 2, 3]) {
      for (let p = 0; 2 * p <= k; p++) {
        for (const d of [1, 2]) {
          for (const ceilMode of [false, true]) {
            if (L + 2 * p < d * (k - 1) + 1) continue;
            cases.push([
              [2, 3, L, L + 1],
              {kind: 'max', kernelSize: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d], ceilMode},
            ]);
          }
        }
      }
    }
  }
  for (const O of [1, 2, 3, 5, 7]) cases.push([[2, L, 2 * L], {kind: 'adaptive', outputSize: [O, O]}]);
}
cases.push([
  [1, 2, 5, 6, 7],
  {kind: 'max', kernelSize: [3, 2, 3], stride: [2, 1, 2], padding: [1, 0, 1], dilation: [1, 1, 1], ceilMode: true},
]);
cases.push([[2, 9], {kind: 'max', kernelSize: [4], stride: [3], padding: [2], dilation: [1], ceilMode: true}]);

/** Whether TensorFlow's windows must exist: no dilation, adaptive bins uniform. */
function expected([shape, spec]: [number[], MaxWindowSpec]): boolean {
  const spatial = shape.slice(shape.length - (spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length));
  return spec.kind === 'max'
    ? spec.dilation.every(d => d === 1)
    : spatial.every((L, i) => L % spec.outputSize[i] === 0);
}

it("covers every plain non-dilated pool and uniform adaptive pool, some with TensorFlow's SAME windows", () => {
  const natives = cases.map(([shape, spec]) => tfMaxPoolWindows(planMax(shape, spec), spec));
  expect(natives.map(n => n !== null)).toEqual(cases.map(expected));
  expect(natives.filter(n => n?.same).length).toBeGreaterThan(30);
});

it.each(cases.map(c => [JSON.stringify(c), c] as const))('%s', (_, [shape, spec]) => {
  const plan = planMax(shape, spec);
  const n = tfMaxPoolWindows(plan, spec);
  if (n === null) return;
  plan.axes.forEach((a, d) => {
    const [k, s] = [n.kernel[d], n.stride[d]];
    // 'VALID' over L + before + after cells: outputs, and windows' in-bounds cells in real coordinates.
    const inBounds = (lo: number) => [Math.max(lo, 0), Math.min(lo + k, a.inSize)];
    const taps = (o: number) => [a.start[o], a.start[o] + a.count[o]];
    expect(Math.floor((a.inSize + n.before[d] + n.after[d] - k) / s) + 1).toBe(a.outSize);
    for (let o = 0; o < a.outSize; o++) {
      expect(a.count[o] <= 1 || a.step === 1).toBe(true);
      expect(inBounds(o * s - n.before[d])).toEqual(taps(o));
    }
    if (n.same) {
      const out = Math.ceil(a.inSize / s);
      const padBefore = Math.floor(Math.max((out - 1) * s + k - a.inSize, 0) / 2);
      expect(out).toBe(a.outSize);
      for (let o = 0; o < out; o++) expect(inBounds(o * s - padBefore)).toEqual(taps(o));
    }
  });
});
