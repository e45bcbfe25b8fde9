// AssemblyScript source of the values-only SIMD max-pool forward (TorchMaxPoolValues: no indices wanted), compiled by
// scripts/build-simd.mjs through modules/max_values*.ts and run by kernels/shared/max_simd.ts. Float32 only.
//
// Method — separable, rows first. The scalar loop (kernels/shared/max_pool.ts) folds a window's taps in row-major
// scan order with `v > best || isnan(v)` from -inf: the result is the last NaN if the window holds one, otherwise
// the first tap (in scan order) equal to the maximum, which decides the sign of a zero maximum. Both rules compose
// over rows taken in order: fold each input row's last-axis taps into a row result, then fold the row results of a
// window's rows (depth, then height taps, increasing) with the same rule, and the result is the scalar loop's bit for
// bit (the last NaN lies in the last row holding one and is that row's result; the first maximal tap lies in the
// first row whose result is maximal and is that row's result). Columns first would not be: it picks the first
// maximal tap in column-major order, a different zero (./max_columns.ts takes that order anyway where it is cheaper,
// and redoes the rows it could get wrong with this file's exact reduction). So each input row is reduced once (pass 1, into a scratch of
// row results, shared by every output row whose window holds that row) and each output row folds its rows' results
// (pass 2). Rows no window reads (stride past the kernel) are reduced anyway: that changes nothing.
//
// The fold: in a plane without NaN `v > best || isnan(v)` is `v > best`, and `best < v ? v : best` is f32x4.pmax
// (one instruction, the same selection: a tie keeps best, the earlier tap). Pass 1 also ORs `v != v` over every
// tap it loads; a plane that turns out to hold a NaN in some window is redone with the exact select (values only).
// Out-of-bounds taps are -inf in the scalar loop's terms, i.e. skipped: pass 1 runs lane groups only where every
// lane's taps are in bounds (loads read exactly the taps' floats, never past them; no scratch copy of the input) and
// folds the few edge outputs (padding, ceil mode) one by one over their in-bounds taps.
//
// Loads of a lane group (4 outputs o..o+3, tap t at o*S - P + t*dil): stride 1 one v128; stride 2 the even lanes of
// [p, p + 7) (loads at p and p + 3, so nothing past the last tap is read); other strides four lane loads. Three
// adjacent taps (k3, the common kernel) are unrolled; at stride 2 they come from two loads per group, the third tap
// carried from the next group's loads (measured: ≈ 12% less time per plane than four loads per group).

import {axisCount, axisStart} from './table_layout';
import {tapLoad} from './tap_load';


/** One fold step: pmax where the plane holds no NaN, else the scalar loop's `v > best || isnan(v)`. */
@inline
function fold(best: v128, v: v128, exact: bool): v128 {
  if (!exact) return f32x4.pmax(best, v);
  return v128.bitselect(v, best, v128.or(f32x4.gt(v, best), f32x4.ne(v, v)));
}

/**
 * Values of a plain (strided, dilated) max pool over `planes` planes of D×H×W floats at x into planes of O0×O1×O2
 * at out. tab: the packed max tables (bases b0, b1, b2 of plan.axes3's axes); dil0, dil1 the tap steps of the depth
 * and height axes; K, S, P, dil the last axis's kernel, stride, padding and dilation. rows: scratch of D*H*Q floats,
 * Q = max(O2, 4) rounded up to 4.
 */
export function maxValues(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
                          dil0: i32, dil1: i32, K: i32, S: i32, P: i32, dil: i32, tab: usize, b0: i32, b1: i32,
                          rows: usize): void {
  pool(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, K, S, P, dil, tab, b0, b1, rows, false);
}

/** maxValues at stride 1 along the last axis (each stride its own module: each stays under 4 KB). */
export function maxValuesStride1(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                                 O2: i32, dil0: i32, dil1: i32, K: i32, P: i32, dil: i32, tab: usize, b0: i32,
                                 b1: i32, rows: usize): void {
  pool(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, K, 1, P, dil, tab, b0, b1, rows, true);
}

/** maxValues at stride 2. */
export function maxValuesStride2(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                                 O2: i32, dil0: i32, dil1: i32, K: i32, P: i32, dil: i32, tab: usize, b0: i32,
                                 b1: i32, rows: usize): void {
  pool(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, K, 2, P, dil, tab, b0, b1, rows, true);
}

/**
 * The lane groups' outputs along the last axis, [laneLo, laneHi): those whose every tap o*S - P + t*dil (t < K) lies
 * in [0, W); the outputs outside are folded one by one over their in-bounds taps.
 */
@inline
export function laneLo(O2: i32, S: i32, P: i32): i32 {
  return min(O2, (P + S - 1) / S);
}

