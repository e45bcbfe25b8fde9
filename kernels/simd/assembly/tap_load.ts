// The one load of a lane group's taps (4 outputs o..o+3, tap t at o*S - P + t*dil; p the address of output o's
// tap), shared by the max modules (max_simd.ts, max_values.ts): stride 1 one v128; stride 2 the even lanes of
// [p, p + 7) from loads at p and p + 3, so nothing past the last tap is read (a read ending at p + 8 would pass
// an unpadded row's end); other strides four lane loads.

@inline
export function tapLoad(p: usize, S: i32): v128 {
  if (S == 1) return v128.load(p);
  if (S == 2) return v128.shuffle<f32>(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
  const s = <usize>S << 2;
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + s));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * s));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * s));
}
