// AssemblyScript source of the kit's 1 × 1 stride-1 convolution (src/geometry/pointwise_conv.ts), compiled by
// scripts/build-simd.mjs through modules/pointwise.ts and run by kernels/shared/conv_simd.ts. Float32,
// channels-last: the input is a matrix of M = N·H·W cells by K = Ci channels, the output M by Co, and the packed
// filter [Co / 8, K, 8] one panel per 8 output channels.
//
// Output channels go 8 at a time (POINTWISE_COLUMNS: gemm.ts's two vectors; the packed filter holds one panel each).
// Rows go `block` at a time (their K channels stay in L1/L2), and within a block every panel runs past them 4 rows at
// a time (gemm.ts), the accumulators starting at the bias; the rows past the last multiple of 4 go one at a time.

import {gemm1x8, gemm4x8} from './gemm';

export function pwConv(x: usize, packed: usize, bias: usize, out: usize, M: i32, K: i32, Co: i32, relu: bool,
                       block: i32): void {
  const lda = <usize>K << 2;
  const ldc = <usize>Co << 2;
  const groups = Co >> 3;
  const M4 = M & ~3;
  const zero = f32x4.splat(0);
  for (let r0 = 0; r0 < M; r0 += block) {
    const r1 = min(r0 + block, M);
    const r4 = min(r1, M4);
    for (let g = 0; g < groups; g++) {
      const panel = packed + ((<usize>g * K) << 5);
      const b0 = bias ? v128.load(bias + (<usize>g << 5)) : zero;
      const b1 = bias ? v128.load(bias + (<usize>g << 5), 16) : zero;
      const c = out + (<usize>g << 5);
      let r = r0;
      for (; r < r4; r += 4) gemm4x8(x + <usize>r * lda, lda, panel, K, c + <usize>r * ldc, ldc, b0, b1, relu);
      for (; r < r1; r++) gemm1x8(x + <usize>r * lda, panel, K, c + <usize>r * ldc, b0, b1, relu);
    }
  }
}
