// AssemblyScript source of the SIMD max-pool forward (compiled by scripts/build-simd.mjs through
// modules/max_forward.ts; run by kernels/shared/max_simd.ts). Float32 only: int32 tensors keep the scalar loops.
//
// Method — lanes along rows, one output per lane, never within a window. Lane j is output (o0, o1, o + j) and walks
// its own window in PyTorch's scan order (cpu_max_pool: depth, then height, then width taps), keeping the running
// maximum and its index with `v > best || isnan(v)` exactly as kernels/shared/max_pool.ts does per output: the
// first of equal values wins, the last NaN wins. Every lane so makes the scalar loop's comparisons in its order,
// and its value and index are the scalar loop's bit for bit.
//
// Windows: along the depth and height axes each output row reads the in-bounds taps of the plan's tables
// (first + t*step, t < count; table_layout.ts's max* accessors, one layout). Along the last axis a plain max pool's
// windows are strided: output o's taps are padded positions o*S + t*dil, t < K, padded position u being input
// w = u - P (checked against the tables by the caller, kernels/shared/max_simd.ts). Each input row is copied into a
// scratch row with -inf on both sides, so every lane reads all K taps: a -inf tap never wins (`-inf > best` is
// false for every best, and -inf is not NaN), hence out-of-bounds taps change nothing, and the index a lane reports
// when nothing beats its initial -inf is the initial one, the first in-bounds tap's (the table's first), as in
// PyTorch. The pads are written once per call; per plane only the W real values of each row are copied.
//
// Loads: tap_load.ts (stride 1 one v128; stride 2 two v128 and a shuffle of the even lanes; other strides four lane
// loads).

import {axisCount, axisStart} from './table_layout';
import {tapLoad} from './tap_load';


/**
 * Values and indices of a plain (strided, dilated) max pool over `planes` planes of D×H×W floats at x; out and idx
 * receive planes of O0×O1×O2. tab: the packed max tables (bases b0, b1, b2 of plan.axes3's axes); dil0, dil1 the
 * tap steps of the depth and height axes; K, S, P, dil the last axis's kernel, stride, padding and dilation. Wp: the
 * padded row length (at least P + W and past every lane's reach); scratch: 2*D*H*Wp floats.
 */
export function maxForwardRows(
    x: usize, out: usize, idx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    dil0: i32, dil1: i32, K: i32, S: i32, P: i32, dil: i32, Wp: i32, tab: usize, b0: i32, b1: i32, b2: i32,
    scratch: usize): void {
  rows(x, out, idx, planes, D, H, W, O0, O1, O2, dil0, dil1, K, S, P, dil, Wp, tab, b0, b1, b2, scratch, false);
}

/** maxForwardRows at stride 1 (each stride its own module: each module stays under 4 KB). */
export function maxForwardRowsStride1(
    x: usize, out: usize, idx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    dil0: i32, dil1: i32, K: i32, P: i32, dil: i32, Wp: i32, tab: usize, b0: i32, b1: i32, b2: i32,
    scratch: usize): void {
  rows(x, out, idx, planes, D, H, W, O0, O1, O2, dil0, dil1, K, 1, P, dil, Wp, tab, b0, b1, b2, scratch, true);
}

/** maxForwardRows at stride 2. */
export function maxForwardRowsStride2(
    x: usize, out: usize, idx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    dil0: i32, dil1: i32, K: i32, P: i32, dil: i32, Wp: i32, tab: usize, b0: i32, b1: i32, b2: i32,
    scratch: usize): void {
  rows(x, out, idx, planes, D, H, W, O0, O1, O2, dil0, dil1, K, 2, P, dil, Wp, tab, b0, b1, b2, scratch, true);
}

/**
 * One tap of one lane group: `v > best || isnan(v)` per lane, then best (which == 0) or its index (which == 1)
 * where it holds. In planes without NaN (nanFree) the test is `v > best` alone, and best becomes pmax(best, v)
 * (`best < v ? v : best`: the same selection in one instruction).
 */
@inline
function step(v: v128, best: v128, bi: v128, ti: v128, which: i32, nanFree: bool): v128 {
  if (nanFree) return which == 0 ? f32x4.pmax(best, v) : v128.bitselect(ti, bi, f32x4.gt(v, best));
  const m = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
  return which == 0 ? v128.bitselect(v, best, m) : v128.bitselect(ti, bi, m);
}

