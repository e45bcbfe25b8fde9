// AssemblyScript source of the channels-last (NHWC) max-pool forward (values and, where `idx` is not 0, indices),
// compiled by scripts/build-simd.mjs through modules/channels_last_max.ts and run by
// kernels/shared/channels_last_simd.ts. Float32 only.
//
// Method — lanes across channels (ATen's cpu_max_pool_channels_last; XNNPACK's NHWC order): every window tap is a
// contiguous load of 4 channels. Each lane folds its window's taps in row-major order with the scalar loop's rule
// (kernels/shared/channels_last_scalar.ts, docs/max-pooling.md §1): from -inf and the initial index (the flat cell
// of the window's first in-bounds taps), a tap wins when `v > best || v != v`, so the first of equal values and the
// last NaN win; the index lane (i32x4) is selected with the same mask. Taps are first[o] + t·step per axis, from the
// max tables (kernels/shared/max_tables.ts; axis d's sections from base bd). A channel tail (C % 4) runs the same
// scalar ops. Eight channels (two vectors) are folded at a time where C allows.

import {maxCount, maxFirst} from './table_layout';

@inline
function pick(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
}

export function clMaxForward(x: usize, out: usize, idx: usize, N: i32, C: i32, D: i32, H: i32, W: i32, O0: i32,
                             O1: i32, O2: i32, st0: i32, st1: i32, st2: i32, tab: usize, b0: i32, b1: i32,
                             b2: i32): void {
  const cell = <usize>C << 2;
  const C8 = C & ~7;
  const C4 = C & ~3;
  const lowest = f32x4.splat(-Infinity);
  let dst = out;
  let dsti = idx;
  for (let n = 0; n < N; n++) {
    const xn = x + <usize>n * <usize>(D * H * W) * cell;
    for (let o0 = 0; o0 < O0; o0++) {
      const f0 = load<i32>(maxFirst(tab, b0, O0, D) + (<usize>o0 << 2));
      const e0 = f0 + load<i32>(maxCount(tab, b0, O0, D) + (<usize>o0 << 2)) * st0;
      for (let o1 = 0; o1 < O1; o1++) {
        const f1 = load<i32>(maxFirst(tab, b1, O1, H) + (<usize>o1 << 2));
        const e1 = f1 + load<i32>(maxCount(tab, b1, O1, H) + (<usize>o1 << 2)) * st1;
        for (let o2 = 0; o2 < O2; o2++) {
          const f2 = load<i32>(maxFirst(tab, b2, O2, W) + (<usize>o2 << 2));
          const e2 = f2 + load<i32>(maxCount(tab, b2, O2, W) + (<usize>o2 << 2)) * st2;
          const first = (f0 * H + f1) * W + f2;
          let c = 0;
          for (; c < C8; c += 8) {
            let m0 = lowest, m1 = lowest;
            let j0 = i32x4.splat(first), j1 = j0;
            for (let i0 = f0; i0 < e0; i0 += st0) {
              for (let i1 = f1; i1 < e1; i1 += st1) {
                const row = (i0 * H + i1) * W;
                for (let i2 = f2; i2 < e2; i2 += st2) {
                  const p = xn + <usize>(row + i2) * cell + (<usize>c << 2);
                  const v0 = v128.load(p), v1 = v128.load(p, 16);
                  const k0 = pick(v0, m0), k1 = pick(v1, m1);
                  const t = i32x4.splat(row + i2);
                  m0 = v128.bitselect(v0, m0, k0);
                  m1 = v128.bitselect(v1, m1, k1);
                  j0 = v128.bitselect(t, j0, k0);
                  j1 = v128.bitselect(t, j1, k1);
                }
              }
            }
            const at = <usize>c << 2;
            v128.store(dst + at, m0);
            v128.store(dst + at, m1, 16);
            if (idx != 0) {
              v128.store(dsti + at, j0);
              v128.store(dsti + at, j1, 16);
            }
          }
          for (; c < C4; c += 4) {
            let m = lowest;
            let j = i32x4.splat(first);
            for (let i0 = f0; i0 < e0; i0 += st0) {
              for (let i1 = f1; i1 < e1; i1 += st1) {
                const row = (i0 * H + i1) * W;
                for (let i2 = f2; i2 < e2; i2 += st2) {
                  const v = v128.load(xn + <usize>(row + i2) * cell + (<usize>c << 2));
                  const k = pick(v, m);
                  m = v128.bitselect(v, m, k);
                  j = v128.bitselect(i32x4.splat(row + i2), j, k);
                }
              }
            }
            v128.store(dst + (<usize>c << 2), m);
            if (idx != 0) v128.store(dsti + (<usize>c << 2), j);
          }
          for (; c < C; c++) {
            let m: f32 = -Infinity;
            let j = first;
            for (let i0 = f0; i0 < e0; i0 += st0) {
              for (let i1 = f1; i1 < e1; i1 += st1) {
                const row = (i0 * H + i1) * W;
                for (let i2 = f2; i2 < e2; i2 += st2) {
                  const v = load<f32>(xn + <usize>(row + i2) * cell + (<usize>c << 2));
                  if (v > m || v != v) {
                    m = v;
                    j = row + i2;
                  }
                }
              }
            }
            store<f32>(dst + (<usize>c << 2), m);
            if (idx != 0) store<i32>(dsti + (<usize>c << 2), j);
          }
          dst += cell;
          dsti += cell;
        }
      }
    }
  }
}
