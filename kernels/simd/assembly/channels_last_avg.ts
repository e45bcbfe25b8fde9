// AssemblyScript source of the channels-last (NHWC) box average and its gradient, compiled by scripts/build-simd.mjs
// through modules/channels_last_avg*.ts and run by kernels/shared/channels_last_simd.ts. Float32 only.
//
// Method — lanes across channels (what XNNPACK does for NHWC): a tensor stored [N, D, H, W, C] keeps the C channels of
// one cell contiguous, so every window tap is a contiguous load of 4 channels and no shuffle is needed. Each lane is
// one (plane, output) pair and performs the float32 operations of the scalar loop (kernels/shared/
// channels_last_scalar.ts), which are ATen's cpu_avg_pool_channels_last / cpu_adaptive_avg_pool_channels_last: the
// taps summed in row-major order from +0, then the divisor step; a channel tail (C % 4) runs the same scalar ops.
// The divisor step is box_simd.ts's, except that channels below `prodBelow` divide an adaptive sum once by the product
// of the factors (ATen's 2d channels-last kernel does so in its 8-channel vector body; the channel count comes from
// src/geometry/channels_last_divisor.ts). Eight or four vectors (32, 16 channels) are summed at a time where C allows, over a
// list of the window's tap offsets made once per output cell.
//
// The gradient is a gather (each input cell, in row-major order of its covering outputs, adds dy / divisor), the
// order in which ATen's channels-last backward scatters them: first the quotients of one batch entry into `delta`,
// then the sums.

import {tableEnd, tableFactor, tableGradEnd, tableGradStart, tableStart, OVERRIDE, PRODUCT} from './table_layout';

@inline
function divisor(rule: i32, dov: f32, f0: i32, f1: i32, f2: i32): f32 {
  return rule == PRODUCT ? <f32>(f0 * f1 * f2) : dov;
}

/** The quotient of 4 channels' sums (PyTorch's divisor step; `product`: the adaptive 2d vector body's one division). */
@inline
function quotient(acc: v128, rule: i32, dov: f32, f0: i32, f1: i32, f2: i32, product: bool): v128 {
  if (rule == PRODUCT || rule == OVERRIDE) {
    return f32x4.add(f32x4.div(acc, f32x4.splat(divisor(rule, dov, f0, f1, f2))), f32x4.splat(0));
  }
  if (product) return f32x4.div(acc, f32x4.splat(<f32>(f0 * f1 * f2)));
  return f32x4.div(f32x4.div(f32x4.div(acc, f32x4.splat(<f32>f0)), f32x4.splat(<f32>f1)), f32x4.splat(<f32>f2));
}

@inline
function quotient1(acc: f32, rule: i32, dov: f32, f0: i32, f1: i32, f2: i32, product: bool): f32 {
  if (rule == PRODUCT || rule == OVERRIDE) return acc / divisor(rule, dov, f0, f1, f2) + <f32>0;
  if (product) return acc / <f32>(f0 * f1 * f2);
  return acc / <f32>f0 / <f32>f1 / <f32>f2;
}

/**
 * out[n, o, c] for every batch entry n and output cell o of a [N, D, H, W, C] float32 input (1d, 2d as leading axes
 * of size 1). `tab` is the plan's packed tables (src/geometry/packed_tables.ts); `taps` scratch for one window's
 * tap offsets (4 bytes a tap), listed once per output cell and read by every channel block (XNNPACK's indirection,
 * without the pointers). Only outputs o0 in [o0lo, o0hi), o1 in [o1lo, o1hi) are computed, written from `out` on
 * (the cpu backend copies a slab of rows at a time; the input rows those outputs read lie at their place from x).
 */