@inline
function storeGroup(vp: usize, ip: usize, n: i32, best: v128, bi: v128): void {
  if (n == 4) {
    v128.store(vp, best);
    v128.store(ip, bi);
    return;
  }
  v128.store32_lane(vp, best, 0);
  v128.store32_lane(ip, bi, 0);
  if (n > 1) {
    v128.store32_lane(vp, best, 1, 4);
    v128.store32_lane(ip, bi, 1, 4);
  }
  if (n > 2) {
    v128.store32_lane(vp, best, 2, 8);
    v128.store32_lane(ip, bi, 2, 8);
  }
}

/** Copies a plane's rows into the -inf padded scratch rows at dst ([P, P + W) of each); true if it holds a NaN. */
@inline
function fillPlane(src: usize, dst: usize, R: i32, W: i32, rowBytes: usize, padBytes: usize): bool {
  let nan = i32x4.splat(0);
  let nanTail = false;
  for (let r = 0; r < R; r++) {
    const s = src + (<usize>(r * W) << 2);
    const d = dst + <usize>r * rowBytes + padBytes;
    let i = 0;
    for (; i + 4 <= W; i += 4) {
      const v = v128.load(s + (<usize>i << 2));
      v128.store(d + (<usize>i << 2), v);
      nan = v128.or(nan, f32x4.ne(v, v));
    }
    for (; i < W; i++) {
      const f = load<f32>(s + (<usize>i << 2));
      store<f32>(d + (<usize>i << 2), f);
      nanTail = nanTail || f != f;
    }
  }
  return nanTail || v128.any_true(nan);
}

// Four independent lane groups at once: groups at s0 and s1 of one output row, in two planes (A and B). The
// compare-select chain of one group is latency-bound (each tap waits for the previous best); four chains fill the
// pipeline. Each group still takes its own taps in scan order, so nothing changes in what a lane computes. With an
// odd number of planes B repeats A, and a row shorter than 8 outputs repeats a group: the same lanes again.
@inline
function rows(
    x: usize, out: usize, idx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    dil0: i32, dil1: i32, K: i32, S: i32, P: i32, dil: i32, Wp: i32, tab: usize, b0: i32, b1: i32, b2: i32,
    scratch: usize, nanFreePath: bool): void {
  const first0 = axisStart(tab, b0, O0, D);
  const count0 = axisCount(tab, b0, O0, D);
  const first1 = axisStart(tab, b1, O1, H);
  const count1 = axisCount(tab, b1, O1, H);
  const first2 = axisStart(tab, b2, O2, W);
  const R = D * H;
  const rowBytes = <usize>Wp << 2;
  const planeScratch = <usize>R * rowBytes;
  const negInf = f32x4.splat(-Infinity);
  // -inf everywhere once (two scratch planes); each plane's real values overwrite [P, P + W) of every row
  for (let p = scratch, e = scratch + 2 * planeScratch; p < e; p += 16) v128.store(p, negInf);
  const sA = scratch;
  const sB = scratch + planeScratch;
  let lanes = i32x4.splat(0);
  lanes = i32x4.replace_lane(lanes, 1, S);
  lanes = i32x4.replace_lane(lanes, 2, 2 * S);
  lanes = i32x4.replace_lane(lanes, 3, 3 * S);
  const planeIn = <usize>(R * W) << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  const padBytes = <usize>P << 2;
  for (let q = 0; q < planes; q += 2) {
    const qB = min(q + 1, planes - 1);
    let nan = fillPlane(x + <usize>q * planeIn, sA, R, W, rowBytes, padBytes);
    if (qB != q) nan = fillPlane(x + <usize>qB * planeIn, sB, R, W, rowBytes, padBytes) || nan;
    const dB = qB != q ? planeScratch : 0;
    const vo = out + <usize>q * planeOut;
    const io = idx + <usize>q * planeOut;
    const outB = <usize>(qB - q) * planeOut;
    // Most planes hold no NaN: their loop skips the NaN test (the same selections: `isnan(v)` is never true). Only
    // strides 1 and 2 have that loop (wider strides are rare; the generic module stays under 4 KB).
    if (nan || !nanFreePath) {
      pair(vo, io, outB, sA, dB, H, W, O0, O1, O2, dil0, dil1, K, S, P, dil, rowBytes, first0, count0, first1, count1,
           first2, lanes, false);
    } else {
      pair(vo, io, outB, sA, dB, H, W, O0, O1, O2, dil0, dil1, K, S, P, dil, rowBytes, first0, count0, first1, count1,
           first2, lanes, true);
    }
  }
}

