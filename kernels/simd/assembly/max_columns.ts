// AssemblyScript source of the values-only SIMD max-pool forward, columns first, for pools whose windows move two or
// more input rows per output row (stride 2 and up along the row axes, adaptive bins like 56 → 7), compiled by
// scripts/build-simd.mjs through modules/max_columns*.ts and run by kernels/shared/max_simd.ts. Float32 only.
//
// Why a second order: ./max_values.ts reduces every input row along the last axis first (the costly part: strided
// taps need shuffles) and then folds rows; when output rows are at least two input rows apart, most of that row work
// is per input row, i.e. twice or more per output row. Here each output row first takes the maxima down its
// window's rows (one pmax per loaded vector, no shuffles) into one row `col`, then reduces that single row along the
// last axis with ./max_values.ts's lane groups. Two shapes skip the row `col`: windows that tile the row (tiledRow,
// adaptive 56 → 7) and 2d k2 s2 rows (k2s2Row) fold along the row in registers; 2d k3 s2 pools have a module of their
// own, ./max_k3s2.ts, on the same principle.
//
// Exactness: column-major order is not the scalar loop's row-major scan, and pmax drops a NaN in its second operand,
// so this order gives the scalar loop's bits only where both orders must agree: a window without NaN whose maximum
// is not zero (equal non-zero floats have equal bits; only +0 and -0 are equal with different bits). So every loaded
// vector is also summed (a NaN makes the sum NaN; +inf + -inf only sends a row to the exact path for nothing), and
// every output row holding a NaN window or a zero maximum is redone exactly: its window's rows reduced with the
// scalar loop's rule (`v > best || isnan(v)`, ./max_values.ts reduceRows exact) and folded in scan order (rows
// first is the scalar loop's result bit for bit, as ./max_values.ts explains).

import {axisCount, axisStart} from './table_layout';
import {laneHi, laneLo, reduceRows} from './max_values';

/**
 * Values of a plain (strided, dilated) or uniform adaptive max pool over `planes` planes of D×H×W floats at x into
 * planes of O0×O1×O2 at out, columns first. Arguments as ./max_values.ts maxValues; scratch: col (max(W, 4) floats,
 * rounded up to 4) and row (Q = max(O2, 4) rounded up to 4 floats).
 */
export function maxColumns(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
                           dil0: i32, dil1: i32, K: i32, S: i32, P: i32, dil: i32, tab: usize, b0: i32, b1: i32,
                           col: usize, row: usize): void {
  columns(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, K, S, P, dil, tab, b0, b1, col, row, 0);
}

/**
 * maxColumns for last-axis windows that tile the row (K = S, a multiple of 4, no padding, dilation 1, O2 ≥ 4 and
 * O2·K ≤ W: adaptive 56 → 7), each row's four windows at a time (tiledRow), a module of its own.
 */
export function maxColumnsTiled(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                                O2: i32, dil0: i32, dil1: i32, K: i32, tab: usize, b0: i32, b1: i32, col: usize,
                                row: usize): void {
  columns(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, K, K, 0, 1, tab, b0, b1, col, row, 4);
}

/** maxColumns for kernel 2 and stride 2 along the last axis: 2d k2 rows fused (k2s2Row), a module of its own. */
export function maxColumnsK2(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                             O2: i32, dil0: i32, dil1: i32, P: i32, dil: i32, tab: usize, b0: i32, b1: i32,
                             col: usize, row: usize): void {
  columns(x, out, planes, D, H, W, O0, O1, O2, dil0, dil1, 2, 2, P, dil, tab, b0, b1, col, row, 2);
}

