/**
 * Output length of one spatial axis of an average pool, PyTorch's `pooling_output_shape` with dilation 1
 * (aten/src/ATen/native/Pool.h `pooling_output_shape_pad_lr`).
 *
 * floor mode: floor((L + 2p - k) / s) + 1
 * ceil mode:  ceil((L + 2p - k) / s) + 1, minus one if the last window would start inside the right padding
 *             (PyTorch's "last window must start inside the input or the left padding" rule, pytorch#116420).
 * The result may be <= 0; the ops reject that with PyTorch's own message.
 *
 * @param inSize - the axis's input length
 * @param kernel - the window length
 * @param pad - the padding on each side
 * @param stride - the step between windows
 * @param ceilMode - PyTorch's `ceil_mode`
 * @example
 * ```ts
 * tt.poolOutputSize(112, 3, 1, 2, false);  // 56: ResNet's stem max pool
 * ```
 * @group Geometry
 */
export function poolOutputSize(inSize: number, kernel: number, pad: number, stride: number, ceilMode: boolean): number {
  let out = floorDiv(inSize + 2 * pad - (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0), stride) + 1;
  if (ceilMode && (out - 1) * stride >= inSize + pad) out -= 1;
  return out;
}

/** Floor division of integers (ATen's div_rtn), correct for negative numerators. */
function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
