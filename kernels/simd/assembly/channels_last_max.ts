// AssemblyScript source of the channels-last (NHWC) max-pool forward, compiled by scripts/build-simd.mjs through
// modules/channels_last_max*.ts and run by kernels/shared/channels_last_simd.ts. Float32 only.
//
// Method — lanes across channels (ATen's cpu_max_pool_channels_last; XNNPACK's NHWC order): every window tap is a
// contiguous load of 4 channels, read through a list of the window's tap offsets made once per output cell. Each lane
// folds its window's taps in row-major order with the scalar loop's rule (kernels/shared/channels_last_scalar.ts,
// docs/max-pooling.md §1): from -inf and the initial index (the flat cell of the window's first in-bounds taps), a tap
// wins when `v > best || v != v`, so the first of equal values and the last NaN win; the index lane (i32x4) is
// selected with the same mask. Taps are first[o] + t·step per axis, from the max tables (kernels/shared/
// max_tables.ts; axis d's sections from base bd). A channel tail (C % 4) runs the same scalar ops.
//
// Fast folds, same bits. Where a block's taps hold no NaN the rule is `v > best`: one compare for indices, and for
// values f32x4.pmax(best, v) (`best < v ? v : best`, one instruction where f32x4.max takes several: a tie keeps the
// earlier tap, whatever the sign of a zero). Beside it each lane sums its taps, which is NaN when a tap is (or when
// infinities of both signs meet: then the block is merely redone); a block whose sum holds a NaN is folded again with
// the exact rule.

import {maxCount, maxFirst} from './table_layout';

/** Lists the taps of output (o0, o1, o2) at `taps`: byte offsets (u32) then cells (i32), 8 bytes a tap; its end. */
@inline
function listTaps(taps: usize, tab: usize, b0: i32, b1: i32, b2: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                  O2: i32, st0: i32, st1: i32, st2: i32, o0: i32, o1: i32, o2: i32, cell: usize): usize {
  const f0 = load<i32>(maxFirst(tab, b0, O0, D) + (<usize>o0 << 2));
  const e0 = f0 + load<i32>(maxCount(tab, b0, O0, D) + (<usize>o0 << 2)) * st0;
  const f1 = load<i32>(maxFirst(tab, b1, O1, H) + (<usize>o1 << 2));
  const e1 = f1 + load<i32>(maxCount(tab, b1, O1, H) + (<usize>o1 << 2)) * st1;
  const f2 = load<i32>(maxFirst(tab, b2, O2, W) + (<usize>o2 << 2));
  const e2 = f2 + load<i32>(maxCount(tab, b2, O2, W) + (<usize>o2 << 2)) * st2;
  let end = taps;
  for (let i0 = f0; i0 < e0; i0 += st0) {
    for (let i1 = f1; i1 < e1; i1 += st1) {
      for (let i2 = f2; i2 < e2; i2 += st2, end += 8) {
        const at = (i0 * H + i1) * W + i2;
        store<u32>(end, <u32>at * <u32>cell);
        store<i32>(end, at, 4);
      }
    }
  }
  // the initial index, (f0·H + f1)·W + f2, where the fold starts: kept past the list
  store<i32>(end, (f0 * H + f1) * W + f2);
  return end;
}

@inline
function exactMask(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
}

@inline
function hasNaN(v: v128): bool {
  return v128.any_true(f32x4.ne(v, v));
}

/**
 * Values and indices of the outputs o0 in [o0lo, o0hi), o1 in [o1lo, o1hi) of a [N, D, H, W, C] input, written from
 * `out` and `idx` on; `taps` scratch of 8 bytes a tap (+ 4).
 */