@inline
function columns(x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32, dil0: i32,
                 dil1: i32, K: i32, S: i32, P: i32, dil: i32, tab: usize, b0: i32, b1: i32, col: usize, row: usize,
                 fused: i32): void {
  const Q = (max(O2, 4) + 3) & ~3;
  // lane groups where every lane's taps are in bounds: o in [lo, hi)
  const lo = laneLo(O2, S, P);
  const hi = laneHi(lo, O2, W, K, S, P, dil);
  // `fused` (a constant per entry): 2 for 2d k2 s2 rows fused (k2s2Row), 4 for rows of tiling windows (tiledRow),
  // 0 for the generic entry
  const k2 = fused == 2 && K == 2 && dil == 1;
  const first0 = axisStart(tab, b0, O0, 0);
  const count0 = axisCount(tab, b0, O0, 0);
  const first1 = axisStart(tab, b1, O1, 0);
  const count1 = axisCount(tab, b1, O1, 0);
  const rowBytes = <usize>W << 2;
  const step0 = <usize>dil0 * <usize>H * rowBytes;
  const step1 = <usize>dil1 * rowBytes;
  const planeIn = <usize>(D * H) * rowBytes;
  const outRowBytes = <usize>O2 << 2;
  const negInf = f32x4.splat(-Infinity);
  const zero = f32x4.splat(0);
  let o = out;
  for (let q = 0; q < planes; q++) {
    const xq = x + <usize>q * planeIn;
    for (let o0 = 0; o0 < O0; o0++) {
      const f0 = load<i32>(first0 + (<usize>o0 << 2));
      const c0 = load<i32>(count0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++, o += outRowBytes) {
        const f1 = load<i32>(first1 + (<usize>o1 << 2));
        const c1 = load<i32>(count1 + (<usize>o1 << 2));
        const base = xq + <usize>(f0 * H + f1) * rowBytes;
        if (k2 && c0 == 1 && c1 == 2 && hi - lo >= 4) {
          if (k2s2Row(base, step1, o, O2, W, P, lo, hi)) {
            exactRow(base, o, row, c0, c1, step0, step1, W, O2, Q, K, S, P, dil, lo, hi);
          }
          continue;
        }
        if (fused == 4) {
          if (v128.any_true(tiledRow(base, o, c0, c1, step0, step1, O2, K))) {
            exactRow(base, o, row, c0, c1, step0, step1, W, O2, Q, K, S, P, dil, lo, hi);
          }
          continue;
        }
        // down the window's rows: col[u] = their maximum at column u (a window without rows leaves -inf)
        let nan = zero;  // lanes where a loaded tap may be NaN (a NaN makes a sum of taps NaN)
        if (W >= 4 && c0 == 1 && c1 == 3) {
          // the common k3 of a 2d pool: three rows, unrolled
          for (let u = 0; u < W; u += 4) {
            const p = base + (<usize>min(u, W - 4) << 2);  // the last group moves back to end at W
            const a = v128.load(p);
            const b = v128.load(p + step1);
            const c = v128.load(p + 2 * step1);
            v128.store(col + (p - base), f32x4.pmax(f32x4.pmax(a, b), c));
            const s = f32x4.add(f32x4.add(a, b), c);
            nan = v128.or(nan, f32x4.ne(s, s));
          }
        } else if (W >= 4 && c0 == 1 && c1 == 2) {
          for (let u = 0; u < W; u += 4) {
            const p = base + (<usize>min(u, W - 4) << 2);
            const a = v128.load(p);
            const b = v128.load(p + step1);
            v128.store(col + (p - base), f32x4.pmax(a, b));
            const s = f32x4.add(a, b);
            nan = v128.or(nan, f32x4.ne(s, s));
          }
        } else if (fused == 0 && W >= 28) {
          // Seven lane groups (28 columns) at a time, each window row's 112 bytes in one sweep, the rows in order:
          // the hardware's prefetch follows that order best (measured on adaptive 56 → 7's column pass alone, 512
          // planes out of L2, one run: 0.22 ms, against 0.27 for two groups down all rows at a time, the loop below,
          // and 0.21 for a plain read of the input).
          for (let u = 0; u < W; u += 28) {
            const at = <usize>min(u, W - 28) << 2;  // the last sweep moves back to end at W
            let m0 = negInf;
            let m1 = negInf;
            let m2 = negInf;
            let m3 = negInf;
            let m4 = negInf;
            let m5 = negInf;
            let m6 = negInf;
            let s = zero;
            for (let t0 = 0, p0 = base + at; t0 < c0; t0++, p0 += step0) {
              for (let t1 = 0, p = p0; t1 < c1; t1++, p += step1) {
                const v0 = v128.load(p);
                const v1 = v128.load(p, 16);
                const v2 = v128.load(p, 32);
                const v3 = v128.load(p, 48);
                const v4 = v128.load(p, 64);
                const v5 = v128.load(p, 80);
                const v6 = v128.load(p, 96);
                m0 = f32x4.pmax(m0, v0);
                m1 = f32x4.pmax(m1, v1);
                m2 = f32x4.pmax(m2, v2);
                m3 = f32x4.pmax(m3, v3);
                m4 = f32x4.pmax(m4, v4);
                m5 = f32x4.pmax(m5, v5);
                m6 = f32x4.pmax(m6, v6);
                // the row's sum as a tree: one add carried from row to row
                s = f32x4.add(s, f32x4.add(f32x4.add(f32x4.add(v0, v1), f32x4.add(v2, v3)),
                                           f32x4.add(f32x4.add(v4, v5), v6)));
              }
            }
            const c = col + at;
            v128.store(c, m0);
            v128.store(c, m1, 16);
            v128.store(c, m2, 32);
            v128.store(c, m3, 48);
            v128.store(c, m4, 64);
            v128.store(c, m5, 80);
            v128.store(c, m6, 96);
            nan = v128.or(nan, f32x4.ne(s, s));
          }
        } else if (fused == 0 && W >= 8) {
          // Eight columns (two lane groups) at a time, two rows an iteration: the loop's own work spread over four
          // loads; a max and a sum chain per group and row parity (a sum carried from group to group would chain
          // every group on the add's latency: adaptive 56 → 7 spent ≈ half its time there). The generic module
          // only: the fused ones must stay under 4 KB.
          for (let u = 0; u < W; u += 8) {
            const at = <usize>min(u, W - 8) << 2;  // the last pair of groups moves back to end at W
            let m0 = negInf;
            let m1 = negInf;
            let n0 = negInf;
            let n1 = negInf;
            let s0 = zero;
            let s1 = zero;
            for (let t0 = 0, p0 = base + at; t0 < c0; t0++, p0 += step0) {
              let t1 = 0;
              let p = p0;
              for (; t1 + 2 <= c1; t1 += 2, p += 2 * step1) {
                const v0 = v128.load(p);
                const v1 = v128.load(p, 16);
                const w0 = v128.load(p + step1);
                const w1 = v128.load(p + step1, 16);
                m0 = f32x4.pmax(m0, v0);
                m1 = f32x4.pmax(m1, v1);
                n0 = f32x4.pmax(n0, w0);
                n1 = f32x4.pmax(n1, w1);
                s0 = f32x4.add(s0, f32x4.add(v0, w0));
                s1 = f32x4.add(s1, f32x4.add(v1, w1));
              }
              if (t1 < c1) {
                const v0 = v128.load(p);
                const v1 = v128.load(p, 16);
                m0 = f32x4.pmax(m0, v0);
                m1 = f32x4.pmax(m1, v1);
                s0 = f32x4.add(s0, v0);
                s1 = f32x4.add(s1, v1);
              }
            }
            v128.store(col + at, f32x4.pmax(m0, n0));
            v128.store(col + at, f32x4.pmax(m1, n1), 16);
            s0 = f32x4.add(s0, s1);
            nan = v128.or(nan, f32x4.ne(s0, s0));
          }
        } else if (W >= 4) {
          // one lane group at a time
          for (let u = 0; u < W; u += 4) {
            const at = <usize>min(u, W - 4) << 2;
            let m = negInf;
            let s = zero;
            for (let t0 = 0, p0 = base + at; t0 < c0; t0++, p0 += step0) {
              for (let t1 = 0, p = p0; t1 < c1; t1++, p += step1) {
                const v = v128.load(p);
                m = f32x4.pmax(m, v);
                s = f32x4.add(s, v);
              }
            }
            v128.store(col + at, m);
            nan = v128.or(nan, f32x4.ne(s, s));
          }
        } else {
          for (let u = 0; u < W; u++) {
            let m: f32 = -Infinity;
            for (let t0 = 0, p0 = base + (<usize>u << 2); t0 < c0; t0++, p0 += step0) {
              for (let t1 = 0, p = p0; t1 < c1; t1++, p += step1) {
                const v = load<f32>(p);
                m = v > m ? v : m;
                if (v != v) nan = i32x4.splat(-1);
              }
            }
            store<f32>(col + (<usize>u << 2), m);
          }
        }
        // along the row: the output row's values, straight into out (NaN-free: no check)
        reduceRows(col, o, 1, W, O2, Q, K, S, P, dil, lo, hi, false, false, false);
        // a zero maximum (its sign) or a NaN in the window: this row again, exactly
        let redo = nan;
        if (O2 >= 4) {
          for (let v = 0; v < O2; v += 4) {
            redo = v128.or(redo, f32x4.eq(v128.load(o + (<usize>min(v, O2 - 4) << 2)), zero));
          }
        } else {
          for (let v = 0; v < O2; v++) {
            if (load<f32>(o + (<usize>v << 2)) == 0) redo = v128.or(redo, i32x4.splat(-1));
          }
        }
        if (v128.any_true(redo)) exactRow(base, o, row, c0, c1, step0, step1, W, O2, Q, K, S, P, dil, lo, hi);
      }
    }
  }
}

