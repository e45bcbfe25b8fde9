// AssemblyScript source of the values-only SIMD max pool of 2d pools with kernel 3 and stride 2 along the row
// (ResNet's stem MaxPool2d(3, 2, 1), GoogLeNet's and SqueezeNet's MaxPool2d(3, 2, ceil_mode=True)), compiled by
// scripts/build-simd.mjs through modules/max_k3s2.ts and run by kernels/shared/max_simd.ts. Float32 only.
//
// Columns first, as ./max_columns.ts (which says why that order gives the scalar loop's bits except where a window
// holds a NaN or its maximum is zero, and redoes those rows exactly): each output row's window rows (up to three)
// are reduced down the columns and, in registers, along the row: lanes' taps 2o - P, 2o - P + 1 are the even and odd
// lanes of a chunk's two vectors of column maxima (8 columns), 2o - P + 2 the even lanes shifted by one, the last
// carried from the next chunk. Why a module of its own: every row runs the same loop, padding and the ceil-mode
// edge included. The chunks that reach outside the row (the first with padding, the last one or two) are loaded
// whole and their outside lanes set to -inf (padding and the past-the-end taps of ceil mode never win) and left out of
// the NaN check, so no output is folded one by one and no group is loaded twice; a window of fewer than three rows
// reads its last row again (the same maxima). Such loads read up to 16 floats past a row's end (the next row, or
// past the input: the caller leaves 128 bytes there) and one float before its start (never past the memory's start:
// nothing lies at address 0).

import {axisCount, axisStart} from './table_layout';
import {laneHi, laneLo} from './max_values';
import {exactRow} from './max_columns';

/**
 * Values of a 2d max pool, kernel 3, stride 2, dilation 1 and padding P (0 or 1) along the last axis, over `planes`
 * planes of H×W floats at x into planes of O1×O2 at out. tab, b1: the packed max tables and the height axis's base
 * (any kernel, stride, dilation dil1 or padding along it); row: scratch of max(O2, 4) floats rounded up to 4.
 */
export function maxK3S2(x: usize, out: usize, planes: i32, H: i32, W: i32, O1: i32, O2: i32, dil1: i32, P: i32,
                        tab: usize, b1: i32, row: usize): void {
  const Q = (max(O2, 4) + 3) & ~3;
  const lo = laneLo(O2, 2, P);
  const hi = laneHi(lo, O2, W, 3, 2, P, 1);
  const first1 = axisStart(tab, b1, O1, 0);
  const count1 = axisCount(tab, b1, O1, 0);
  const rowBytes = <usize>W << 2;
  const step1 = <usize>dil1 * rowBytes;
  const planeIn = <usize>H * rowBytes;
  const outRowBytes = <usize>O2 << 2;
  // Chunk c holds columns 8c - P … 8c - P + 7, the taps of lane group c (outputs 4c … 4c + 3) but its last;
  // chunks 1 … cHi - 1 lie inside the row. Group c runs unmasked while its next chunk lies inside and it is whole.
  const cHi = W + P >= 8 ? (W + P - 8) / 8 + 1 : 0;
  const inner = max(0, min(cHi - 1, O2 >> 2));
  let o = out;
  for (let q = 0; q < planes; q++) {
    const xq = x + <usize>q * planeIn;
    for (let o1 = 0; o1 < O1; o1++, o += outRowBytes) {
      const f1 = load<i32>(first1 + (<usize>o1 << 2));
      const c1 = load<i32>(count1 + (<usize>o1 << 2));
      const r0 = xq + <usize>f1 * rowBytes;
      if (c1 < 1 || fusedRow(r0, r0 + (c1 > 1 ? step1 : 0), r0 + <usize>(c1 - 1) * step1, o, O2, W, P, inner)) {
        exactRow(r0, o, row, 1, c1, 0, step1, W, O2, Q, 3, 2, P, 1, lo, hi);
      }
    }
  }
}

/** Lanes whose index i, plus `at`, is below `n` (as unsigned: a negative column is outside too). */
@inline
function below(at: i32, n: i32): v128 {
  return i32x4.lt_u(i32x4.add(i32x4.splat(at), i32x4(0, 1, 2, 3)), i32x4.splat(n));
}

/**
 * One output row from its window rows r0, r1, r2 (the same row repeated where the window has fewer), written to out.
 * Returns whether it must be redone exactly: a NaN among its in-row taps (their sum is NaN) or a zero maximum.
 */
