/**
 * 2-d convolutions ('valid', channels-last, undilated filter) whose gradients need only forward kernels, for a
 * backend that lacks tfjs's gradient kernels: tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter and no
 * DepthwiseConv2dNativeBackprop{Input,Filter}. Where the kernels exist, tfjs's own ops and gradients run.
 *
 * Method: for y = conv2d(x, W) with stride s,
 *   dx = conv2dTranspose(dy, W)                                   (Conv2DBackpropInput, which wasm has)
 *   dW[i, j, ci, co] = Σ_{n, oh, ow} x[n, oh·s + i, ow·s + j, ci] · dy[n, oh, ow, co]
 * and the second is itself a forward convolution: x with its batch and channel axes swapped, convolved by dy (as a
 * filter [Ho, Wo, N, Co]) with dilation s, then cropped to the kernel. conv2dTranspose's gradients are the same two
 * convolutions with the roles exchanged.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pair = [number, number];

/** Whether the active backend registers the kernel `name`. */
function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** True where depthwise convolutions have gradients; elsewhere the kit runs them as per-channel groups. */
export function depthwiseHasGradients(): boolean {
  return hasKernel('DepthwiseConv2dNativeBackpropInput') && hasKernel('DepthwiseConv2dNativeBackpropFilter');
}

/** dW of y = conv2d(x, W, s) ('valid'): [kh, kw, ci, co] from x [N, H, W, ci] and dy [N, Ho, Wo, co]. */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: Pair, stride: Pair): tf.Tensor4D {
  const swapped = tf.transpose(x, [3, 1, 2, 0]); // [ci, H, W, N]
  const byDy = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, co]
  const full = tf.conv2d(swapped, byDy, 1, 'valid', 'NHWC', stride); // [ci, ≥kh, ≥kw, co]
  const cropped = tf.slice(full, [0, 0, 0, 0], [-1, kernel[0], kernel[1], -1]);
  return tf.transpose(cropped, [1, 2, 0, 3]);
}

/** tf.conv2d(x, filter, stride, 'valid'), differentiable on every backend. */
export function conv2dValid(x: tf.Tensor4D, filter: tf.Tensor4D, stride: Pair): tf.Tensor4D {
  if (hasKernel('Conv2DBackpropFilter')) return tf.conv2d(x, filter, stride, 'valid');
  const op = tf.customGrad(((xi: tf.Tensor4D, fi: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xi, fi]);
    return {
      value: tf.conv2d(xi, fi, stride, 'valid'),
      gradFunc: (dy: tf.Tensor4D, [xs, fs]: tf.Tensor[]) => [
        tf.conv2dTranspose(dy, fs as tf.Tensor4D, xs.shape as [number, number, number, number], stride, 'valid'),
        filterGradient(xs as tf.Tensor4D, dy, [fs.shape[0] as number, fs.shape[1] as number], stride),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}

/**
 * tf.conv2dTranspose(x, filter, outShape, stride, 'valid') (filter [kh, kw, out, in]), differentiable on every
 * backend.
 */
export function conv2dTransposeValid(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  outShape: [number, number, number, number],
  stride: Pair,
): tf.Tensor4D {
  if (hasKernel('Conv2DBackpropFilter')) return tf.conv2dTranspose(x, filter, outShape, stride, 'valid');
  const op = tf.customGrad(((xi: tf.Tensor4D, fi: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([xi, fi]);
    return {
      value: tf.conv2dTranspose(xi, fi, outShape, stride, 'valid'),
      // y is the input gradient of z -> conv2d(z, W) at dy = x: so dx = conv2d(dy_y, W) and dW = filterGradient
      // with dy_y in the role of the convolution's input and x in the role of its output gradient
      gradFunc: (dy: tf.Tensor4D, [xs, fs]: tf.Tensor[]) => [
        tf.conv2d(dy, fs as tf.Tensor4D, stride, 'valid'),
        filterGradient(dy, xs as tf.Tensor4D, [fs.shape[0] as number, fs.shape[1] as number], stride),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}
