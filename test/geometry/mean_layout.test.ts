/**
 * The GPU reduction layouts of mean (src/geometry/mean_plan.ts meanRuns, meanGroups), simulated on index-probe
 * inputs (x[i] = i): summing through a layout must give the same sums as summing the reduced axes directly.
 */
import {meanGroups, meanRuns, planMean} from '../../src/geometry';

const CASES: Array<[number[], number[]]> = [
  [
    [2, 3, 4, 5],
    [1, 3],
  ],
  [
    [2, 3, 4, 5],
    [2, 3],
  ],
  [
    [2, 3, 4, 5],
    [0, 1, 2, 3],
  ],
  [
    [2, 1, 4, 1, 3],
    [1, 2, 3],
  ],
  [[6], [0]],
  [[3, 4], [0]],
  [
    [2, 3, 4, 5, 2, 3],
    [0, 2, 4],
  ],
  [
    [1, 1, 7],
    [0, 1],
  ],
];

/** Sums per output (keepdim order), straight from the definition. */
function direct(shape: number[], axes: number[]): number[] {
  const plan = planMean(shape, axes);
  const outSize = plan.outShape.reduce((a, b) => a * b, 1);
  const sums = new Array<number>(outSize).fill(0);
  const n = shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let o = 0;
    let scale = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
      if (!axes.includes(d)) {
        o += c * scale;
        scale *= shape[d];
      }
    }
    sums[o] += i;
  }
  return sums;
}

it.each(CASES)('meanRuns %j over %j: run after run gives the direct sums', (shape, axes) => {
  let values = Array.from({length: shape.reduce((a, b) => a * b, 1)}, (_, i) => i);
  for (const {outer, reduce, inner} of meanRuns(planMean(shape, axes))) {
    const next = new Array<number>(outer * inner).fill(0);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < reduce; r++) {
        for (let i = 0; i < inner; i++) next[o * inner + i] += values[(o * reduce + r) * inner + i];
      }
    }
    values = next;
  }
  expect(values).toEqual(direct(shape, axes));
});

it.each(CASES)('meanGroups %j over %j: offsets through the groups give the direct sums', (shape, axes) => {
  const {kept, reduced} = meanGroups(planMean(shape, axes));
  const offsets = (groups: number[][]) => {
    let out = [0];
    for (const [size, stride] of groups) out = out.flatMap(b => Array.from({length: size}, (_, j) => b + j * stride));
    return out;
  };
  const sums = offsets(kept).map(base => offsets(reduced).reduce((s, r) => s + base + r, 0));
  expect(sums).toEqual(direct(shape, axes));
});
