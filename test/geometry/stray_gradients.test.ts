/**
 * The routes of padding-only max-pool windows' gradients (src/geometry/stray_gradients.ts, docs/max-pooling.md §3),
 * on a small example: a [1, 2, 2, 2] input, k (1, 2), padding (0, 1), dilation (1, 3), stride 1. Both outputs
 * of each plane cover padding only and report 2 (row 0) and 4 (row 1): row 0's gradient goes to cell 2 of its own
 * plane, row 1's to cell 0 of the next plane (past the last plane: dropped).
 */
import {MaxPoolSpec, planMax, planeAddressing, strayGradients, strayPlaneStep, strayReach} from '../../src/geometry';

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

it('channels-last: one `back` is C planes on (the same channel, the next batch entry); the reach is the largest back', () => {
  const plan = planMax([2, 3, 2, 2], spec);
  expect(strayReach(plan)).toBe(1);
  expect(strayReach(planMax([1, 1, 4, 4], {...spec, dilation: [1, 1]}))).toBe(0);
  const first = planeAddressing([2, 3, 2, 2], 2, 'channelsFirst');
  const last = planeAddressing([2, 3, 2, 2], 2, 'channelsLast');
  expect([strayPlaneStep(first), strayPlaneStep(last)]).toEqual([1, 3]);
  // plane p = n·C + c sends `back` = 1 to plane p + C: cell r of the same channel of batch entry n + 1, which in
  // PyTorch's channels-last buffer is n·P·C + index·C + c with index = P + r
  const [p, r, P, C] = [1, 0, 4, 3];
  expect(last.planeBase(p + strayPlaneStep(last)) + r * last.cellStride).toBe(0 * P * C + (P + r) * C + 1);
});
