/**
 * torch.nn.utils.fusion: an eval-mode BatchNorm folded into the convolution before it (`nn.utils.fuseConvBnEval`,
 * `nn.utils.fuseConvBnWeights`). In eval mode BatchNorm is the per-channel affine map
 * y = (x − running_mean)·weight/√(running_var + eps) + bias, so a convolution followed by it equals one convolution
 * whose filters are scaled per output channel and whose bias is shifted:
 *
 *   w' = w · (bn_w · rsqrt(running_var + eps))            (per output channel)
 *   b' = (b − running_mean) · rsqrt(running_var + eps) · bn_w + bn_b
 *
 * with PyTorch's operation order (torch/nn/utils/fusion.py), so the fused values are PyTorch's to the rounding of
 * rsqrt. One convolution instead of a convolution and a BatchNorm: the port runs one kernel fewer per pair, and the
 * convolution's bias is added inside tfjs's fused convolution.
 *
 *   fused = torch.nn.utils.fuse_conv_bn_eval(conv, bn)     const fused = nn.utils.fuseConvBnEval(conv, bn);
 */
import * as tf from '@tensorflow/tfjs-core';
import {torchCheck} from '../ops/torch_errors';
import {Conv1d, Conv2d, Conv3d, ConvNd, ConvTranspose2d} from './conv';
import {BatchNormNd} from './norm';

/**
 * PyTorch's `fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False)`: the fused
 * convolution's weight and bias, as new tf.Variables (the caller's). An absent conv bias or BatchNorm weight/bias
 * counts as zeros/ones/zeros. `transpose`: the weight is a transposed convolution's ([in, out/groups, k...]), scaled
 * along dim 1 instead of dim 0. Each result is trainable when its source is a trainable tf.Variable (PyTorch's
 * requires_grad): the bias is not when the convolution had none.
 */
export function fuseConvBnWeights(
  convW: tf.Tensor,
  convB: tf.Tensor | null,
  bnRm: tf.Tensor,
  bnRv: tf.Tensor,
  bnEps: number,
  bnW: tf.Tensor | null,
  bnB: tf.Tensor | null,
  transpose = false,
): [tf.Variable, tf.Variable] {
  const [w, b] = tf.tidy(() => {
    const bias = convB ?? tf.zerosLike(bnRm);
    const scaleW = bnW ?? tf.onesLike(bnRm);
    const shiftB = bnB ?? tf.zerosLike(bnRm);
    const rsqrt = tf.rsqrt(tf.add(bnRv, bnEps));
    const ones = Array(convW.rank - 2).fill(1);
    const shape = transpose ? [1, -1, ...ones] : [-1, 1, ...ones];
    const fusedW = tf.mul(convW, tf.reshape(tf.mul(scaleW, rsqrt), shape));
    const fusedB = tf.add(tf.mul(tf.mul(tf.sub(bias, bnRm), rsqrt), scaleW), shiftB);
    return [fusedW, fusedB];
  });
  // PyTorch's Parameter(fused, t.requires_grad): a plain tensor (like the zeros standing in for no bias) needs none
  const trainableW = convW instanceof tf.Variable && convW.trainable;
  const trainableB = convB instanceof tf.Variable && convB.trainable;
  const out: [tf.Variable, tf.Variable] = [tf.variable(w, trainableW), tf.variable(b, trainableB)];
  tf.dispose([w, b]);
  return out;
}

/** A new convolution with `conv`'s arguments, format and mode, and a bias (its values replaced by the caller). */
function convLike<C extends ConvNd | ConvTranspose2d>(conv: C): C {
  let copy: ConvNd | ConvTranspose2d;
  if (conv instanceof ConvTranspose2d) {
    copy = new ConvTranspose2d(conv.inChannels, conv.outChannels, conv.kernelSize, {
      stride: conv.stride,
      padding: conv.padding,
      outputPadding: conv.outputPadding,
      groups: conv.groups,
      bias: true,
      dilation: conv.dilation,
    });
  } else {
    const Kind = conv instanceof Conv1d ? Conv1d : conv instanceof Conv3d ? Conv3d : Conv2d;
    copy = new Kind(conv.inChannels, conv.outChannels, conv.kernelSize, {
      stride: conv.stride,
      padding: conv.padding,
      dilation: conv.dilation,
      groups: conv.groups,
      bias: true,
      paddingMode: conv.paddingMode,
    });
  }
  copy.training = conv.training;
  copy.memoryFormat = conv.memoryFormat;
  return copy as C;
}

/**
 * PyTorch's `torch.nn.utils.fuse_conv_bn_eval(conv, bn, transpose=False)`: a new convolution (Conv1d/2d/3d, or
 * ConvTranspose2d with `transpose`) equal to `conv` followed by `bn` in eval mode, BatchNorm folded into its weight
 * and bias (fuseConvBnWeights). `conv` and `bn` are left as they were (PyTorch deep-copies the convolution); the
 * result is the caller's to dispose.
 *
 * Eval only, as PyTorch: in training mode BatchNorm normalises with each batch's statistics, which no fixed weight
 * folds, so either module in training mode is PyTorch's AssertionError "Fusion only for eval!", and a BatchNorm
 * without running statistics (trackRunningStats: false) its "bn.running_mean and bn.running_var must not be None".
 * The fused weight and bias are parameters like any other: gradients flow to them (not to the originals).
 */
export function fuseConvBnEval<C extends ConvNd | ConvTranspose2d>(conv: C, bn: BatchNormNd, transpose = false): C {
  torchCheck(!(conv.training || bn.training), () => 'Fusion only for eval!', 'AssertionError');
  torchCheck(
    bn.running_mean !== null && bn.running_var !== null,
    () => 'bn.running_mean and bn.running_var must not be None',
    'AssertionError',
  );
  const [weight, bias] = fuseConvBnWeights(
    conv.weight,
    conv.bias,
    bn.running_mean as tf.Tensor,
    bn.running_var as tf.Tensor,
    bn.eps,
    bn.weight,
    bn.bias,
    transpose,
  );
  const fused = convLike(conv);
  const initial = [fused.weight, fused.bias as tf.Variable];
  // assignment replaces the parameters in place (same names, same order); the initial random ones are freed
  fused.weight = weight;
  fused.bias = bias;
  tf.dispose(initial);
  return fused;
}
