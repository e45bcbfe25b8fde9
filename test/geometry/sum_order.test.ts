/**
 * PyTorch's sum order (src/geometry/sum_order.ts): the loop body TensorIterator + cascade_sum pick for typical
 * reductions, that the walk (2-D loop and the dims around it) reaches every input element once and adds it to its own
 * output, and the cascade's chunk size. The bits themselves are checked against PyTorch by the mean fixtures.
 */
import {cascadeLevelPower, planMean, planSumOrder} from '../../src/geometry';
import {forEachBlock} from '../../kernels/shared/mean';

describe('planSumOrder', () => {
  it.each([
    // [shape, axes, kind, size0, size1]
    [[8, 64, 56, 56], [2, 3], 'innerVector', 3136, 512],
    [[8, 64, 56, 56], [1], 'outerVector', 64, 3136],
    [[2048, 512], [0], 'outerVector', 2048, 512],
    [[1024, 1024], [0, 1], 'innerVector', 1048576, 1],
    [[5, 7], [1], 'innerScalar', 7, 5],
    [[100, 3], [0], 'outerScalar', 100, 3],
    [[3, 1, 4], [1], 'outerVector', 1, 12],
    [[3, 1, 2], [1], 'innerScalar', 1, 6],
    [[2, 3, 70000], [0, 2], 'innerVector', 70000, 2],
  ] as Array<[number[], number[], string, number, number]>)('%j over %j: %s', (shape, axes, kind, size0, size1) => {
    const o = planSumOrder(shape, axes);
    expect([o.kind, o.size0, o.size1]).toEqual([kind, size0, size1]);
  });

  it('walks every input element once, into its own output', () => {
    const shapes: Array<[number[], number[]]> = [
      [
        [2, 3, 4, 5],
        [1, 3],
      ],
      [
        [2, 3, 4, 5],
        [0, 2],
      ],
      [
        [2, 1, 4, 1, 3],
        [1, 2, 3],
      ],
      [
        [3, 9, 2, 10],
        [0, 3],
      ],
      [[4, 5, 6], []],
      [
        [7, 1, 9],
        [0, 2],
      ],
      [
        [2, 2, 2, 2, 2],
        [0, 2, 4],
      ],
    ];
    for (const [shape, axes] of shapes) {
      const plan = planMean(shape, axes);
      const o = plan.sumOrder;
      const n = shape.reduce((a, b) => a * b, 1);
      const seen = new Array<number>(n).fill(0);
      const outOf = (i: number) => {
        let [rest, out, scale] = [i, 0, 1];
        for (let d = shape.length - 1; d >= 0; d--) {
          const c = rest % shape[d];
          rest = Math.floor(rest / shape[d]);
          if (!axes.includes(d)) {
            out += c * scale;
            scale *= shape[d];
          }
        }
        return out;
      };
      forEachBlock(o, (xBase, outBase) => {
        for (let j = 0; j < o.size1; j++) {
          for (let i = 0; i < o.size0; i++) {
            const x = xBase + j * o.inStride1 + i * o.inStride0;
            seen[x]++;
            expect(outBase + j * o.outStride1 + i * o.outStride0).toBe(outOf(x));
          }
        }
      });
      expect(seen.every(s => s === 1)).toBe(true);
    }
  });

  it('cascade chunks: 16 steps up to 2^19 steps, then 32', () => {
    expect([1, 2, 3, 16, 1 << 19].map(cascadeLevelPower)).toEqual([4, 4, 4, 4, 4]);
    expect([(1 << 19) + 1, 1 << 23].map(cascadeLevelPower)).toEqual([5, 5]);
    expect(cascadeLevelPower((1 << 23) + 1)).toBe(6);
  });
});