@inline
export function laneHi(lo: i32, O2: i32, W: i32, K: i32, S: i32, P: i32, dil: i32): i32 {
  const reach = W - 1 + P - (K - 1) * dil;
  return max(lo, reach < 0 ? 0 : min(O2, reach / S + 1));
}

@inline
function pool(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32, dil0: i32,
              dil1: i32, K: i32, S: i32, P: i32, dil: i32, tab: usize, b0: i32, b1: i32, rows: usize,
              unrolled: bool): void {
  const R = D * H;
  const Q = (max(O2, 4) + 3) & ~3;
  // lane groups where every lane's taps are in bounds: o in [lo, hi)
  const lo = laneLo(O2, S, P);
  const hi = laneHi(lo, O2, W, K, S, P, dil);
  const planeIn = <usize>(R * W) << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  // the most common kernel, 3 taps side by side, unrolled (and at stride 2 with its loads shared); strides 1 and 2
  // only (the generic module stays under 4 KB)
  const k3 = unrolled && K == 3 && dil == 1;
  for (let q = 0; q < planes; q++) {
    const xq = x + <usize>q * planeIn;
    const oq = out + <usize>q * planeOut;
    const nan = k3 ? reduceRows(xq, rows, R, W, O2, Q, 3, S, P, 1, lo, hi, false, true) :
        reduceRows(xq, rows, R, W, O2, Q, K, S, P, dil, lo, hi, false, false);
    if (nan) {
      reduceRows(xq, rows, R, W, O2, Q, K, S, P, dil, lo, hi, true, false);
      foldRows(rows, oq, H, O0, O1, O2, Q, dil0, dil1, tab, b0, b1, true);
    } else {
      foldRows(rows, oq, H, O0, O1, O2, Q, dil0, dil1, tab, b0, b1, false);
    }
  }
}

/**
 * Three adjacent taps of a lane group at p, folded without NaN (pmax from the first tap: pmax(-inf, v) is v for every
 * v that is not NaN); `nan` gains the lanes where a tap may be NaN (the taps' sum is NaN: a NaN, or +inf + -inf,
 * which only sends the plane to the exact fold for nothing).
 */
@inline
function fold3(p: usize, S: i32, nan: v128, dst: usize, track: bool): v128 {
  let t0: v128, t1: v128, t2: v128;
  if (S == 2) {
    // taps 2o, 2o+1 are the even and odd lanes of the same two loads; 2o+2 the even lanes of [p+2, p+9)
    const a = v128.load(p);
    const b = v128.load(p, 16);
    t0 = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
    t1 = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
    t2 = v128.shuffle<f32>(v128.load(p, 8), v128.load(p, 20), 0, 2, 5, 7);
  } else {
    t0 = tapLoad(p, S);
    t1 = tapLoad(p + 4, S);
    t2 = tapLoad(p + 8, S);
  }
  v128.store(dst, f32x4.pmax(f32x4.pmax(t0, t1), t2));
  if (!track) return nan;
  const sum = f32x4.add(f32x4.add(t0, t1), t2);
  return v128.or(nan, f32x4.ne(sum, sum));
}

/**
 * Pass 1: each input row's last-axis fold into rows (Q floats a row). Returns whether a tap held a NaN; `track`
 * false (rows already known to be NaN-free: ./max_columns.ts) skips that check in the lane groups.
 */
