/**
 * Output length of one spatial axis of a pool, PyTorch's `pooling_output_shape` (aten/src/ATen/native/Pool.h
 * `pooling_output_shape_pad_lr`), for the average pools (dilation 1) and the max pools alike, with the dilated
 * extent e = d·(k − 1) + 1:
 *
 * floor mode: floor((L + 2p - e) / s) + 1
 * ceil mode:  ceil((L + 2p - e) / s) + 1, minus one if the last window would start inside the right padding
 *             (PyTorch's "last window must start inside the input or the left padding" rule, pytorch#116420).
 * The result may be <= 0; the ops reject that with PyTorch's own message.
 *
 * @param inSize - the axis's input length
 * @param kernel - the window length
 * @param pad - the padding on each side
 * @param stride - the step between windows
 * @param ceilMode - PyTorch's `ceil_mode`
 * @param dilation - the distance between a window's taps (max pools; 1 otherwise)
 * @example
 * ```ts
 * tt.poolOutputSize(112, 3, 1, 2, false);  // 56: ResNet's stem max pool
 * ```
 * @group Geometry
 */
export function poolOutputSize(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  ceilMode: boolean,
  dilation = 1,
): number {
  const extent = dilation * (kernel - 1) + 1;
  let out = Math.floor((inSize + 2 * pad - extent + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= inSize + pad) out -= 1;
  return out;
}

/**
 * poolOutputSize in PyTorch's int64 arithmetic (wrapping as its compiled code does), exactly: max_pool1d's
 * arguments stay int64, so its "Invalid computed output size" may quote a value beyond 2^53, where the float
 * formula above rounds. The same formula; integer arguments only (the ops' checks come first).
 */
export function poolOutputSizeInt64(
  inSize: number,
  kernel: number,
  pad: number,
  stride: number,
  ceilMode: boolean,
  dilation = 1,
): bigint {
  const i64 = (v: bigint) => BigInt.asIntN(64, v);
  const [L, k, p, s, d] = [inSize, kernel, pad, stride, dilation].map(BigInt);
  const one = BigInt(1);
  const numerator = i64(i64(i64(L + p + p) - i64(d * i64(k - one))) - one + (ceilMode ? s - one : BigInt(0)));
  // div_rtn: division rounding toward -inf
  let q = numerator / s;
  if (numerator % s !== BigInt(0) && numerator < 0 !== s < 0) q -= one;
  let out = i64(q + one);
  if (ceilMode && i64(i64(out - one) * s) >= i64(L + p)) out -= one;
  return out;
}
