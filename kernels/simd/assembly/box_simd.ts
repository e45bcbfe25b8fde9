// AssemblyScript source of the SIMD kernels (compiled by scripts/build-simd.mjs, one small module per entry of
// kernels/simd/assembly/modules/, into kernels/simd/pool_simd_wasm.ts). The modules work on a memory they import, so the same code
// serves the cpu backend (a memory of our own, tensors copied in and out) and the wasm backend (tfjs-wasm's heap, in
// place). Nothing here allocates: every buffer is a pointer handed in by the caller (kernels/shared/box_simd.ts).
//
// Method — vectorised ACROSS outputs, never within a window. Each SIMD lane computes one output and adds the elements
// of its own window one by one, in the row-major order of ATen's cpu_avg_pool2d / avg_pool3d_out_frame /
// adaptive_avg_pool2d(3d), starting from +0, in float32: each lane performs exactly the float32 operations of the
// scalar loop in kernels/shared/box_average_scalar.ts, so results are bit-identical to it and to PyTorch. No separable or
// running sums (they round differently). Two ways to pick the lanes:
//
// * Lanes along rows (boxForward, boxForwardStride1, boxForwardStride2 / boxBackward): lane j is output
//   (o0, o1, o2 + j). Windows along the last axis must be uniform: output o covers padded positions [o*S, o*S + K),
//   padded position u being input w = u - P (the caller checks this against the plan's tables). At stride 1 or 2
//   without padding the input is read in place (stride 2: two loads and a shuffle). Otherwise each input row is
//   copied into a zero-padded scratch row split into S phase rows (phase r holds u = r + S*m at index m), so lane
//   j's element t sits at phase t % S, index o + j + t / S.
//   Adding the padding's +0 is an exact identity: a float32 sum that starts at +0 is never -0 (x + -x rounds to +0),
//   and a + 0 == a for every a that is not -0 (NaN and ±inf included). So a zero-padded window sums to the same bits
//   as the clipped window of the scalar loop; the divisor still comes from the tables' factors.
//   At stride 1 along the last axis (boxForwardStride1), and at stride 2 through phase rows (boxForwardStride2), two
//   output rows (o1, o1 + 1) are summed at once: their windows share input rows, each shared row is loaded once and
//   added to both rows' accumulators, and each accumulator still takes its own window's rows in increasing order, so
//   every lane's additions are unchanged. Half the loads per add and twice the independent add chains: k7 s1 runs
//   about 1.5× faster than one row at a time.
//   The backward reads the same windows the other way: delta = divide(dy) per output in zero-padded rows; input
//   i = r + S*m (phase r) is covered by outputs m + lo[r] .. m + lo[r] + n[r] - 1, contiguous across lanes m.
// * Lanes across planes (boxForwardPlanes / boxBackwardPlanes): lane l is plane q + l; 4 planes are interleaved and
//   every output's window is walked straight from the tables. Any geometry (uneven adaptive bins, any stride).
//   boxForwardPlanesDirect walks the same lanes without the interleaved copy (4×4 transposes of 4 taps as loaded).
//
// Divisor rules (the divisor step, src/geometry/divisor_step.ts): 0 'product' fl32(sum / (f0*f1*f2)) + 0;
// 1 'override' fl32(sum / d) + 0; 2 'successive' fl32(fl32(fl32(sum / f0) / f1) / f2). Factors reach here only
// when every product is exactly representable in float32 (< 2^24), so the float32 division is the JS one.

import {
  OVERRIDE, PRODUCT, SUCCESSIVE, rowsFactorPadded, rowsPhaseCount, rowsPhaseLo, tableEnd, tableFactor, tableGradEnd,
  tableGradStart, tableStart,
} from './table_layout';

// ---------------------------------------------------------------------------------------------------------------
// Scratch layout helpers

/**
 * Copies one input row (W floats at src) into S phase rows of M floats at dst: input w lies at padded u = w + P,
 * phase u % S, index u / S (S == 1: the row at [P, P + W)). Only the row's own floats are written: the padding
 * around them is the same in every row and every plane, so the caller zeroes the scratch once per call, not once
 * per row (which cost as much as the copy: 512 planes of 56 rows, k3 s1 p1 and k3 s2 p1). M >= (P + W) / S
 * (simd_layout.ts): every index written is below M. Vector loads and stores rather than memory.copy, which V8 runs
 * as a call costing more than a short row's copy.
 */