export function clAvgForward(x: usize, out: usize, N: i32, C: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                             O2: i32, rule: i32, dov: f32, prodBelow: i32, tab: usize, taps: usize, o0lo: i32, o0hi: i32,
    o1lo: i32, o1hi: i32): void {
  const s0p = tableStart(tab, 0, O0, D), e0p = tableEnd(tab, 0, O0, D), f0p = tableFactor(tab, 0, O0, D);
  const s1p = tableStart(tab, 1, O1, H), e1p = tableEnd(tab, 1, O1, H), f1p = tableFactor(tab, 1, O1, H);
  const s2p = tableStart(tab, 2, O2, W), e2p = tableEnd(tab, 2, O2, W), f2p = tableFactor(tab, 2, O2, W);
  const cell = <usize>C << 2;
  const C32 = C & ~31;
  const C16 = C & ~15;
  const C4 = C & ~3;
  let dst = out;
  for (let n = 0; n < N; n++) {
    const xn = x + <usize>n * <usize>(D * H * W) * cell;
    for (let o0 = o0lo; o0 < o0hi; o0++) {
      const s0 = load<i32>(s0p + (<usize>o0 << 2)), e0 = load<i32>(e0p + (<usize>o0 << 2));
      const f0 = load<i32>(f0p + (<usize>o0 << 2));
      for (let o1 = o1lo; o1 < o1hi; o1++) {
        const s1 = load<i32>(s1p + (<usize>o1 << 2)), e1 = load<i32>(e1p + (<usize>o1 << 2));
        const f1 = load<i32>(f1p + (<usize>o1 << 2));
        for (let o2 = 0; o2 < O2; o2++) {
          const s2 = load<i32>(s2p + (<usize>o2 << 2)), e2 = load<i32>(e2p + (<usize>o2 << 2));
          const f2 = load<i32>(f2p + (<usize>o2 << 2));
          // the window's taps in row-major order, as byte offsets from xn
          let end = taps;
          for (let i0 = s0; i0 < e0; i0++) {
            for (let i1 = s1; i1 < e1; i1++) {
              for (let i2 = s2; i2 < e2; i2++, end += 4) store<u32>(end, <u32>((i0 * H + i1) * W + i2) * <u32>cell);
            }
          }
          let c = 0;
          for (; c < C32; c += 32) {
            let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
            let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
            const xc = xn + (<usize>c << 2);
            for (let t = taps; t < end; t += 4) {
              const p = xc + <usize>load<u32>(t);
              a0 = f32x4.add(a0, v128.load(p));
              a1 = f32x4.add(a1, v128.load(p, 16));
              a2 = f32x4.add(a2, v128.load(p, 32));
              a3 = f32x4.add(a3, v128.load(p, 48));
              a4 = f32x4.add(a4, v128.load(p, 64));
              a5 = f32x4.add(a5, v128.load(p, 80));
              a6 = f32x4.add(a6, v128.load(p, 96));
              a7 = f32x4.add(a7, v128.load(p, 112));
            }
            const pr = c < prodBelow;
            const d = dst + (<usize>c << 2);
            v128.store(d, quotient(a0, rule, dov, f0, f1, f2, pr));
            v128.store(d, quotient(a1, rule, dov, f0, f1, f2, pr), 16);
            v128.store(d, quotient(a2, rule, dov, f0, f1, f2, pr), 32);
            v128.store(d, quotient(a3, rule, dov, f0, f1, f2, pr), 48);
            v128.store(d, quotient(a4, rule, dov, f0, f1, f2, pr), 64);
            v128.store(d, quotient(a5, rule, dov, f0, f1, f2, pr), 80);
            v128.store(d, quotient(a6, rule, dov, f0, f1, f2, pr), 96);
            v128.store(d, quotient(a7, rule, dov, f0, f1, f2, pr), 112);
          }
          for (; c < C16; c += 16) {
            let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
            const xc = xn + (<usize>c << 2);
            for (let t = taps; t < end; t += 4) {
              const p = xc + <usize>load<u32>(t);
              a0 = f32x4.add(a0, v128.load(p));
              a1 = f32x4.add(a1, v128.load(p, 16));
              a2 = f32x4.add(a2, v128.load(p, 32));
              a3 = f32x4.add(a3, v128.load(p, 48));
            }
            const pr = c < prodBelow;
            const d = dst + (<usize>c << 2);
            v128.store(d, quotient(a0, rule, dov, f0, f1, f2, pr));
            v128.store(d, quotient(a1, rule, dov, f0, f1, f2, pr), 16);
            v128.store(d, quotient(a2, rule, dov, f0, f1, f2, pr), 32);
            v128.store(d, quotient(a3, rule, dov, f0, f1, f2, pr), 48);
          }
          for (; c < C4; c += 4) {
            let a = f32x4.splat(0);
            const xc = xn + (<usize>c << 2);
            for (let t = taps; t < end; t += 4) a = f32x4.add(a, v128.load(xc + <usize>load<u32>(t)));
            v128.store(dst + (<usize>c << 2), quotient(a, rule, dov, f0, f1, f2, c < prodBelow));
          }
          for (; c < C; c++) {
            let a: f32 = 0;
            const xc = xn + (<usize>c << 2);
            for (let t = taps; t < end; t += 4) a += load<f32>(xc + <usize>load<u32>(t));
            store<f32>(dst + (<usize>c << 2), quotient1(a, rule, dov, f0, f1, f2, c < prodBelow));
          }
          dst += cell;
        }
      }
    }
  }
}

