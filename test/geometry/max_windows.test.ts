/** The max-pooling geometry on its own: output sizes with dilation and ceil mode, taps, covering ranges. */
import {
  adaptiveMaxAxis,
  hasTaps,
  initialIndex,
  maxPoolAxis,
  maxPoolOutputSize,
  planMax,
  planeLayout,
  unpoolDefaultSize,
} from '../../src/geometry';

describe('maxPoolOutputSize (Pool.h pooling_output_shape_pad_lr with dilation)', () => {
  it.each([
    // [L, k, p, s, d, ceil, expected, why]
    [5, 2, 0, 2, 1, true, 3, 'ceil keeps the partial window (A(5), k=2, ceil)'],
    [6, 2, 1, 4, 2, true, 2, 'naive ceil gives 3: the third window would start in the right padding'],
    [5, 2, 1, 2, 3, true, 3, 'dilation enters the extent; floor would give 2'],
    [5, 2, 1, 2, 3, false, 2, 'floor mode of the same'],
    [2, 2, 1, 1, 3, false, 1, 'a window with no in-bounds tap still counts'],
    [112, 3, 1, 2, 1, false, 56, 'ResNet stem'],
    [4, 5, 0, 1, 1, false, 0, 'kernel larger than the input: rejected later by the op'],
    [7, 3, 0, 1, 3, false, 1, 'dilated extent 7'],
  ])('L=%i k=%i p=%i s=%i d=%i ceil=%s → %i (%s)', (L, k, p, s, d, ceil, expected) => {
    expect(maxPoolOutputSize(L, k, p, s, d, ceil)).toBe(expected);
  });
});

describe('maxPoolAxis', () => {
  it('starts at the first in-bounds tap, stepping over the left padding by the dilation', () => {
    const a = maxPoolAxis(5, 3, 2, 2, 1, 3);
    expect([Array.from(a.start), Array.from(a.count)]).toEqual([
      [2, 1, 3],
      [1, 2, 1],
    ]);
  });

  it('reports a window without in-bounds taps at first ≥ L with no taps (L=2, k=2, p=1, d=3)', () => {
    const a = maxPoolAxis(2, 1, 2, 1, 1, 3);
    expect([a.start[0], a.count[0]]).toEqual([2, 0]);
    expect([Array.from(a.gradStart), Array.from(a.gradEnd)]).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  // Brute force: the taps PyTorch's loop visits, and which outputs visit each input.
  const configs: Array<[number, number, number, number, number, boolean]> = [];
  for (let L = 1; L <= 9; L++) {
    for (let k = 1; k <= 4; k++) {
      for (let s = 1; s <= 3; s++) {
        for (let d = 1; d <= 3; d++) {
          for (let p = 0; p <= k / 2; p++) {
            for (const ceil of [false, true]) configs.push([L, k, s, p, d, ceil]);
          }
        }
      }
    }
  }

  it(`lists exactly PyTorch's taps, and covering ranges holding every output that taps a cell (${configs.length} configs)`, () => {
    let checked = 0;
    for (const [L, k, s, p, d, ceil] of configs) {
      const O = maxPoolOutputSize(L, k, p, s, d, ceil);
      if (O <= 0) continue;
      const a = maxPoolAxis(L, O, k, s, p, d);
      const tappedBy: number[][] = Array.from({length: L}, () => []);
      for (let o = 0; o < O; o++) {
        let st = o * s - p;
        const en = Math.min(st + (k - 1) * d + 1, L);
        while (st < 0) st += d;
        const taps: number[] = [];
        for (let i = st; i < en; i += d) taps.push(i);
        const ours = Array.from({length: a.count[o]}, (_, t) => a.start[o] + t * a.step);
        expect([L, k, s, p, d, ceil, o, ours]).toEqual([L, k, s, p, d, ceil, o, taps]);
        expect(a.start[o]).toBe(st);
        taps.forEach(i => tappedBy[i].push(o));
      }
      for (let i = 0; i < L; i++) {
        for (const o of tappedBy[i]) {
          expect(o >= a.gradStart[i] && o < a.gradEnd[i]).toBe(true);
        }
        for (let o = a.gradStart[i]; o < a.gradEnd[i]; o++) expect(a.count[o]).toBeGreaterThan(0);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
  });
});

describe('adaptiveMaxAxis', () => {
  it('uses the adaptive bins (L=5, O=3 and upsampling O=7)', () => {
    const a = adaptiveMaxAxis(5, 3);
    expect([Array.from(a.start), Array.from(a.count), a.step]).toEqual([[0, 1, 3], [2, 3, 2], 1]);
    expect(Array.from(adaptiveMaxAxis(5, 7).start)).toEqual([0, 0, 1, 2, 2, 3, 4]);
  });
});

describe('planMax', () => {
  it('pads 1d and 2d to three axes with trivial leading axes', () => {
    const plan = planMax([2, 3, 6], {
      kind: 'max',
      kernelSize: [2],
      stride: [4],
      padding: [1],
      dilation: [2],
      ceilMode: true,
    });
    expect([plan.planes, plan.outShape, plan.axes3.length]).toEqual([6, [2, 3, 2], 3]);
    expect([initialIndex(plan, 0, 0, 0), initialIndex(plan, 0, 0, 1)]).toEqual([1, 3]);
  });

  it('flattens the initial index as PyTorch does, even outside the plane (2×2, k=2, p=1, d=3 → 6)', () => {
    const plan = planMax([1, 1, 2, 2], {
      kind: 'max',
      kernelSize: [2, 2],
      stride: [1, 1],
      padding: [1, 1],
      dilation: [3, 3],
      ceilMode: false,
    });
    expect(plan.outShape).toEqual([1, 1, 1, 1]);
    expect([initialIndex(plan, 0, 0, 0), hasTaps(plan, 0, 0, 0)]).toEqual([6, false]);
  });

  it('plans adaptive bins, including an empty output axis', () => {
    expect(planMax([1, 4, 5], {kind: 'adaptive', outputSize: [4, 0]}).outShape).toEqual([1, 4, 0]);
  });
});

describe('max_unpool sizes', () => {
  it('default output (L-1)*s + k - 2p, and plane layouts', () => {
    expect(unpoolDefaultSize(2, 2, 2, 0)).toBe(4);
    expect(unpoolDefaultSize(1, 2, 2, 2)).toBe(-2);
    expect(planeLayout([2, 3, 2, 2], [4, 4])).toEqual({planes: 6, targetPlane: 16, indexPlane: 4});
  });
});
