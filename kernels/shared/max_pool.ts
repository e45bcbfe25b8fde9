/**
 * Typed-array loops of the max-pooling family, shared by the cpu and wasm kernels (and the fuzz test's subject).
 *
 * Method: mirrors ATen's cpu_max_pool / cpu_adaptive_max_pool and their backwards (cpu/MaxPoolKernel.cpp,
 * cpu/AdaptiveMaxPoolKernel.cpp; docs/max-pooling.md §1, §3): taps in row-major order, a tap wins when
 * `v > best || isNaN(v)`, so the first of equal values wins and the last NaN wins; the initial value is -inf
 * (int32, playing int64: the type's minimum) and the initial index the window's first taps. The backward scatters
 * dy to the indices in row-major output order, PyTorch's own order, or, where padding-only windows route gradients
 * across planes, gathers for each input cell dy of the covering outputs whose index is that cell in that same order
 * (so float32 sums round identically either way). Geometry comes from the MaxPlan only.
 */
import type {MaxPlan, PlaneLayout} from '../../src/geometry';
import {hasTaps, strayGradients} from '../../src/geometry';

type Values = Float32Array | Int32Array;

export function maxPool(x: Values, plan: MaxPlan, integer: boolean, out: Values, indices: Int32Array): void {
  const [a0, a1, a2] = plan.axes3;
  const H = a1.inSize;
  const W = a2.inSize;
  const planeIn = a0.inSize * H * W;
  const [d0, d1, d2] = [a0.step, a1.step, a2.step];
  const lowest = integer ? -2147483648 : -Infinity;
  let k = 0;
  for (let p = 0; p < plan.planes; p++) {
    const base = p * planeIn;
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      const f0 = a0.start[o0];
      const e0 = f0 + a0.count[o0] * d0;
      for (let o1 = 0; o1 < a1.outSize; o1++) {
        const f1 = a1.start[o1];
        const e1 = f1 + a1.count[o1] * d1;
        // initialIndex(plan, o0, o1, o2) without the call: the flat position of the first taps
        const firstRow = (f0 * H + f1) * W;
        for (let o2 = 0; o2 < a2.outSize; o2++, k++) {
          const f2 = a2.start[o2];
          const e2 = f2 + a2.count[o2] * d2;
          let best = lowest;
          let bestIndex = firstRow + f2;
          for (let i0 = f0; i0 < e0; i0 += d0) {
            for (let i1 = f1; i1 < e1; i1 += d1) {
              const row = (i0 * H + i1) * W;
              const at = base + row;
              for (let i2 = f2; i2 < e2; i2 += d2) {
                const v = x[at + i2];
                // `v !== v` is isnan: NaN replaces anything, including an earlier NaN.
                if (v > best || v !== v) {
                  best = v;
                  bestIndex = row + i2;
                }
              }
            }
          }
          out[k] = best;
          indices[k] = bestIndex;
        }
      }
    }
  }
}

/**
 * dx[i] = Σ dy[o] over the covering outputs o with taps whose index is i, plus the padding-only windows routed to i
 * (../../src/geometry/stray_gradients.ts), added in PyTorch's order: those of earlier planes first, then the plane's
 * own outputs in row-major order, a padding-only one among them at its place.
 */
export function maxPoolGrad(dy: Float32Array, indices: Int32Array, plan: MaxPlan, dx: Float32Array): void {
  if (strayGradients(plan).maxPerCell === 0) maxPoolGradScatter(dy, indices, plan, dx);
  else maxPoolGradGather(dy, indices, plan, dx);
}

/** maxPoolGrad as a gather over each input cell's covering outputs and stray routes (any plan). */
export function maxPoolGradGather(dy: Float32Array, indices: Int32Array, plan: MaxPlan, dx: Float32Array): void {
  const [a0, a1, a2] = plan.axes3;
  const planeOut = a0.outSize * a1.outSize * a2.outSize;
  const stray = strayGradients(plan);
  const fround = Math.fround;
  let j = 0;
  for (let p = 0; p < plan.planes; p++) {
    const base = p * planeOut;
    for (let i0 = 0; i0 < a0.inSize; i0++) {
      for (let i1 = 0; i1 < a1.inSize; i1++) {
        for (let i2 = 0; i2 < a2.inSize; i2++, j++) {
          const cell = (i0 * a1.inSize + i1) * a2.inSize + i2;
          let acc = 0;
          let k = stray.start[cell];
          const kEnd = stray.start[cell + 1];
          for (; k < kEnd && stray.back[k] > 0; k++) {
            const from = p - stray.back[k];
            if (from >= 0) acc = fround(acc + dy[from * planeOut + stray.output[k]]);
          }
          for (let o0 = a0.gradStart[i0]; o0 < a0.gradEnd[i0]; o0++) {
            for (let o1 = a1.gradStart[i1]; o1 < a1.gradEnd[i1]; o1++) {
              const row = (o0 * a1.outSize + o1) * a2.outSize;
              for (let o2 = a2.gradStart[i2]; o2 < a2.gradEnd[i2]; o2++) {
                for (; k < kEnd && stray.output[k] < row + o2; k++) acc = fround(acc + dy[base + stray.output[k]]);
                if (indices[base + row + o2] === cell && hasTaps(plan, o0, o1, o2)) {
                  acc = fround(acc + dy[base + row + o2]);
                }
              }
            }
          }
          for (; k < kEnd; k++) acc = fround(acc + dy[base + stray.output[k]]);
          dx[j] = acc;
        }
      }
    }
  }
}

/**
 * maxPoolGrad where no window is padding-only: every index then lies in its own plane, and PyTorch's own scatter,
 * dx[plane][indices[o]] += dy[o] over each plane's outputs in row-major order, adds to each cell the same values in
 * the same order as the gather, from the same +0 (a Float32Array store rounds each sum as fround does). One pass
 * over dy instead of one over x and its covering outputs: 6–9× less time for a k3 s2 pool. An index outside its plane
 * (never from the forward) is dropped.
 */
export function maxPoolGradScatter(dy: Float32Array, indices: Int32Array, plan: MaxPlan, dx: Float32Array): void {
  const [a0, a1, a2] = plan.axes3;
  const planeIn = a0.inSize * a1.inSize * a2.inSize;
  const planeOut = a0.outSize * a1.outSize * a2.outSize;
  dx.fill(0);
  for (let p = 0, k = 0; p < plan.planes; p++) {
    const base = p * planeIn;
    for (let o = 0; o < planeOut; o++, k++) {
      const i = indices[k];
      if (i >= 0 && i < planeIn) dx[base + i] += dy[k];
    }
  }
}

/** max_unpool: zeros, then out[plane][indices[j]] = x[j] in flat order (the last write wins). */
export function maxUnpool(x: Values, indices: Int32Array, layout: PlaneLayout, out: Values): void {
  out.fill(0);
  for (let p = 0, j = 0; p < layout.planes; p++) {
    const base = p * layout.targetPlane;
    for (let t = 0; t < layout.indexPlane; t++, j++) out[base + indices[j]] = x[j];
  }
}

/** out[j] = x[plane][indices[j]], 0 where the index lies outside the plane. */
export function gatherPlanes(x: Values, indices: Int32Array, layout: PlaneLayout, out: Values): void {
  for (let p = 0, j = 0; p < layout.planes; p++) {
    const base = p * layout.targetPlane;
    for (let t = 0; t < layout.indexPlane; t++, j++) {
      const i = indices[j];
      out[j] = i >= 0 && i < layout.targetPlane ? x[base + i] : 0;
    }
  }
}
