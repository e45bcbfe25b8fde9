/**
 * Where the gradient of a max-pool window without any in-bounds tap goes (docs/max-pooling.md §3). With dilation a
 * window can cover padding only; it reports -inf and its initial index, the flat position of its first taps, which
 * on an axis without taps lies at or past the axis' end, so the index names no cell of the window and may lie past
 * the plane. PyTorch's backward (cpu_max_pool_backward) adds dy[o] at `plane * P + index` of the whole gradient
 * buffer (P the cells of a plane): a cell of the same plane outside the window, or of a later plane. A target past
 * the last plane is past PyTorch's buffer (undefined there); here it is dropped.
 *
 * Only these outputs' indices are fixed by the geometry alone, so their routes form a table: for each in-plane cell
 * r, the outputs whose index is `back * P + r`, i.e. which reach r of plane q from plane q - back. Entries are in
 * PyTorch's order of accumulation into the cell: earlier planes first (it runs planes in order), then by output.
 *
 * Channels-last (geometry/memory_layout.ts) PyTorch's backward (cpu_max_pool_backward_channels_last) adds dy at
 * `n·P·C + index·C + c` of the stored buffer, i.e. planeBase(p) + index·cellStride: an index `back·P + r` then
 * reaches cell r of the same channel `back` batch entries later, plane q from plane q - back·C. The table is the
 * same in both layouts; {@link strayPlaneStep} says how far one `back` is. An unbatched channels-last tensor is a
 * batch of one, so its routes past its own plane are dropped.
 */
import {MaxPlan, hasTaps, initialIndex} from './max_windows';
import type {PlaneAddressing} from './memory_layout';
import {perPlan} from './per_plan';

export interface StrayGradients {
  /** entries of cell r: start[r] … start[r + 1] - 1 (length P + 1); all zero when no window is padding-only */
  readonly start: Int32Array;
  /** how many planes before the receiving plane the output lies (≥ 0) */
  readonly back: Int32Array;
  /** the output's flat position in its plane */
  readonly output: Int32Array;
  /** the largest number of entries of one cell (0: no padding-only window) */
  readonly maxPerCell: number;
}

/** The routes of `plan`'s padding-only windows; memoised per plan (perPlan; plans themselves are memoised). */
export const strayGradients: (plan: MaxPlan) => StrayGradients = perPlan<StrayGradients, MaxPlan, void>(plan =>
  build(plan),
);

function build(plan: MaxPlan): StrayGradients {
  const [a0, a1, a2] = plan.axes3;
  const cells = a0.inSize * a1.inSize * a2.inSize;
  const start = new Int32Array(cells + 1);
  const noneAtAll = [a0, a1, a2].every(a => a.count.every(c => c > 0));
  if (noneAtAll || cells === 0) return {start, back: new Int32Array(0), output: new Int32Array(0), maxPerCell: 0};
  const routes: Array<[number, number, number]> = []; // [cell, back, output]
  let o = 0;
  for (let o0 = 0; o0 < a0.outSize; o0++) {
    for (let o1 = 0; o1 < a1.outSize; o1++) {
      for (let o2 = 0; o2 < a2.outSize; o2++, o++) {
        if (hasTaps(plan, o0, o1, o2)) continue;
        const index = initialIndex(plan, o0, o1, o2);
        routes.push([index % cells, Math.floor(index / cells), o]);
      }
    }
  }
  // by cell, then earlier planes (greater `back`) first, then output order
  routes.sort((x, y) => x[0] - y[0] || y[1] - x[1] || x[2] - y[2]);
  const back = new Int32Array(routes.length);
  const output = new Int32Array(routes.length);
  let maxPerCell = 0;
  routes.forEach(([cell, b, out], k) => {
    start[cell + 1]++;
    back[k] = b;
    output[k] = out;
  });
  for (let r = 0; r < cells; r++) {
    maxPerCell = Math.max(maxPerCell, start[r + 1]);
    start[r + 1] += start[r];
  }
  return {start, back, output, maxPerCell};
}

/**
 * The planes between a stray route's source and its receiving plane per unit of `back`: 1 channels-first (the next
 * plane), C channels-last (the same channel of the next batch entry). A route from plane p lands in plane
 * `p + back · strayPlaneStep(addressing)`, dropped at or past `addressing.planes`.
 */
export function strayPlaneStep(addressing: PlaneAddressing): number {
  return addressing.layout === 'channelsLast' ? addressing.channels : 1;
}

/** The largest `back` of `plan`'s stray routes: 0 when every route stays in its own plane (or there is none). */
export function strayReach(plan: MaxPlan): number {
  let reach = 0;
  for (const b of strayGradients(plan).back) reach = Math.max(reach, b);
  return reach;
}