/** dx of a [N, D, H, W, C] float32 input from dy [N, O0, O1, O2, C]; `delta` holds O0·O1·O2·C floats of scratch. */
export function clAvgBackward(dy: usize, dx: usize, N: i32, C: i32, D: i32, H: i32, W: i32, O0: i32, O1: i32,
                              O2: i32, rule: i32, dov: f32, prodBelow: i32, tab: usize, delta: usize): void {
  const f0p = tableFactor(tab, 0, O0, D), f1p = tableFactor(tab, 1, O1, H), f2p = tableFactor(tab, 2, O2, W);
  const g0s = tableGradStart(tab, 0, O0, D), g0e = tableGradEnd(tab, 0, O0, D);
  const g1s = tableGradStart(tab, 1, O1, H), g1e = tableGradEnd(tab, 1, O1, H);
  const g2s = tableGradStart(tab, 2, O2, W), g2e = tableGradEnd(tab, 2, O2, W);
  const cell = <usize>C << 2;
  const C4 = C & ~3;
  let src = dy;
  let dst = dx;
  for (let n = 0; n < N; n++) {
    // The quotients of this batch entry, one division per output as ATen's backward does before scattering.
    let q = delta;
    for (let o0 = 0; o0 < O0; o0++) {
      const f0 = load<i32>(f0p + (<usize>o0 << 2));
      for (let o1 = 0; o1 < O1; o1++) {
        const f1 = load<i32>(f1p + (<usize>o1 << 2));
        for (let o2 = 0; o2 < O2; o2++) {
          const f2 = load<i32>(f2p + (<usize>o2 << 2));
          let c = 0;
          for (; c < C4; c += 4) {
            const at = <usize>c << 2;
            v128.store(q + at, quotient(v128.load(src + at), rule, dov, f0, f1, f2, c < prodBelow));
          }
          for (; c < C; c++) {
            const at = <usize>c << 2;
            store<f32>(q + at, quotient1(load<f32>(src + at), rule, dov, f0, f1, f2, c < prodBelow));
          }
          q += cell;
          src += cell;
        }
      }
    }
    for (let i0 = 0; i0 < D; i0++) {
      const a0 = load<i32>(g0s + (<usize>i0 << 2)), b0 = load<i32>(g0e + (<usize>i0 << 2));
      for (let i1 = 0; i1 < H; i1++) {
        const a1 = load<i32>(g1s + (<usize>i1 << 2)), b1 = load<i32>(g1e + (<usize>i1 << 2));
        for (let i2 = 0; i2 < W; i2++) {
          const a2 = load<i32>(g2s + (<usize>i2 << 2)), b2 = load<i32>(g2e + (<usize>i2 << 2));
          let c = 0;
          for (; c < C4; c += 4) {
            let a = f32x4.splat(0);
            for (let o0 = a0; o0 < b0; o0++) {
              for (let o1 = a1; o1 < b1; o1++) {
                let p = delta + <usize>((o0 * O1 + o1) * O2 + a2) * cell + (<usize>c << 2);
                for (let o2 = a2; o2 < b2; o2++, p += cell) a = f32x4.add(a, v128.load(p));
              }
            }
            v128.store(dst + (<usize>c << 2), a);
          }
          for (; c < C; c++) {
            let a: f32 = 0;
            for (let o0 = a0; o0 < b0; o0++) {
              for (let o1 = a1; o1 < b1; o1++) {
                let p = delta + <usize>((o0 * O1 + o1) * O2 + a2) * cell + (<usize>c << 2);
                for (let o2 = a2; o2 < b2; o2++, p += cell) a += load<f32>(p);
              }
            }
            store<f32>(dst + (<usize>c << 2), a);
          }
          dst += cell;
        }
      }
    }
  }
}