/** Both planes of a pair (B at dB bytes after A in the scratch, its outputs outB bytes after A's), every output row. */
@inline
function pair(vo: usize, io: usize, outB: usize, sA: usize, dB: usize, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
              dil0: i32, dil1: i32, K: i32, S: i32, P: i32, dil: i32, rowBytes: usize, first0: usize, count0: usize,
              first1: usize, count1: usize, first2: usize, lanes: v128, nanFree: bool): void {
  const negInf = f32x4.splat(-Infinity);
  const tapBytes = <usize>dil << 2;
  const tapStep = i32x4.splat(dil);
  const lastStart = max(O2 - 4, 0);
  for (let o0 = 0; o0 < O0; o0++) {
    const f0 = load<i32>(first0 + (<usize>o0 << 2));
    const c0 = load<i32>(count0 + (<usize>o0 << 2));
    for (let o1 = 0; o1 < O1; o1++) {
      const f1 = load<i32>(first1 + (<usize>o1 << 2));
      const c1 = load<i32>(count1 + (<usize>o1 << 2));
      const initial = i32x4.splat((f0 * H + f1) * W);
      for (let o = 0; o < O2; o += 8) {
        // groups past the row end move back to its last 4 outputs (recomputing some: same lanes, same results)
        const s0 = min(o, lastStart);
        const s1 = min(o + 4, lastStart);
        let a0 = negInf, a1 = negInf, b0v = negInf, b1v = negInf;
        let ia0 = i32x4.add(initial, v128.load(first2 + (<usize>s0 << 2)));
        let ia1 = i32x4.add(initial, v128.load(first2 + (<usize>s1 << 2)));
        let ib0 = ia0, ib1 = ia1;
        const lane0 = i32x4.add(lanes, i32x4.splat(s0 * S - P));
        const lane1 = i32x4.add(lanes, i32x4.splat(s1 * S - P));
        const off1 = <usize>((s1 - s0) * S) << 2;
        for (let t0 = 0, i0 = f0; t0 < c0; t0++, i0 += dil0) {
          for (let t1 = 0, i1 = f1; t1 < c1; t1++, i1 += dil1) {
            const r = i0 * H + i1;
            let at = sA + <usize>r * rowBytes + (<usize>(s0 * S) << 2);
            const rowIdx = i32x4.splat(r * W);
            let t0i = i32x4.add(lane0, rowIdx);
            let t1i = i32x4.add(lane1, rowIdx);
            for (let t = 0; t < K; t++) {
              const va0 = tapLoad(at, S);
              const va1 = tapLoad(at + off1, S);
              const vb0 = tapLoad(at + dB, S);
              const vb1 = tapLoad(at + dB + off1, S);
              ia0 = step(va0, a0, ia0, t0i, 1, nanFree);
              a0 = step(va0, a0, ia0, t0i, 0, nanFree);
              ia1 = step(va1, a1, ia1, t1i, 1, nanFree);
              a1 = step(va1, a1, ia1, t1i, 0, nanFree);
              ib0 = step(vb0, b0v, ib0, t0i, 1, nanFree);
              b0v = step(vb0, b0v, ib0, t0i, 0, nanFree);
              ib1 = step(vb1, b1v, ib1, t1i, 1, nanFree);
              b1v = step(vb1, b1v, ib1, t1i, 0, nanFree);
              at += tapBytes;
              t0i = i32x4.add(t0i, tapStep);
              t1i = i32x4.add(t1i, tapStep);
            }
          }
        }
        const n0 = min(4, O2 - s0);
        const n1 = min(4, O2 - s1);
        const p0 = <usize>s0 << 2;
        const p1 = <usize>s1 << 2;
        // B first: with an odd plane count B is A, and A's stores below are then the same values
        storeGroup(vo + outB + p0, io + outB + p0, n0, b0v, ib0);
        storeGroup(vo + outB + p1, io + outB + p1, n1, b1v, ib1);
        storeGroup(vo + p0, io + p0, n0, a0, ia0);
        storeGroup(vo + p1, io + p1, n1, a1, ia1);
      }
      vo += <usize>O2 << 2;
      io += <usize>O2 << 2;
    }
  }
}