/** One output row the scalar loop's way: each window row reduced exactly along the last axis, rows folded in order. */
export function exactRow(base: usize, o: usize, row: usize, c0: i32, c1: i32, step0: usize, step1: usize, W: i32,
                         O2: i32, Q: i32, K: i32, S: i32, P: i32, dil: i32, lo: i32, hi: i32): void {
  for (let v = 0; v < O2; v++) store<f32>(o + (<usize>v << 2), -Infinity);
  for (let t0 = 0, p0 = base; t0 < c0; t0++, p0 += step0) {
    for (let t1 = 0, p = p0; t1 < c1; t1++, p += step1) {
      reduceRows(p, row, 1, W, O2, Q, K, S, P, dil, lo, hi, true, false);
      for (let v = 0; v < O2; v++) {
        const r = load<f32>(row + (<usize>v << 2));
        const best = load<f32>(o + (<usize>v << 2));
        if (r > best || r != r) store<f32>(o + (<usize>v << 2), r);
      }
    }
  }
}

/**
 * A 2d k2 s2 output row (two window rows at base, `step` bytes apart), fused like ./max_k3s2.ts's rows: lanes' taps
 * 2o, 2o+1 are the even and odd lanes of two loads' column maxima, no tap shared between groups. Returns whether the
 * row must be redone exactly.
 */
