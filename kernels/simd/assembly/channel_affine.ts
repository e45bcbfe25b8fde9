// AssemblyScript source of the kit's per-channel affine map on channels-last tensors (an eval-mode BatchNorm:
// x·scale + shift, src/nn/norm.ts), compiled by scripts/build-simd.mjs through modules/channel_affine.ts and run by
// kernels/wasm/channel_affine.ts. Float32: `cells` rows of C channels; per element one float32 multiply, then one
// float32 add (no fused multiply-add): the bits of tfjs's batchNorm with mean 0, variance 1 and epsilon 0. Four
// channels a vector; the channel tail (C mod 4) one at a time.

export function channelAffine(x: usize, scale: usize, shift: usize, out: usize, cells: i32, C: i32): void {
  const C4 = C & ~3;
  const row = <usize>C << 2;
  for (let r = 0; r < cells; r++) {
    let c = 0;
    for (; c < C4; c += 4) {
      const at = <usize>c << 2;
      v128.store(out + at, f32x4.add(f32x4.mul(v128.load(x + at), v128.load(scale + at)), v128.load(shift + at)));
    }
    for (; c < C; c++) {
      const at = <usize>c << 2;
      store<f32>(out + at, load<f32>(x + at) * load<f32>(scale + at) + load<f32>(shift + at));
    }
    x += row;
    out += row;
  }
}