@inline
export function reduceRows(x: usize, rows: usize, R: i32, W: i32, O2: i32, Q: i32, K: i32, S: i32, P: i32, dil: i32,
                           lo: i32, hi: i32, exact: bool, k3: bool, track: bool = true): bool {
  const negInf = f32x4.splat(-Infinity);
  const tapBytes = <usize>dil << 2;
  const last = hi - 4;
  let nan = i32x4.splat(0);
  let nanEdge = false;
  for (let r = 0; r < R; r++) {
    const src = x + (<usize>(r * W) << 2);
    const dst = rows + (<usize>(r * Q) << 2);
    // lane groups; the last one moves back to end at hi (recomputing some outputs: the same values)
    if (hi - lo >= 4) {
      let o = lo;
      if (k3 && S == 2 && hi - lo >= 8) {
        // Stride 2, three taps: lanes' taps 2o, 2o+1 are the even and odd lanes of two loads, and 2o+2 the even lanes
        // shifted by one, the last from the next group's loads: carried from group to group, two loads and three
        // shuffles a group. Each group's NaN check covers its eight loaded floats; the last carried tap is the next
        // group's first. Groups run while the next one is whole; the rest below.
        let at = src + (<usize>(o * 2 - P) << 2);
        let a = v128.load(at);
        let b = v128.load(at, 16);
        let even = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
        let odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
        if (track) {
          const sum = f32x4.add(a, b);
          nan = v128.or(nan, f32x4.ne(sum, sum));
        }
        for (; o + 8 <= hi; o += 4) {
          at += 32;
          a = v128.load(at);
          b = v128.load(at, 16);
          const nextEven = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
          const t2 = v128.shuffle<f32>(even, nextEven, 1, 2, 3, 4);
          v128.store(dst + (<usize>o << 2), f32x4.pmax(f32x4.pmax(even, odd), t2));
          even = nextEven;
          odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
          if (track) {
            const sum = f32x4.add(a, b);
            nan = v128.or(nan, f32x4.ne(sum, sum));
          }
        }
      }
      for (; o < hi; o += 4) {
        const g = min(o, last);
        const at = src + (<usize>(g * S - P) << 2);
        if (k3) {
          nan = fold3(at, S, nan, dst + (<usize>g << 2), track);
          continue;
        }
        let best = negInf;
        for (let t = 0, a = at; t < K; t++, a += tapBytes) {
          const v = tapLoad(a, S);
          if (!exact && track) nan = v128.or(nan, f32x4.ne(v, v));
          best = fold(best, v, exact);
        }
        v128.store(dst + (<usize>g << 2), best);
      }
    }
  }
  // outputs left to the scalar fold, each over its in-bounds taps [ta, tb) in every row: [0, lo) and, without lane
  // groups, [lo, hi); then [hi, O2)
  const mid = hi - lo >= 4 ? lo : hi;
  for (let o = 0; o < O2; o++) {
    if (o == mid) o = hi;
    if (o >= O2) break;
    const u0 = o * S - P;
    const ta = u0 < 0 ? (dil - 1 - u0) / dil : 0;
    const tb = W - 1 - u0 < 0 ? 0 : min(K, (W - 1 - u0) / dil + 1);
    for (let r = 0; r < R; r++) {
      let best: f32 = -Infinity;
      for (let t = ta, u = u0 + ta * dil; t < tb; t++, u += dil) {
        const v = load<f32>(x + (<usize>(r * W + u) << 2));
        if (v > best || v != v) best = v;
        nanEdge = nanEdge || v != v;
      }
      store<f32>(rows + (<usize>(r * Q + o) << 2), best);
    }
  }
  return nanEdge || v128.any_true(nan);
}

/** Pass 2: each output row folds the row results of its window's rows (depth taps, then height taps, in order). */
@inline
function foldRows(rows: usize, out: usize, H: i32, O0: i32, O1: i32, O2: i32, Q: i32, dil0: i32, dil1: i32,
                  tab: usize, b0: i32, b1: i32, exact: bool): void {
  const negInf = f32x4.splat(-Infinity);
  const first0 = axisStart(tab, b0, O0, 0);
  const count0 = axisCount(tab, b0, O0, 0);
  const first1 = axisStart(tab, b1, O1, 0);
  const count1 = axisCount(tab, b1, O1, 0);
  const rowBytes = <usize>Q << 2;
  const lastStart = max(O2 - 4, 0);
  const n = min(O2, 4);
  let vo = out;
  for (let o0 = 0; o0 < O0; o0++) {
    const f0 = load<i32>(first0 + (<usize>o0 << 2));
    const c0 = load<i32>(count0 + (<usize>o0 << 2));
    for (let o1 = 0; o1 < O1; o1++) {
      const f1 = load<i32>(first1 + (<usize>o1 << 2));
      const c1 = load<i32>(count1 + (<usize>o1 << 2));
      for (let o = 0; o < O2; o += 16) {
        // four lane groups at once (independent chains); past the row end they move back to its last 4 outputs
        const s0 = <usize>min(o, lastStart) << 2;
        const s1 = <usize>min(o + 4, lastStart) << 2;
        const s2 = <usize>min(o + 8, lastStart) << 2;
        const s3 = <usize>min(o + 12, lastStart) << 2;
        let a = negInf;
        let b = negInf;
        let c = negInf;
        let d = negInf;
        for (let t0 = 0, i0 = f0; t0 < c0; t0++, i0 += dil0) {
          let row = rows + <usize>(i0 * H + f1) * rowBytes;
          const step = <usize>dil1 * rowBytes;
          for (let t1 = 0; t1 < c1; t1++, row += step) {
            a = fold(a, v128.load(row + s0), exact);
            b = fold(b, v128.load(row + s1), exact);
            c = fold(c, v128.load(row + s2), exact);
            d = fold(d, v128.load(row + s3), exact);
          }
        }
        if (n == 4) {
          v128.store(vo + s3, d);
          v128.store(vo + s2, c);
          v128.store(vo + s1, b);
          v128.store(vo + s0, a);
        } else {
          // rows shorter than a lane group: the first O2 lanes (the rest read scratch beyond the row results)
          v128.store32_lane(vo, a, 0);
          if (n > 1) v128.store32_lane(vo, a, 1, 4);
          if (n > 2) v128.store32_lane(vo, a, 2, 8);
        }
      }
      vo += <usize>O2 << 2;
    }
  }
}