@inline
function k2s2Row(base: usize, step: usize, out: usize, O2: i32, W: i32, P: i32, lo: i32, hi: i32): bool {
  const zero = f32x4.splat(0);
  let found = i32x4.splat(0);
  // groups of [lo, hi), the last moved back to end at hi (it reads taps 2g - P … 2g - P + 7, all in bounds)
  for (let o = lo; o < hi; o += 4) {
    const g = min(o, hi - 4);
    const p = base + (<usize>(g * 2 - P) << 2);
    const a0 = v128.load(p);
    const a1 = v128.load(p + step);
    const b0 = v128.load(p, 16);
    const b1 = v128.load(p + step, 16);
    const a = f32x4.pmax(a0, a1);
    const b = f32x4.pmax(b0, b1);
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(b0, b1));
    const value = f32x4.pmax(v128.shuffle<f32>(a, b, 0, 2, 4, 6), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    v128.store(out + (<usize>g << 2), value);
    found = v128.or(found, v128.or(f32x4.eq(value, zero), f32x4.ne(s, s)));
  }
  return edges(base, step, 2, out, O2, W, P, lo, hi) || v128.any_true(found);
}

/**
 * Outputs [0, lo) and [hi, O2) of a fused stride-2 row (padding, ceil mode), each over its in-bounds columns of the
 * K window rows (a K×K window, K taps a row). Returns whether one of them must be redone (a NaN tap, a zero maximum).
 */