@inline
function copyPhaseRow(src: usize, dst: usize, W: i32, S: i32, P: i32, M: i32): void {
  if (S == 1) {
    const to = dst + (<usize>P << 2);
    let i = 0;
    for (; i + 4 <= W; i += 4) v128.store(to + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
    for (; i < W; i++) store<f32>(to + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
    return;
  }
  if (S == 2) {
    // Evens w = 2j land at index j + (P >> 1) of phase P & 1, odds w = 2j + 1 at j + ((P + 1) >> 1) of the other:
    // 8 floats make a vector of each (two shuffles), where the general loop below takes a load and a store per
    // float (the phase rows of a k3 s2 p1 pool over [8,64,56,56]: ≈ 1.4 → 0.3 ms).
    const even = dst + (<usize>((P & 1) * M + (P >> 1)) << 2);
    const odd = dst + (<usize>(((P + 1) & 1) * M + ((P + 1) >> 1)) << 2);
    let j = 0;
    for (; 2 * j + 8 <= W; j += 4) {
      const a = v128.load(src + (<usize>j << 3));
      const b = v128.load(src + (<usize>j << 3), 16);
      v128.store(even + (<usize>j << 2), v128.shuffle<f32>(a, b, 0, 2, 4, 6));
      v128.store(odd + (<usize>j << 2), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    }
    for (let w = 2 * j; w < W; w++) {
      store<f32>(dst + (<usize>(((w + P) & 1) * M + ((w + P) >> 1)) << 2), load<f32>(src + (<usize>w << 2)));
    }
    return;
  }
  for (let w = 0; w < W; w++) {
    store<f32>(dst + (<usize>(((w + P) % S) * M + (w + P) / S) << 2), load<f32>(src + (<usize>w << 2)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Division (one definition for the vector lanes and the scalar tail)

/**
 * The sign-of-zero half of the divisor step (src/geometry/divisor_step.ts `storesPositiveZero`): avg pools
 * (PRODUCT, OVERRIDE) store a -0 quotient as +0 (`+ 0` changes nothing else), adaptive pools keep it. The one
 * definition in this language: both divides below end here, passing their rule as a constant, so that the choice is
 * made at compile time.
 */
@inline
function quotientStore(q: v128, rule: i32): v128 {
  return rule == SUCCESSIVE ? q : f32x4.add(q, f32x4.splat(0));
}

@inline
function divideVec(acc: v128, rule: i32, f01: v128, f0: v128, f1: v128, fac2: usize): v128 {
  if (rule == PRODUCT) {
    return quotientStore(f32x4.div(acc, f32x4.convert_i32x4_s(i32x4.mul(f01, v128.load(fac2)))), PRODUCT);
  }
  if (rule == OVERRIDE) return quotientStore(f32x4.div(acc, f0), OVERRIDE);
  return quotientStore(f32x4.div(f32x4.div(f32x4.div(acc, f0), f1), f32x4.convert_i32x4_s(v128.load(fac2))), SUCCESSIVE);
}

// ---------------------------------------------------------------------------------------------------------------
// Forward

/** `pair`'s row ends: a remainder of more than this many outputs runs as an overlapping 16 (see forwardRows). */
const LONG_TAIL = 8;

/**
 * Sums, divides and stores 16 outputs (V = 4 vectors) or 4 outputs (V = 1) of one output row, starting at byte
 * offset `col` of every input row. Rows i0 in [s0, e0), i1 in [s1, e1) start at `rows + (i0*H + i1) * rowBytes`;
 * element t of a window lies `offs[t]` bytes further (S == 1: 4*t, read without the table; offs == 0: direct reads
 * of the input at stride 2).
 */
@inline
function group(V: i32, dst: usize, rows: usize, col: usize, rowBytes: usize, H: i32, s0: i32, e0: i32, s1: i32,
               e1: i32, K: i32, S: i32, offs: usize, rule: i32, f01: v128, f0: v128, f1: v128, fac2: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let i0 = s0; i0 < e0; i0++) {
    for (let i1 = s1; i1 < e1; i1++) {
      const base = rows + <usize>(i0 * H + i1) * rowBytes + col;
      if (S == 1) {
        const end = base + (<usize>K << 2);
        for (let ptr = base; ptr < end; ptr += 4) {
          a0 = f32x4.add(a0, v128.load(ptr));
          if (V == 4) {
            a1 = f32x4.add(a1, v128.load(ptr, 16));
            a2 = f32x4.add(a2, v128.load(ptr, 32));
            a3 = f32x4.add(a3, v128.load(ptr, 48));
          }
        }
      } else if (offs == 0) {
        // direct reads at stride 2: lane j's element t is at 2j + t; two loads ending at lane 3's element.
        const end = base + (<usize>K << 2);
        for (let ptr = base; ptr < end; ptr += 4) {
          a0 = f32x4.add(a0, v128.shuffle<f32>(v128.load(ptr), v128.load(ptr, 12), 0, 2, 5, 7));
          if (V == 4) {
            a1 = f32x4.add(a1, v128.shuffle<f32>(v128.load(ptr, 32), v128.load(ptr, 44), 0, 2, 5, 7));
            a2 = f32x4.add(a2, v128.shuffle<f32>(v128.load(ptr, 64), v128.load(ptr, 76), 0, 2, 5, 7));
            a3 = f32x4.add(a3, v128.shuffle<f32>(v128.load(ptr, 96), v128.load(ptr, 108), 0, 2, 5, 7));
          }
        }
      } else {
        for (let t = 0; t < K; t++) {
          const ptr = base + load<u32>(offs + (<usize>t << 2));
          a0 = f32x4.add(a0, v128.load(ptr));
          if (V == 4) {
            a1 = f32x4.add(a1, v128.load(ptr, 16));
            a2 = f32x4.add(a2, v128.load(ptr, 32));
            a3 = f32x4.add(a3, v128.load(ptr, 48));
          }
        }
      }
    }
  }
  v128.store(dst, divideVec(a0, rule, f01, f0, f1, fac2));
  if (V == 4) {
    v128.store(dst, divideVec(a1, rule, f01, f0, f1, fac2 + 16), 16);
    v128.store(dst, divideVec(a2, rule, f01, f0, f1, fac2 + 32), 32);
    v128.store(dst, divideVec(a3, rule, f01, f0, f1, fac2 + 48), 48);
  }
}

/**
 * `group` for two output rows A and B of the same o0 at once, A's outputs stored at dst and B's at dstB: rows i1 in
 * [sA, eA) for A and [sB, eB) for B, with sA <= sB <= eA <= eB. The shared input rows [sB, eA) are loaded once and
 * added to both rows' accumulators (half the loads per add, and 8 independent add chains instead of 4). Every
 * accumulator still receives its own window's elements in row-major order (A: [sA, sB) then the shared rows; B: the
 * shared rows then [eA, eB)), so each lane performs exactly the additions of `group`. S == 1: a row's K taps are
 * contiguous; S == 2: tap t is `offs[t]` bytes into the phase rows.
 */
@inline
function pair(V: i32, dst: usize, dstB: usize, rows: usize, rowBytes: usize, H: i32, s0: i32, e0: i32, sA: i32,
              sB: i32, eA: i32, eB: i32, K: i32, S: i32, offs: usize, rule: i32, f01: v128, f01b: v128, f0: v128,
              f1: v128, f1b: v128, fac2: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0);
  let b1 = f32x4.splat(0);
  let b2 = f32x4.splat(0);
  let b3 = f32x4.splat(0);
  const len = <usize>K << 2;
  for (let i0 = s0; i0 < e0; i0++) {
    const plane = rows + <usize>(i0 * H) * rowBytes;
    let row = plane + <usize>sA * rowBytes;
    // A only
    for (const to = plane + <usize>sB * rowBytes; row < to; row += rowBytes) {
      for (let t: usize = 0; t < len; t += 4) {
        const ptr = S == 1 ? row + t : row + <usize>load<u32>(offs + t);
        a0 = f32x4.add(a0, v128.load(ptr));
        if (V == 4) {
          a1 = f32x4.add(a1, v128.load(ptr, 16));
          a2 = f32x4.add(a2, v128.load(ptr, 32));
          a3 = f32x4.add(a3, v128.load(ptr, 48));
        }
      }
    }
    // both
    for (const to = plane + <usize>eA * rowBytes; row < to; row += rowBytes) {
      for (let t: usize = 0; t < len; t += 4) {
        const ptr = S == 1 ? row + t : row + <usize>load<u32>(offs + t);
        const v0 = v128.load(ptr);
        a0 = f32x4.add(a0, v0);
        b0 = f32x4.add(b0, v0);
        if (V == 4) {
          const v1 = v128.load(ptr, 16);
          a1 = f32x4.add(a1, v1);
          b1 = f32x4.add(b1, v1);
          const v2 = v128.load(ptr, 32);
          a2 = f32x4.add(a2, v2);
          b2 = f32x4.add(b2, v2);
          const v3 = v128.load(ptr, 48);
          a3 = f32x4.add(a3, v3);
          b3 = f32x4.add(b3, v3);
        }
      }
    }
    // B only
    for (const to = plane + <usize>eB * rowBytes; row < to; row += rowBytes) {
      for (let t: usize = 0; t < len; t += 4) {
        const ptr = S == 1 ? row + t : row + <usize>load<u32>(offs + t);
        b0 = f32x4.add(b0, v128.load(ptr));
        if (V == 4) {
          b1 = f32x4.add(b1, v128.load(ptr, 16));
          b2 = f32x4.add(b2, v128.load(ptr, 32));
          b3 = f32x4.add(b3, v128.load(ptr, 48));
        }
      }
    }
  }
  v128.store(dst, divideVec(a0, rule, f01, f0, f1, fac2));
  v128.store(dstB, divideVec(b0, rule, f01b, f0, f1b, fac2));
  if (V == 4) {
    v128.store(dst, divideVec(a1, rule, f01, f0, f1, fac2 + 16), 16);
    v128.store(dst, divideVec(a2, rule, f01, f0, f1, fac2 + 32), 32);
    v128.store(dst, divideVec(a3, rule, f01, f0, f1, fac2 + 48), 48);
    v128.store(dstB, divideVec(b1, rule, f01b, f0, f1b, fac2 + 16), 16);
    v128.store(dstB, divideVec(b2, rule, f01b, f0, f1b, fac2 + 32), 32);
    v128.store(dstB, divideVec(b3, rule, f01b, f0, f1b, fac2 + 48), 48);
  }
}

/**
 * out[p, o0, o1, o2] = divide(sum of x[p, i0, i1, o2*S - P + t] over i0 in [start0, end0), i1 in [start1, end1),
 * t in [0, K) ∩ real input, row-major), for every plane p.
 *
 * tab: the packed tables (src/geometry/packed_tables.ts; read through table_layout.ts): start, end, factor of
 * axes 0 and 1, the rows section's factorPadded.
 * M == 0 asks for direct reads of x (S <= 2, P == 0, O2 >= 4: every window lies inside its row); otherwise rows go
 * through scratch: D*H*S*M floats (M a multiple of 4). After that, scratch holds K u32 offsets and 4 floats of tail
 * buffer (and, for boxForwardStride1, O2 floats rounded up to 4: the sink).
 */
export function boxForward(
    x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    K: i32, S: i32, P: i32, M: i32, rule: i32, divisorOverride: f32, tab: usize, scratch: usize): void {
  forwardRows(false, x, out, planes, D, H, W, O0, O1, O2, K, S, P, M, rule, divisorOverride, tab, scratch);
}

/**
 * `boxForward` at S == 1 and O2 >= 4, two output rows at a time where their windows allow it (`pair`). A module of
 * its own: with S a constant only the contiguous reads remain, and every module stays under 4 KB.
 */
export function boxForwardStride1(
    x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    K: i32, P: i32, M: i32, rule: i32, divisorOverride: f32, tab: usize, scratch: usize): void {
  forwardRows(true, x, out, planes, D, H, W, O0, O1, O2, K, 1, P, M, rule, divisorOverride, tab, scratch);
}

/**
 * The same at S == 2 through phase rows (M > 0): for k3 s2 p1 each output row's accumulators take 9 adds, and two
 * rows at a time give the 8 independent chains that one row's 4 cannot (a module of its own, as stride 1's).
 */
export function boxForwardStride2(
    x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    K: i32, P: i32, M: i32, rule: i32, divisorOverride: f32, tab: usize, scratch: usize): void {
  forwardRows(true, x, out, planes, D, H, W, O0, O1, O2, K, 2, P, M, rule, divisorOverride, tab, scratch);
}

/** The forward entries; `pairs` (a constant in each) selects the two-row loop, S == 1 or 2 through phase rows. */
@inline
function forwardRows(
    pairs: bool, x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    K: i32, S: i32, P: i32, M: i32, rule: i32, divisorOverride: f32, tab: usize, scratch: usize): void {
  const start0 = tableStart(tab, 0, O0, D);
  const end0 = tableEnd(tab, 0, O0, D);
  const fac0 = tableFactor(tab, 0, O0, D);
  const start1 = tableStart(tab, 1, O1, H);
  const end1 = tableEnd(tab, 1, O1, H);
  const fac1 = tableFactor(tab, 1, O1, H);
  const fac2 = rowsFactorPadded(tab, O2, S);
  const direct = M == 0;
  const rows = D * H;
  const rowBytes: usize = direct ? <usize>W << 2 : <usize>(S * M) << 2;
  const offsAt = scratch + (direct ? 0 : <usize>rows * rowBytes);
  const tail = offsAt + (<usize>K << 2);
  const sink = tail + 16;
  for (let t = 0; t < K; t++) store<u32>(offsAt + (<usize>t << 2), <u32>(((t % S) * M + t / S) << 2));
  const offs: usize = direct ? 0 : offsAt;
  const colStride: usize = direct ? <usize>S << 2 : 4;
  const planeIn = <usize>(rows * W) << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  // the phase rows' padding, for every plane (copyPhaseRow writes the input's floats only)
  if (!direct) memory.fill(scratch, 0, <usize>rows * rowBytes);
  for (let p = 0; p < planes; p++) {
    const src = x + <usize>p * planeIn;
    const base = direct ? src : scratch;
    // Input rows (row-major over D, H) copied into the phase rows so far: each just before the first output row
    // that reads it, where copying a whole plane first left the copy's reads of memory to run on their own (module
    // alone: 3d k3 s2 p1 over [2,16,16,32,32] 0.30 → 0.25 ms, k3 s2 p1 over [8,64,56,56] 0.73 → 0.69 ms).
    let filled = 0;
    let dst = out + <usize>p * planeOut;
    for (let o0 = 0; o0 < O0; o0++) {
      const s0 = load<i32>(start0 + (<usize>o0 << 2));
      const e0 = load<i32>(end0 + (<usize>o0 << 2));
      const fa = load<i32>(fac0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1;) {
        const s1 = load<i32>(start1 + (<usize>o1 << 2));
        const e1 = load<i32>(end1 + (<usize>o1 << 2));
        const fb = load<i32>(fac1 + (<usize>o1 << 2));
        if (!direct) {
          // the rows this output row and (pairs) the next read: windows' ends never decrease
          const next = pairs && o1 + 1 < O1 ? max(e1, load<i32>(end1 + (<usize>o1 << 2), 4)) : e1;
          for (const need = (e0 - 1) * H + next; filled < need; filled++) {
            copyPhaseRow(src + (<usize>(filled * W) << 2), scratch + <usize>filled * rowBytes, W, S, P, M);
          }
        }
        const f01 = i32x4.splat(fa * fb);
        const f0 = rule == OVERRIDE ? f32x4.splat(divisorOverride) : f32x4.convert_i32x4_s(i32x4.splat(fa));
        const f1 = f32x4.convert_i32x4_s(i32x4.splat(fb));
        if (pairs) {
          // Output rows o1 and o1 + 1 together where the second window follows on from the first (stride <= kernel:
          // pools and adaptive bins alike); a row without such a partner goes alone, as A with an empty B window
          // whose (unused) results land in `sink`.
          let sB = e1;
          let eB = e1;
          let fbb = fb;
          let dstB = sink;
          let n = 1;
          if (o1 + 1 < O1) {
            const s = load<i32>(start1 + (<usize>o1 << 2), 4);
            const e = load<i32>(end1 + (<usize>o1 << 2), 4);
            if (s1 <= s && s <= e1 && e1 <= e) {
              sB = s;
              eB = e;
              fbb = load<i32>(fac1 + (<usize>o1 << 2), 4);
              dstB = dst + (<usize>O2 << 2);
              n = 2;
            }
          }
          const f01b = i32x4.splat(fa * fbb);
          const f1b = f32x4.convert_i32x4_s(i32x4.splat(fbb));
          // 16 at a time; a remainder of more than LONG_TAIL outputs as the last 16 again (overlapping outputs
          // already stored, which get the same values): 8 add chains, where single vectors have 2, each waiting on
          // its own adds (k3 s2 p1 ceil, O2 = 29: 1.09 → 0.84 ms for 512 planes). Shorter remainders 4 at a time,
          // the last 4 again where O2 is not a multiple of 4.
          let o2 = 0;
          while (o2 + 16 <= O2) {
            pair(4, dst + (<usize>o2 << 2), dstB + (<usize>o2 << 2), base + (<usize>o2 << 2), rowBytes, H, s0, e0, s1,
                 sB, e1, eB, K, S, offs, rule, f01, f01b, f0, f1, f1b, fac2 + (<usize>o2 << 2));
            o2 += 16;
            if (o2 + 16 > O2 && O2 - o2 > LONG_TAIL) o2 = O2 - 16;
          }
          while (o2 < O2) {
            o2 = min(o2, O2 - 4);
            pair(1, dst + (<usize>o2 << 2), dstB + (<usize>o2 << 2), base + (<usize>o2 << 2), rowBytes, H, s0, e0, s1,
                 sB, e1, eB, K, S, offs, rule, f01, f01b, f0, f1, f1b, fac2 + (<usize>o2 << 2));
            o2 += 4;
          }
          dst += <usize>(n * O2) << 2;
          o1 += n;
          continue;
        }
        let o2 = 0;
        for (; o2 + 16 <= O2; o2 += 16) {
          group(4, dst + (<usize>o2 << 2), base, <usize>o2 * colStride, rowBytes, H, s0, e0, s1, e1, K, S, offs, rule,
                f01, f0, f1, fac2 + (<usize>o2 << 2));
        }
        for (; o2 + 4 <= O2; o2 += 4) {
          group(1, dst + (<usize>o2 << 2), base, <usize>o2 * colStride, rowBytes, H, s0, e0, s1, e1, K, S, offs, rule,
                f01, f0, f1, fac2 + (<usize>o2 << 2));
        }
        if (o2 < O2) {
          if (O2 >= 4) {
            // The last 4 outputs again, overlapping the previous group: same values, every read inside the row.
            o2 = O2 - 4;
            group(1, dst + (<usize>o2 << 2), base, <usize>o2 * colStride, rowBytes, H, s0, e0, s1, e1, K, S, offs, rule,
                  f01, f0, f1, fac2 + (<usize>o2 << 2));
          } else {
            group(1, tail, base, <usize>o2 * colStride, rowBytes, H, s0, e0, s1, e1, K, S, offs, rule, f01, f0, f1,
                  fac2 + (<usize>o2 << 2));
            memory.copy(dst + (<usize>o2 << 2), tail, <usize>(O2 - o2) << 2);
          }
        }
        dst += <usize>O2 << 2;
        o1++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Backward

/**
 * dx[p, i0, i1, i2] = sum over covering outputs (row-major) of delta = divide(dy), for every plane p.
 *
 * tab: the packed tables (src/geometry/packed_tables.ts; read through table_layout.ts): gradStart, gradEnd and
 * factor of axes 0 and 1, the rows section (factorPadded, phaseLo, phaseCount).
 * Delta rows are Md floats: Qd zeros, O2 deltas, zeros; input phase rows are Mi floats (a multiple of 4).
 * scratch: O0*O1*Md floats of delta rows, then S*Mi floats for one input row, then 4 floats of tail buffer.
 */
export function boxBackward(
    dy: usize, dx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32,
    S: i32, rule: i32, divisorOverride: f32, tab: usize, scratch: usize, Qd: i32, Md: i32, Mi: i32): void {
  const gs0 = tableGradStart(tab, 0, O0, D);
  const ge0 = tableGradEnd(tab, 0, O0, D);
  const gs1 = tableGradStart(tab, 1, O1, H);
  const ge1 = tableGradEnd(tab, 1, O1, H);
  const fac0 = tableFactor(tab, 0, O0, D);
  const fac1 = tableFactor(tab, 1, O1, H);
  const fac2 = rowsFactorPadded(tab, O2, S);
  const loTab = rowsPhaseLo(tab, O2, S);
  const nTab = rowsPhaseCount(tab, O2, S);
  const rowBuf = scratch + (<usize>(O0 * O1 * Md) << 2);
  const tail = rowBuf + (<usize>(S * Mi) << 2);
  const planeIn = <usize>(D * H * W) << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  for (let p = 0; p < planes; p++) {
    // 1. delta rows
    let src = dy + <usize>p * planeOut;
    for (let o0 = 0; o0 < O0; o0++) {
      const fa = load<i32>(fac0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++) {
        const fb = load<i32>(fac1 + (<usize>o1 << 2));
        const f01 = i32x4.splat(fa * fb);
        const f0 = rule == OVERRIDE ? f32x4.splat(divisorOverride) : f32x4.convert_i32x4_s(i32x4.splat(fa));
        const f1 = f32x4.convert_i32x4_s(i32x4.splat(fb));
        const row = scratch + (<usize>((o0 * O1 + o1) * Md) << 2);
        memory.fill(row, 0, <usize>Md << 2);
        let o2 = 0;
        for (; o2 + 4 <= O2; o2 += 4) {
          v128.store(row + (<usize>(Qd + o2) << 2),
                     divideVec(v128.load(src), rule, f01, f0, f1, fac2 + (<usize>o2 << 2)));
          src += 16;
        }
        if (o2 < O2) {
          const n = O2 - o2;
          v128.store(tail, f32x4.splat(0));
          memory.copy(tail, src, <usize>n << 2);
          v128.store(tail, divideVec(v128.load(tail), rule, f01, f0, f1, fac2 + (<usize>o2 << 2)));
          memory.copy(row + (<usize>(Qd + o2) << 2), tail, <usize>n << 2);
          src += <usize>n << 2;
        }
      }
    }
    // 2. gather, one input row at a time
    let dst = dx + <usize>p * planeIn;
    for (let i0 = 0; i0 < D; i0++) {
      const g0s = load<i32>(gs0 + (<usize>i0 << 2));
      const g0e = load<i32>(ge0 + (<usize>i0 << 2));
      for (let i1 = 0; i1 < H; i1++) {
        const g1s = load<i32>(gs1 + (<usize>i1 << 2));
        const g1e = load<i32>(ge1 + (<usize>i1 << 2));
        for (let r = 0; r < S; r++) {
          const lo = load<i32>(loTab + (<usize>r << 2)) + Qd;
          const n = load<i32>(nTab + (<usize>r << 2));
          const outRow = rowBuf + (<usize>(r * Mi) << 2);
          let m = 0;
          for (; m + 16 <= Mi; m += 16) {
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            let a2 = f32x4.splat(0);
            let a3 = f32x4.splat(0);
            for (let o0 = g0s; o0 < g0e; o0++) {
              for (let o1 = g1s; o1 < g1e; o1++) {
                const base = scratch + (<usize>((o0 * O1 + o1) * Md + m + lo) << 2);
                for (let t = 0; t < n; t++) {
                  const ptr = base + (<usize>t << 2);
                  a0 = f32x4.add(a0, v128.load(ptr));
                  a1 = f32x4.add(a1, v128.load(ptr, 16));
                  a2 = f32x4.add(a2, v128.load(ptr, 32));
                  a3 = f32x4.add(a3, v128.load(ptr, 48));
                }
              }
            }
            const q = outRow + (<usize>m << 2);
            v128.store(q, a0);
            v128.store(q, a1, 16);
            v128.store(q, a2, 32);
            v128.store(q, a3, 48);
          }
          for (; m < Mi; m += 4) {
            let a0 = f32x4.splat(0);
            for (let o0 = g0s; o0 < g0e; o0++) {
              for (let o1 = g1s; o1 < g1e; o1++) {
                const base = scratch + (<usize>((o0 * O1 + o1) * Md + m + lo) << 2);
                for (let t = 0; t < n; t++) a0 = f32x4.add(a0, v128.load(base + (<usize>t << 2)));
              }
            }
            v128.store(outRow + (<usize>m << 2), a0);
          }
        }
        // de-phase the row: dx[r + S*m] = rowBuf[r][m]
        if (S == 1) {
          memory.copy(dst, rowBuf, <usize>W << 2);
        } else {
          for (let r = 0; r < S; r++) {
            const from = rowBuf + (<usize>(r * Mi) << 2);
            for (let i = r, m = 0; i < W; i += S, m++) {
              store<f32>(dst + (<usize>i << 2), load<f32>(from + (<usize>m << 2)));
            }
          }
        }
        dst += <usize>W << 2;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lanes = planes: any geometry

// For windows that are not uniform along the last axis (adaptive bins of unequal spacing), large strides and short
// rows, the lanes are 4 planes instead: the 4 planes are interleaved (element i of plane l at 4*i + l), and each
// output's window is walked exactly as in the scalar loop, one vector per element. Up to 4 outputs of a row are
// walked together when their windows have the same length, for independent add chains.

/** dst[4*i + l] = plane l [i], for i < N (4×4 transposes). */
function interleave4(a: usize, b: usize, c: usize, d: usize, dst: usize, N: i32): void {
  let i = 0;
  for (; i + 4 <= N; i += 4) {
    const o = <usize>i << 2;
    const va = v128.load(a + o);
    const vb = v128.load(b + o);
    const vc = v128.load(c + o);
    const vd = v128.load(d + o);
    const t0 = v128.shuffle<f32>(va, vb, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(vc, vd, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(va, vb, 2, 6, 3, 7);
    const t3 = v128.shuffle<f32>(vc, vd, 2, 6, 3, 7);
    const q = dst + (o << 2);
    v128.store(q, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
    v128.store(q, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
    v128.store(q, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
    v128.store(q, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
  }
  for (; i < N; i++) {
    const o = <usize>i << 2;
    const q = dst + (o << 2);
    store<f32>(q, load<f32>(a + o));
    store<f32>(q, load<f32>(b + o), 4);
    store<f32>(q, load<f32>(c + o), 8);
    store<f32>(q, load<f32>(d + o), 12);
  }
}

/** The divide of `divideVec` with one divisor for all lanes. */
@inline
function divideSplat(acc: v128, rule: i32, fa: i32, fb: i32, fc: i32, divisorOverride: f32): v128 {
  if (rule == PRODUCT) return quotientStore(f32x4.div(acc, f32x4.splat(<f32>(fa * fb * fc))), PRODUCT);
  if (rule == OVERRIDE) return quotientStore(f32x4.div(acc, f32x4.splat(divisorOverride)), OVERRIDE);
  return quotientStore(
      f32x4.div(f32x4.div(f32x4.div(acc, f32x4.splat(<f32>fa)), f32x4.splat(<f32>fb)), f32x4.splat(<f32>fc)),
      SUCCESSIVE);
}

/** Stores lanes 0..n-1 of v at ptr, ptr + stride, ... (one plane each). */
@inline
function storeLanes(ptr: usize, stride: usize, n: i32, v: v128): void {
  v128.store32_lane(ptr, v, 0);
  if (n > 1) v128.store32_lane(ptr + stride, v, 1);
  if (n > 2) v128.store32_lane(ptr + 2 * stride, v, 2);
  if (n > 3) v128.store32_lane(ptr + 3 * stride, v, 3);
}

/**
 * Forward, lanes = planes. tab: the packed tables (start, end, factor of each axis; table_layout.ts).
 * scratch: 4*D*H*W floats.
 */
export function boxForwardPlanes(
    x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32, rule: i32,
    divisorOverride: f32, tab: usize, scratch: usize): void {
  const start0 = tableStart(tab, 0, O0, D);
  const end0 = tableEnd(tab, 0, O0, D);
  const fac0 = tableFactor(tab, 0, O0, D);
  const start1 = tableStart(tab, 1, O1, H);
  const end1 = tableEnd(tab, 1, O1, H);
  const fac1 = tableFactor(tab, 1, O1, H);
  const start2 = tableStart(tab, 2, O2, W);
  const end2 = tableEnd(tab, 2, O2, W);
  const fac2 = tableFactor(tab, 2, O2, W);
  const N = D * H * W;
  const planeIn = <usize>N << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  for (let q = 0; q < planes; q += 4) {
    const n = min(4, planes - q);
    const pa = x + <usize>q * planeIn;
    interleave4(pa, n > 1 ? pa + planeIn : pa, n > 2 ? pa + 2 * planeIn : pa, n > 3 ? pa + 3 * planeIn : pa,
                scratch, N);
    let dst = out + <usize>q * planeOut;
    for (let o0 = 0; o0 < O0; o0++) {
      const s0 = load<i32>(start0 + (<usize>o0 << 2));
      const e0 = load<i32>(end0 + (<usize>o0 << 2));
      const fa = load<i32>(fac0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++) {
        const s1 = load<i32>(start1 + (<usize>o1 << 2));
        const e1 = load<i32>(end1 + (<usize>o1 << 2));
        const fb = load<i32>(fac1 + (<usize>o1 << 2));
        let o2 = 0;
        while (o2 < O2) {
          const w0 = load<i32>(start2 + (<usize>o2 << 2));
          const len = load<i32>(end2 + (<usize>o2 << 2)) - w0;
          if (o2 + 4 <= O2 && load<i32>(end2 + (<usize>o2 << 2), 4) - load<i32>(start2 + (<usize>o2 << 2), 4) == len &&
              load<i32>(end2 + (<usize>o2 << 2), 8) - load<i32>(start2 + (<usize>o2 << 2), 8) == len &&
              load<i32>(end2 + (<usize>o2 << 2), 12) - load<i32>(start2 + (<usize>o2 << 2), 12) == len) {
            // 4 outputs, 4 independent chains
            const d1 = <usize>(load<i32>(start2 + (<usize>o2 << 2), 4) - w0) << 4;
            const d2 = <usize>(load<i32>(start2 + (<usize>o2 << 2), 8) - w0) << 4;
            const d3 = <usize>(load<i32>(start2 + (<usize>o2 << 2), 12) - w0) << 4;
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            let a2 = f32x4.splat(0);
            let a3 = f32x4.splat(0);
            for (let i0 = s0; i0 < e0; i0++) {
              for (let i1 = s1; i1 < e1; i1++) {
                let ptr = scratch + (<usize>((i0 * H + i1) * W + w0) << 4);
                const end = ptr + (<usize>len << 4);
                for (; ptr < end; ptr += 16) {
                  a0 = f32x4.add(a0, v128.load(ptr));
                  a1 = f32x4.add(a1, v128.load(ptr + d1));
                  a2 = f32x4.add(a2, v128.load(ptr + d2));
                  a3 = f32x4.add(a3, v128.load(ptr + d3));
                }
              }
            }
            const f = fac2 + (<usize>o2 << 2);
            storeLanes(dst, planeOut, n, divideSplat(a0, rule, fa, fb, load<i32>(f), divisorOverride));
            storeLanes(dst + 4, planeOut, n, divideSplat(a1, rule, fa, fb, load<i32>(f, 4), divisorOverride));
            storeLanes(dst + 8, planeOut, n, divideSplat(a2, rule, fa, fb, load<i32>(f, 8), divisorOverride));
            storeLanes(dst + 12, planeOut, n, divideSplat(a3, rule, fa, fb, load<i32>(f, 12), divisorOverride));
            dst += 16;
            o2 += 4;
          } else {
            let a0 = f32x4.splat(0);
            for (let i0 = s0; i0 < e0; i0++) {
              for (let i1 = s1; i1 < e1; i1++) {
                let ptr = scratch + (<usize>((i0 * H + i1) * W + w0) << 4);
                const end = ptr + (<usize>len << 4);
                for (; ptr < end; ptr += 16) a0 = f32x4.add(a0, v128.load(ptr));
              }
            }
            const fc = load<i32>(fac2 + (<usize>o2 << 2));
            storeLanes(dst, planeOut, n, divideSplat(a0, rule, fa, fb, fc, divisorOverride));
            dst += 4;
            o2 += 1;
          }
        }
      }
    }
  }
}

/**
 * Backward, lanes = planes. tab: the packed tables (gradStart, gradEnd, factor of each axis; table_layout.ts).
 * scratch: 4*O0*O1*O2 floats (the interleaved deltas).
 */
export function boxBackwardPlanes(
    dy: usize, dx: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32, rule: i32,
    divisorOverride: f32, tab: usize, scratch: usize): void {
  const gs0 = tableGradStart(tab, 0, O0, D);
  const ge0 = tableGradEnd(tab, 0, O0, D);
  const gs1 = tableGradStart(tab, 1, O1, H);
  const ge1 = tableGradEnd(tab, 1, O1, H);
  const gs2 = tableGradStart(tab, 2, O2, W);
  const ge2 = tableGradEnd(tab, 2, O2, W);
  const fac0 = tableFactor(tab, 0, O0, D);
  const fac1 = tableFactor(tab, 1, O1, H);
  const fac2 = tableFactor(tab, 2, O2, W);
  const planeIn = <usize>(D * H * W) << 2;
  const NO = O0 * O1 * O2;
  const planeOut = <usize>NO << 2;
  for (let q = 0; q < planes; q += 4) {
    const n = min(4, planes - q);
    const pa = dy + <usize>q * planeOut;
    interleave4(pa, n > 1 ? pa + planeOut : pa, n > 2 ? pa + 2 * planeOut : pa, n > 3 ? pa + 3 * planeOut : pa,
                scratch, NO);
    let k = scratch;
    for (let o0 = 0; o0 < O0; o0++) {
      const fa = load<i32>(fac0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++) {
        const fb = load<i32>(fac1 + (<usize>o1 << 2));
        for (let o2 = 0; o2 < O2; o2++) {
          v128.store(k, divideSplat(v128.load(k), rule, fa, fb, load<i32>(fac2 + (<usize>o2 << 2)), divisorOverride));
          k += 16;
        }
      }
    }
    let dst = dx + <usize>q * planeIn;
    for (let i0 = 0; i0 < D; i0++) {
      const g0s = load<i32>(gs0 + (<usize>i0 << 2));
      const g0e = load<i32>(ge0 + (<usize>i0 << 2));
      for (let i1 = 0; i1 < H; i1++) {
        const g1s = load<i32>(gs1 + (<usize>i1 << 2));
        const g1e = load<i32>(ge1 + (<usize>i1 << 2));
        let i2 = 0;
        while (i2 < W) {
          const c0 = load<i32>(gs2 + (<usize>i2 << 2));
          const len = load<i32>(ge2 + (<usize>i2 << 2)) - c0;
          if (i2 + 4 <= W && load<i32>(ge2 + (<usize>i2 << 2), 4) - load<i32>(gs2 + (<usize>i2 << 2), 4) == len &&
              load<i32>(ge2 + (<usize>i2 << 2), 8) - load<i32>(gs2 + (<usize>i2 << 2), 8) == len &&
              load<i32>(ge2 + (<usize>i2 << 2), 12) - load<i32>(gs2 + (<usize>i2 << 2), 12) == len) {
            const d1 = <usize>(load<i32>(gs2 + (<usize>i2 << 2), 4) - c0) << 4;
            const d2 = <usize>(load<i32>(gs2 + (<usize>i2 << 2), 8) - c0) << 4;
            const d3 = <usize>(load<i32>(gs2 + (<usize>i2 << 2), 12) - c0) << 4;
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            let a2 = f32x4.splat(0);
            let a3 = f32x4.splat(0);
            for (let o0 = g0s; o0 < g0e; o0++) {
              for (let o1 = g1s; o1 < g1e; o1++) {
                let ptr = scratch + (<usize>((o0 * O1 + o1) * O2 + c0) << 4);
                const end = ptr + (<usize>len << 4);
                for (; ptr < end; ptr += 16) {
                  a0 = f32x4.add(a0, v128.load(ptr));
                  a1 = f32x4.add(a1, v128.load(ptr + d1));
                  a2 = f32x4.add(a2, v128.load(ptr + d2));
                  a3 = f32x4.add(a3, v128.load(ptr + d3));
                }
              }
            }
            storeLanes(dst, planeIn, n, a0);
            storeLanes(dst + 4, planeIn, n, a1);
            storeLanes(dst + 8, planeIn, n, a2);
            storeLanes(dst + 12, planeIn, n, a3);
            dst += 16;
            i2 += 4;
          } else {
            let a0 = f32x4.splat(0);
            for (let o0 = g0s; o0 < g0e; o0++) {
              for (let o1 = g1s; o1 < g1e; o1++) {
                let ptr = scratch + (<usize>((o0 * O1 + o1) * O2 + c0) << 4);
                const end = ptr + (<usize>len << 4);
                for (; ptr < end; ptr += 16) a0 = f32x4.add(a0, v128.load(ptr));
              }
            }
            storeLanes(dst, planeIn, n, a0);
            dst += 4;
            i2 += 1;
          }
        }
      }
    }
  }
}


// ---------------------------------------------------------------------------------------------------------------
// Lanes = planes, read in place: long windows

// The same lanes (lane l = plane q + l, every output's window walked as in the scalar loop), without the interleaved
// copy: four loads, one per plane, of taps t..t+3 of a window row and a 4×4 transpose give the vectors of taps t,
// t+1, t+2, t+3 across the planes, added in that order. The input is read once and nothing is stored but the
// outputs. The transpose costs two shuffles per vector read, as the interleave does, so this saves the interleave's
// store and reload: worth it where windows are long (every tap vector is then used), not for 3-tap rows, where a
// transposed block of 4 would carry one unused tap.

/** acc + the first r (1..4) columns of the 4×4 matrix whose rows are va..vd, in column order. */
@inline
function addColumns(acc: v128, va: v128, vb: v128, vc: v128, vd: v128, r: i32): v128 {
  const lo0 = v128.shuffle<f32>(va, vb, 0, 4, 1, 5);
  const lo1 = v128.shuffle<f32>(vc, vd, 0, 4, 1, 5);
  acc = f32x4.add(acc, v128.shuffle<f32>(lo0, lo1, 0, 1, 4, 5));
  if (r > 1) acc = f32x4.add(acc, v128.shuffle<f32>(lo0, lo1, 2, 3, 6, 7));
  if (r > 2) {
    const hi0 = v128.shuffle<f32>(va, vb, 2, 6, 3, 7);
    const hi1 = v128.shuffle<f32>(vc, vd, 2, 6, 3, 7);
    acc = f32x4.add(acc, v128.shuffle<f32>(hi0, hi1, 0, 1, 4, 5));
    if (r > 3) acc = f32x4.add(acc, v128.shuffle<f32>(hi0, hi1, 2, 3, 6, 7));
  }
  return acc;
}

/**
 * acc + the last r (1..3) taps of a window row, tap k of lane l at ptr + dl + 4k (da = 0 <= db <= dc <= dd). Whole
 * vectors where the fourth plane's 4 floats end inside the input (`limit`), else one float per lane. Not inlined:
 * the module stays under 4 KB.
 */
function addTail(acc: v128, ptr: usize, db: usize, dc: usize, dd: usize, r: i32, limit: usize): v128 {
  if (ptr + dd + 16 <= limit) {
    return addColumns(acc, v128.load(ptr), v128.load(ptr + db), v128.load(ptr + dc), v128.load(ptr + dd), r);
  }
  for (let k = 0; k < r; k++) {
    const at = ptr + (<usize>k << 2);
    let v = f32x4.splat(load<f32>(at));
    v = f32x4.replace_lane(v, 1, load<f32>(at + db));
    v = f32x4.replace_lane(v, 2, load<f32>(at + dc));
    v = f32x4.replace_lane(v, 3, load<f32>(at + dd));
    acc = f32x4.add(acc, v);
  }
  return acc;
}

/**
 * Forward, lanes = planes, read in place (`boxForwardPlanes` without the interleaved copy). tab: the packed tables
 * (start, end, factor of each axis; table_layout.ts). No scratch.
 */
export function boxForwardPlanesDirect(
    x: usize, out: usize, planes: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32, O2: i32, rule: i32,
    divisorOverride: f32, tab: usize): void {
  const start0 = tableStart(tab, 0, O0, D);
  const end0 = tableEnd(tab, 0, O0, D);
  const fac0 = tableFactor(tab, 0, O0, D);
  const start1 = tableStart(tab, 1, O1, H);
  const end1 = tableEnd(tab, 1, O1, H);
  const fac1 = tableFactor(tab, 1, O1, H);
  const start2 = tableStart(tab, 2, O2, W);
  const end2 = tableEnd(tab, 2, O2, W);
  const fac2 = tableFactor(tab, 2, O2, W);
  const planeIn = <usize>(D * H * W) << 2;
  const planeOut = <usize>(O0 * O1 * O2) << 2;
  const limit = x + <usize>planes * planeIn;
  for (let q = 0; q < planes; q += 4) {
    const n = min(4, planes - q);
    // Lanes past the last plane repeat it (their results are not stored).
    const db = <usize>min(1, n - 1) * planeIn;
    const dc = <usize>min(2, n - 1) * planeIn;
    const dd = <usize>min(3, n - 1) * planeIn;
    const src = x + <usize>q * planeIn;
    let dst = out + <usize>q * planeOut;
    for (let o0 = 0; o0 < O0; o0++) {
      const s0 = load<i32>(start0 + (<usize>o0 << 2));
      const e0 = load<i32>(end0 + (<usize>o0 << 2));
      const fa = load<i32>(fac0 + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++) {
        const s1 = load<i32>(start1 + (<usize>o1 << 2));
        const e1 = load<i32>(end1 + (<usize>o1 << 2));
        const fb = load<i32>(fac1 + (<usize>o1 << 2));
        let o2 = 0;
        while (o2 < O2) {
          // 4 outputs of the same window length from g: 4 independent add chains. At the end of a row, the last 4
          // (overlapping outputs already stored, which get the same values again) rather than single outputs, whose
          // one chain waits on each add.
          const g = o2 + 4 <= O2 ? o2 : max(0, O2 - 4);
          const at = start2 + (<usize>g << 2);
          const w0 = load<i32>(at);
          const len = load<i32>(end2 + (<usize>g << 2)) - w0;
          const len4 = <usize>(len & ~3) << 2;
          const r = len & 3;
          if (g + 4 <= O2 && load<i32>(end2 + (<usize>g << 2), 4) - load<i32>(at, 4) == len &&
              load<i32>(end2 + (<usize>g << 2), 8) - load<i32>(at, 8) == len &&
              load<i32>(end2 + (<usize>g << 2), 12) - load<i32>(at, 12) == len) {
            const d1 = <usize>(load<i32>(at, 4) - w0) << 2;
            const d2 = <usize>(load<i32>(at, 8) - w0) << 2;
            const d3 = <usize>(load<i32>(at, 12) - w0) << 2;
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            let a2 = f32x4.splat(0);
            let a3 = f32x4.splat(0);
            for (let i0 = s0; i0 < e0; i0++) {
              for (let i1 = s1; i1 < e1; i1++) {
                let ptr = src + (<usize>((i0 * H + i1) * W + w0) << 2);
                const end = ptr + len4;
                for (; ptr < end; ptr += 16) {
                  a0 = addColumns(a0, v128.load(ptr), v128.load(ptr + db), v128.load(ptr + dc), v128.load(ptr + dd), 4);
                  const p1 = ptr + d1;
                  a1 = addColumns(a1, v128.load(p1), v128.load(p1 + db), v128.load(p1 + dc), v128.load(p1 + dd), 4);
                  const p2 = ptr + d2;
                  a2 = addColumns(a2, v128.load(p2), v128.load(p2 + db), v128.load(p2 + dc), v128.load(p2 + dd), 4);
                  const p3 = ptr + d3;
                  a3 = addColumns(a3, v128.load(p3), v128.load(p3 + db), v128.load(p3 + dc), v128.load(p3 + dd), 4);
                }
                if (r != 0) {
                  a0 = addTail(a0, ptr, db, dc, dd, r, limit);
                  a1 = addTail(a1, ptr + d1, db, dc, dd, r, limit);
                  a2 = addTail(a2, ptr + d2, db, dc, dd, r, limit);
                  a3 = addTail(a3, ptr + d3, db, dc, dd, r, limit);
                }
              }
            }
            const f = fac2 + (<usize>g << 2);
            const to = dst + (<usize>g << 2);
            storeLanes(to, planeOut, n, divideSplat(a0, rule, fa, fb, load<i32>(f), divisorOverride));
            storeLanes(to + 4, planeOut, n, divideSplat(a1, rule, fa, fb, load<i32>(f, 4), divisorOverride));
            storeLanes(to + 8, planeOut, n, divideSplat(a2, rule, fa, fb, load<i32>(f, 8), divisorOverride));
            storeLanes(to + 12, planeOut, n, divideSplat(a3, rule, fa, fb, load<i32>(f, 12), divisorOverride));
            o2 = g + 4;
          } else {
            const w0 = load<i32>(start2 + (<usize>o2 << 2));
            const len = load<i32>(end2 + (<usize>o2 << 2)) - w0;
            const len4 = <usize>(len & ~3) << 2;
            const r = len & 3;
            let a0 = f32x4.splat(0);
            for (let i0 = s0; i0 < e0; i0++) {
              for (let i1 = s1; i1 < e1; i1++) {
                let ptr = src + (<usize>((i0 * H + i1) * W + w0) << 2);
                const end = ptr + len4;
                for (; ptr < end; ptr += 16) {
                  a0 = addColumns(a0, v128.load(ptr), v128.load(ptr + db), v128.load(ptr + dc), v128.load(ptr + dd), 4);
                }
                if (r != 0) a0 = addTail(a0, ptr, db, dc, dd, r, limit);
              }
            }
            storeLanes(dst + (<usize>o2 << 2), planeOut, n,
                       divideSplat(a0, rule, fa, fb, load<i32>(fac2 + (<usize>o2 << 2)), divisorOverride));
            o2 += 1;
          }
        }
        dst += <usize>O2 << 2;
      }
    }
  }
}
