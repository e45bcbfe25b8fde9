/** The geometry module on its own: PyTorch's output sizes, windows, divisors and their inversion. */
import {
  adaptiveAxis,
  constantFactor,
  planBox,
  planMean,
  poolAxis,
  poolOutputSize,
  stridedWindows,
  stridedWindows3,
} from '../../src/geometry';

describe('poolOutputSize (Pool.h pooling_output_shape)', () => {
  it.each([
    // [L, k, p, s, ceil, expected, why]
    [5, 3, 1, 2, false, 3, 'floor((5+2-3)/2)+1'],
    [5, 2, 0, 2, true, 3, 'ceil keeps the partial window [4,6)'],
    [6, 4, 2, 4, true, 2, 'T5: the third window would start in the right padding'],
    [32, 8, 0, 4, true, 7, 'T8 (#88144): 7, not 8'],
    [9, 4, 2, 4, true, 3, 'T7 (#116420)'],
    [4, 5, 0, 1, false, 0, 'kernel larger than the input: rejected later by the op'],
  ])('L=%i k=%i p=%i s=%i ceil=%s → %i (%s)', (L, k, p, s, ceil, expected) => {
    expect(poolOutputSize(L, k, p, s, ceil)).toBe(expected);
  });
});

describe('poolAxis', () => {
  it('clips the divisor to L + p, not to start + k (T4: last divisor 6)', () => {
    const a = poolAxis(9, poolOutputSize(9, 7, 3, 3, true), 7, 3, 3, true);
    expect(Array.from(a.factor)).toEqual([7, 7, 7, 6]);
    expect(Array.from(a.start)).toEqual([0, 0, 3, 6]);
    expect(Array.from(a.end)).toEqual([4, 7, 9, 9]);
  });

  it('counts only real cells without count_include_pad (T2)', () => {
    expect(Array.from(poolAxis(5, 3, 3, 2, 1, false).factor)).toEqual([2, 3, 2]);
  });

  it('divides a ceil-mode overhang by the real count even with count_include_pad (T3)', () => {
    expect(Array.from(poolAxis(5, 3, 2, 2, 0, true).factor)).toEqual([2, 2, 1]);
  });
});

describe('adaptiveAxis (AdaptivePooling.h start_index/end_index)', () => {
  it('overlaps bins (L=10, O=3)', () => {
    const a = adaptiveAxis(10, 3);
    expect([Array.from(a.start), Array.from(a.end)]).toEqual([
      [0, 3, 6],
      [4, 7, 10],
    ]);
  });

  it('repeats cells when upsampling (L=3, O=5)', () => {
    const a = adaptiveAxis(3, 5);
    expect([Array.from(a.start), Array.from(a.end)]).toEqual([
      [0, 0, 1, 1, 2],
      [1, 2, 2, 3, 3],
    ]);
  });
});

describe('gradient ranges invert the windows', () => {
  const configs: Array<[string, ReturnType<typeof poolAxis>]> = [];
  for (let L = 1; L <= 9; L++) {
    for (let O = 1; O <= 7; O++) configs.push([`adaptive L=${L} O=${O}`, adaptiveAxis(L, O)]);
    for (let k = 1; k <= 4; k++) {
      for (let s = 1; s <= 3; s++) {
        for (let p = 0; p <= k / 2; p++) {
          for (const ceil of [false, true]) {
            const O = poolOutputSize(L, k, p, s, ceil);
            if (O > 0) configs.push([`pool L=${L} k=${k} s=${s} p=${p} ceil=${ceil}`, poolAxis(L, O, k, s, p, true)]);
          }
        }
      }
    }
  }

  it.each(configs)('%s', (_, a) => {
    for (let i = 0; i < a.inSize; i++) {
      for (let o = 0; o < a.outSize; o++) {
        const inWindow = a.start[o] <= i && i < a.end[o];
        const inRange = a.gradStart[i] <= o && o < a.gradEnd[i];
        expect(inRange).toBe(inWindow);
      }
    }
  });
});

describe('planBox', () => {
  it('pads to three axes with trivial ones and keeps leading dims', () => {
    const plan = planBox([2, 3, 10], {kind: 'adaptive', outputSize: [3]});
    expect(plan.planes).toBe(6);
    expect(plan.outShape).toEqual([2, 3, 3]);
    expect(plan.axes3.map(a => [a.inSize, a.outSize])).toEqual([
      [1, 1],
      [1, 1],
      [10, 3],
    ]);
    expect(plan.divisor).toEqual({kind: 'successive'});
  });

  it('uses divisor_override when given', () => {
    const spec = {
      kind: 'pool' as const,
      kernelSize: [2, 2],
      stride: [2, 2],
      padding: [0, 0],
      ceilMode: false,
      countIncludePad: true,
      divisorOverride: -3,
    };
    expect(planBox([1, 1, 4, 4], spec).divisor).toEqual({kind: 'override', value: -3});
  });
});

describe('planMean', () => {
  it('finds the shapes and the count', () => {
    expect(planMean([2, 3, 4, 5], [2, 3])).toMatchObject({outShape: [2, 3], keepShape: [2, 3, 1, 1], reduceSize: 20});
    expect(planMean([2, 3, 4], [0, 2])).toMatchObject({outShape: [3], keepShape: [1, 3, 1], reduceSize: 8});
    expect(planMean([3, 0, 4], [1]).reduceSize).toBe(0);
  });
});

describe('stridedWindows and constantFactor (the shortcuts of the webgl and tensorflow kernels)', () => {
  const pool = (k: number, s: number, p: number, ceilMode = false, countIncludePad = true) => ({
    kind: 'pool' as const,
    kernelSize: [k],
    stride: [s],
    padding: [p],
    ceilMode,
    countIncludePad,
    divisorOverride: null,
  });

  it('gives a pool its own k, s, p, checked against every window of the table', () => {
    const spec = pool(3, 2, 1, true);
    const plan = planBox([2, 8], spec);
    expect(stridedWindows(plan.axes[0], spec, 0)).toEqual({k: 3, s: 2, p: 1});
    expect(stridedWindows3(plan, spec)).toEqual([
      {k: 1, s: 1, p: 0},
      {k: 1, s: 1, p: 0},
      {k: 3, s: 2, p: 1},
    ]);
  });

  it('gives an even adaptive pool k = s = in / out, and an uneven one null', () => {
    const even = {kind: 'adaptive' as const, outputSize: [7]};
    expect(stridedWindows(planBox([1, 56], even).axes[0], even, 0)).toEqual({k: 8, s: 8, p: 0});
    const uneven = {kind: 'adaptive' as const, outputSize: [3]};
    expect(stridedWindows(planBox([1, 8], uneven).axes[0], uneven, 0)).toBeNull();
  });

  it('finds a factor shared by every output, and none when padding is not counted or a ceil overhang is clipped', () => {
    expect(constantFactor(planBox([1, 8], pool(3, 1, 1)).axes[0])).toBe(3);
    expect(constantFactor(planBox([1, 8], pool(3, 1, 1, false, false)).axes[0])).toBeNull();
    expect(constantFactor(planBox([1, 6], pool(3, 2, 1, true)).axes[0])).toBeNull();
  });
});
