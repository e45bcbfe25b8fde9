// AssemblyScript source of the kit's concatenation (nn.functional.cat on wasm, kernels/wasm/concat.ts): `rows` rows
// of `bytes` bytes, `srcStride` apart at src, copied `dstStride` apart to dst. A channels-last concatenation of
// channels is one row per cell and input (SqueezeNet's Fire at 55 × 55: 3,025 rows of 256 bytes per input), which
// tfjs-wasm's Concat copies with a JavaScript subarray().set() each.

export function copyRows(dst: usize, dstStride: usize, src: usize, srcStride: usize, rows: i32, bytes: usize): void {
  const vectors = bytes & ~15;
  for (let r = 0; r < rows; r++) {
    let i: usize = 0;
    for (; i < vectors; i += 16) v128.store(dst + i, v128.load(src + i));
    if (i < bytes) memory.copy(dst + i, src + i, bytes - i);
    dst += dstStride;
    src += srcStride;
  }
}