@inline
function edges(base: usize, step: usize, K: i32, out: usize, O2: i32, W: i32, P: i32, lo: i32, hi: i32): bool {
  let edge = false;
  for (let e = 0; e < O2; e++) {
    if (e == lo) e = hi;
    if (e >= O2) break;
    const u0 = e * 2 - P;
    let m: f32 = -Infinity;
    for (let u = max(u0, 0); u < min(u0 + K, W); u++) {
      for (let r = 0; r < K; r++) {
        const v = load<f32>(base + <usize>r * step + (<usize>u << 2));
        m = v > m ? v : m;
        edge = edge || v != v;
      }
    }
    store<f32>(out + (<usize>e << 2), m);
    edge = edge || m == 0;
  }
  return edge;
}

/**
 * One output row of last-axis windows that tile the row (K = S, a multiple of 4, no padding, at least four whole
 * windows; adaptive 56 → 7): four windows at a time, the window's rows in order, each row's 4·K floats swept into
 * one pmax accumulator per window (no row of column maxima stored and read back), then the four accumulators folded
 * across (two shuffle-and-pmax steps of a 4×4 transpose) into four outputs; the last four move back to end at O2.
 * Returns the lanes that send the row to the exact path: a NaN among the taps (their sum) or a zero maximum.
 */
@inline
function tiledRow(base: usize, out: usize, c0: i32, c1: i32, step0: usize, step1: usize, O2: i32, K: i32): v128 {
  const seg = <usize>K << 2;
  const negInf = f32x4.splat(-Infinity);
  let redo = i32x4.splat(0);
  for (let o = 0; o < O2; o += 4) {
    const g = min(o, O2 - 4);
    let m0 = negInf;
    let m1 = negInf;
    let m2 = negInf;
    let m3 = negInf;
    let s = f32x4.splat(0);
    for (let t0 = 0, p0 = base + <usize>g * seg; t0 < c0; t0++, p0 += step0) {
      for (let t1 = 0, p1 = p0; t1 < c1; t1++, p1 += step1) {
        // window w's K/4 vectors at p1 + w·K floats
        for (let p = p1; p < p1 + seg; p += 16) {
          const v0 = v128.load(p);
          const v1 = v128.load(p + seg);
          const v2 = v128.load(p + 2 * seg);
          const v3 = v128.load(p + 3 * seg);
          m0 = f32x4.pmax(m0, v0);
          m1 = f32x4.pmax(m1, v1);
          m2 = f32x4.pmax(m2, v2);
          m3 = f32x4.pmax(m3, v3);
          s = f32x4.add(s, f32x4.add(f32x4.add(v0, v1), f32x4.add(v2, v3)));
        }
      }
    }
    const a = f32x4.pmax(v128.shuffle<f32>(m0, m1, 0, 1, 4, 5), v128.shuffle<f32>(m0, m1, 2, 3, 6, 7));
    const b = f32x4.pmax(v128.shuffle<f32>(m2, m3, 0, 1, 4, 5), v128.shuffle<f32>(m2, m3, 2, 3, 6, 7));
    const value = f32x4.pmax(v128.shuffle<f32>(a, b, 0, 2, 4, 6), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    v128.store(out + (<usize>g << 2), value);
    redo = v128.or(redo, v128.or(f32x4.eq(value, f32x4.splat(0)), f32x4.ne(s, s)));
  }
  return redo;
}
