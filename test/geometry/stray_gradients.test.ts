/**
 * The routes of padding-only max-pool windows' gradients (src/geometry/stray_gradients.ts, docs/max-pooling.md §3),
 * on a small example: a [1, 2, 2, 2] input, k (1, 2), padding (0, 1), dilation (1, 3), stride 1. Both outputs
 * of each plane cover padding only and report 2 (row 0) and 4 (row 1): row 0's gradient goes to cell 2 of its own
 * plane, row 1's to cell 0 of the next plane (past the last plane: dropped).
 */
import {MaxPoolSpec, planMax, strayGradients} from '../../src/geometry';

const spec: MaxPoolSpec = {
  kind: 'max',
  kernelSize: [1, 2],
  stride: [1, 1],
  padding: [0, 1],
  dilation: [1, 3],
  ceilMode: false,
};

it('routes each padding-only output to plane * P + index, per receiving cell, earlier planes first', () => {
  const s = strayGradients(planMax([1, 2, 2, 2], spec));
  expect(Array.from(s.start)).toEqual([0, 1, 1, 2, 2]); // cells 0 and 2 receive one route each
  expect([Array.from(s.back), Array.from(s.output)]).toEqual([
    [1, 0],
    [1, 0],
  ]);
  expect(s.maxPerCell).toBe(1);
});

it('is empty where every window has an in-bounds tap', () => {
  const s = strayGradients(planMax([1, 1, 4, 4], {...spec, dilation: [1, 1]}));
  expect([s.maxPerCell, s.back.length, Array.from(s.start).every(v => v === 0)]).toEqual([0, 0, true]);
});
