// The micro-kernels of the kit's convolutions (winograd.ts, pointwise.ts): rows of c = init + a · b, ReLU'd where
// `relu`, for 8 columns (two vectors). a's rows are `lda` bytes apart, each element broadcast in turn (K of them,
// contiguous); b is a packed panel of K rows of 8 floats; c's rows are `ldc` bytes apart. Each product is added in
// order of k to the accumulator that starts at `init` (the bias, or 0), XNNPACK's order for its own GEMMs.

@inline
export function gemm4x8(a: usize, lda: usize, b: usize, K: i32, c: usize, ldc: usize, init0: v128, init1: v128,
                        relu: bool): void {
  let c00 = init0, c01 = init1, c10 = init0, c11 = init1;
  let c20 = init0, c21 = init1, c30 = init0, c31 = init1;
  let ap = a;
  let bp = b;
  const end = a + (<usize>K << 2);
  while (ap < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap + lda);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap + 2 * lda);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap + 3 * lda);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    ap += 4;
    bp += 32;
  }
  if (relu) {
    const z = f32x4.splat(0);
    c00 = f32x4.max(c00, z);
    c01 = f32x4.max(c01, z);
    c10 = f32x4.max(c10, z);
    c11 = f32x4.max(c11, z);
    c20 = f32x4.max(c20, z);
    c21 = f32x4.max(c21, z);
    c30 = f32x4.max(c30, z);
    c31 = f32x4.max(c31, z);
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** One row of gemm4x8 (a row tail). */
@inline
export function gemm1x8(a: usize, b: usize, K: i32, c: usize, init0: v128, init1: v128, relu: bool): void {
  let c0 = init0, c1 = init1;
  let ap = a;
  let bp = b;
  const end = a + (<usize>K << 2);
  while (ap < end) {
    const av = v128.load32_splat(ap);
    c0 = f32x4.add(c0, f32x4.mul(av, v128.load(bp)));
    c1 = f32x4.add(c1, f32x4.mul(av, v128.load(bp, 16)));
    ap += 4;
    bp += 32;
  }
  if (relu) {
    c0 = f32x4.max(c0, f32x4.splat(0));
    c1 = f32x4.max(c1, f32x4.splat(0));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}