export function clMaxForward(x: usize, out: usize, idx: usize, N: i32, C: i32, D: i32, H: i32, W: i32, O0: i32,
                             O1: i32, O2: i32, st0: i32, st1: i32, st2: i32, tab: usize, b0: i32, b1: i32,
                             b2: i32, taps: usize, o0lo: i32, o0hi: i32,
    o1lo: i32, o1hi: i32): void {
  const cell = <usize>C << 2;
  const C4 = C & ~3;
  let dst = out;
  let dsti = idx;
  for (let n = 0; n < N; n++) {
    const xn = x + <usize>n * <usize>(D * H * W) * cell;
    for (let o0 = o0lo; o0 < o0hi; o0++) {
      for (let o1 = o1lo; o1 < o1hi; o1++) {
        for (let o2 = 0; o2 < O2; o2++) {
          const end = listTaps(taps, tab, b0, b1, b2, D, H, W, O0, O1, O2, st0, st1, st2, o0, o1, o2, cell);
          const first = load<i32>(end);
          let c = 0;
          for (; c < C4; c += 4) {
            const xc = xn + (<usize>c << 2);
            let m = f32x4.splat(-Infinity);
            let j = i32x4.splat(first);
            let s = f32x4.splat(0);
            for (let t = taps; t < end; t += 8) {
              const v = v128.load(xc + <usize>load<u32>(t));
              const k = f32x4.gt(v, m);
              m = v128.bitselect(v, m, k);
              j = v128.bitselect(i32x4.splat(load<i32>(t, 4)), j, k);
              s = f32x4.add(s, v);
            }
            if (hasNaN(s)) {
              m = f32x4.splat(-Infinity);
              j = i32x4.splat(first);
              for (let t = taps; t < end; t += 8) {
                const v = v128.load(xc + <usize>load<u32>(t));
                const k = exactMask(v, m);
                m = v128.bitselect(v, m, k);
                j = v128.bitselect(i32x4.splat(load<i32>(t, 4)), j, k);
              }
            }
            v128.store(dst + (<usize>c << 2), m);
            v128.store(dsti + (<usize>c << 2), j);
          }
          for (; c < C; c++) {
            const xc = xn + (<usize>c << 2);
            let m: f32 = -Infinity;
            let j = first;
            for (let t = taps; t < end; t += 8) {
              const v = load<f32>(xc + <usize>load<u32>(t));
              if (v > m || v != v) {
                m = v;
                j = load<i32>(t, 4);
              }
            }
            store<f32>(dst + (<usize>c << 2), m);
            store<i32>(dsti + (<usize>c << 2), j);
          }
          dst += cell;
          dsti += cell;
        }
      }
    }
  }
}

/** Values only (TorchMaxPoolValues): the same fold without the index lanes, 16 channels at a time where C allows. */
export function clMaxValues(x: usize, out: usize, N: i32, C: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
                            st0: i32, st1: i32, st2: i32, tab: usize, b0: i32, b1: i32, b2: i32, taps: usize, o0lo: i32, o0hi: i32,
    o1lo: i32, o1hi: i32): void {
  const cell = <usize>C << 2;
  const C16 = C & ~15;
  const C4 = C & ~3;
  const lowest = f32x4.splat(-Infinity);
  const zero = f32x4.splat(0);
  let dst = out;
  for (let n = 0; n < N; n++) {
    const xn = x + <usize>n * <usize>(D * H * W) * cell;
    for (let o0 = o0lo; o0 < o0hi; o0++) {
      for (let o1 = o1lo; o1 < o1hi; o1++) {
        for (let o2 = 0; o2 < O2; o2++) {
          const end = listTaps(taps, tab, b0, b1, b2, D, H, W, O0, O1, O2, st0, st1, st2, o0, o1, o2, cell);
          let c = 0;
          for (; c < C16; c += 16) {
            const xc = xn + (<usize>c << 2);
            let m0 = lowest, m1 = lowest, m2 = lowest, m3 = lowest;
            let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
            for (let t = taps; t < end; t += 8) {
              const p = xc + <usize>load<u32>(t);
              const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
              m0 = f32x4.pmax(m0, v0);
              m1 = f32x4.pmax(m1, v1);
              m2 = f32x4.pmax(m2, v2);
              m3 = f32x4.pmax(m3, v3);
              s0 = f32x4.add(s0, v0);
              s1 = f32x4.add(s1, v1);
              s2 = f32x4.add(s2, v2);
              s3 = f32x4.add(s3, v3);
            }
            const d = dst + (<usize>c << 2);
            if (hasNaN(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)))) {
              exactValues(xc, d, taps, end);
              exactValues(xc + 16, d + 16, taps, end);
              exactValues(xc + 32, d + 32, taps, end);
              exactValues(xc + 48, d + 48, taps, end);
            } else {
              v128.store(d, m0);
              v128.store(d, m1, 16);
              v128.store(d, m2, 32);
              v128.store(d, m3, 48);
            }
          }
          for (; c < C4; c += 4) {
            const xc = xn + (<usize>c << 2);
            let m = lowest;
            let s = zero;
            for (let t = taps; t < end; t += 8) {
              const v = v128.load(xc + <usize>load<u32>(t));
              m = f32x4.pmax(m, v);
              s = f32x4.add(s, v);
            }
            if (hasNaN(s)) exactValues(xc, dst + (<usize>c << 2), taps, end);
            else v128.store(dst + (<usize>c << 2), m);
          }
          for (; c < C; c++) {
            const xc = xn + (<usize>c << 2);
            let m: f32 = -Infinity;
            for (let t = taps; t < end; t += 8) {
              const v = load<f32>(xc + <usize>load<u32>(t));
              if (v > m || v != v) m = v;
            }
            store<f32>(dst + (<usize>c << 2), m);
          }
          dst += cell;
        }
      }
    }
  }
}

/** 4 channels' values folded with the exact rule. */
function exactValues(xc: usize, d: usize, taps: usize, end: usize): void {
  let m = f32x4.splat(-Infinity);
  for (let t = taps; t < end; t += 8) {
    const v = v128.load(xc + <usize>load<u32>(t));
    m = v128.bitselect(v, m, exactMask(v, m));
  }
  v128.store(d, m);
}