@inline
function fusedRow(r0: usize, r1: usize, r2: usize, out: usize, O2: i32, W: i32, P: i32, inner: i32): bool {
  const negInf = f32x4.splat(-Infinity);
  const zero = f32x4.splat(0);
  // chunk 0, masked (padding before the row; a row shorter than a chunk)
  let at = <usize>(-P << 2);
  let mA = below(-P, W);
  let mB = below(4 - P, W);
  let a0 = v128.load(r0 + at);
  let a1 = v128.load(r1 + at);
  let a2 = v128.load(r2 + at);
  let b0 = v128.load(r0 + at, 16);
  let b1 = v128.load(r1 + at, 16);
  let b2 = v128.load(r2 + at, 16);
  let A = v128.bitselect(f32x4.pmax(f32x4.pmax(a0, a1), a2), negInf, mA);
  let B = v128.bitselect(f32x4.pmax(f32x4.pmax(b0, b1), b2), negInf, mB);
  let sum = f32x4.add(v128.and(f32x4.add(f32x4.add(a0, a1), a2), mA), v128.and(f32x4.add(f32x4.add(b0, b1), b2), mB));
  let even = v128.shuffle<f32>(A, B, 0, 2, 4, 6);
  let odd = v128.shuffle<f32>(A, B, 1, 3, 5, 7);
  let found = i32x4.splat(0);
  let c = 0;
  for (; c < inner; c++) {
    at += 32;
    a0 = v128.load(r0 + at);
    a1 = v128.load(r1 + at);
    a2 = v128.load(r2 + at);
    b0 = v128.load(r0 + at, 16);
    b1 = v128.load(r1 + at, 16);
    b2 = v128.load(r2 + at, 16);
    A = f32x4.pmax(f32x4.pmax(a0, a1), a2);
    B = f32x4.pmax(f32x4.pmax(b0, b1), b2);
    // one add a chunk carried: the rest of the sum is independent of the previous chunk's
    sum = f32x4.add(sum, f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), f32x4.add(f32x4.add(b0, b1), b2)));
    const nextEven = v128.shuffle<f32>(A, B, 0, 2, 4, 6);
    const value = f32x4.pmax(f32x4.pmax(even, odd), v128.shuffle<f32>(even, nextEven, 1, 2, 3, 4));
    v128.store(out + (<usize>c << 4), value);
    found = v128.or(found, f32x4.eq(value, zero));
    even = nextEven;
    odd = v128.shuffle<f32>(A, B, 1, 3, 5, 7);
  }
  // the last groups: their next chunk masked, the very last group possibly partial
  const G = (O2 + 3) >> 2;
  for (; c < G; c++) {
    at += 32;
    const col = (c + 1) * 8 - P;
    mA = below(col, W);
    mB = below(col + 4, W);
    a0 = v128.load(r0 + at);
    a1 = v128.load(r1 + at);
    a2 = v128.load(r2 + at);
    b0 = v128.load(r0 + at, 16);
    b1 = v128.load(r1 + at, 16);
    b2 = v128.load(r2 + at, 16);
    A = v128.bitselect(f32x4.pmax(f32x4.pmax(a0, a1), a2), negInf, mA);
    B = v128.bitselect(f32x4.pmax(f32x4.pmax(b0, b1), b2), negInf, mB);
    sum = f32x4.add(sum, f32x4.add(v128.and(f32x4.add(f32x4.add(a0, a1), a2), mA),
                                   v128.and(f32x4.add(f32x4.add(b0, b1), b2), mB)));
    const nextEven = v128.shuffle<f32>(A, B, 0, 2, 4, 6);
    const value = f32x4.pmax(f32x4.pmax(even, odd), v128.shuffle<f32>(even, nextEven, 1, 2, 3, 4));
    const n = O2 - c * 4;
    const p = out + (<usize>c << 4);
    if (n >= 4) {
      v128.store(p, value);
    } else {
      // a partial group: its lanes inside the row alone (the next lanes are the next row's, or past the output)
      v128.store32_lane(p, value, 0);
      if (n > 1) v128.store32_lane(p, value, 1, 4);
      if (n > 2) v128.store32_lane(p, value, 2, 8);
    }
    found = v128.or(found, v128.and(f32x4.eq(value, zero), below(0, n)));
    even = nextEven;
    odd = v128.shuffle<f32>(A, B, 1, 3, 5, 7);
  }
  return v128.any_true(v128.or(found, f32x4.ne(sum, sum)));
}
