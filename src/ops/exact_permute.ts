/**
 * A transpose of an int32 tensor that never runs tfjs-backend-webgpu's Transpose program.
 *
 * Why: tfjs-backend-webgpu 4.22's TransposeProgram (any perm but a rank-2 [1, 0]) writes an input element
 * straight into `setOutputAtIndex`, whose argument is f32; for an int32 input on the GPU that is an i32, which
 * Chromium's WGSL compiler (Tint since Chrome 141) rejects (tensorflow/tfjs#8638). The invalid pipeline then
 * invalidates the whole command buffer it was recorded in, so every dispatch queued since the last submit is
 * dropped: the transpose's output and the outputs of the kernels before it (our pools included) keep whatever their
 * pooled buffers held before. Any int32 tensor on the GPU triggers it (tfjs's own argMax output too), so the
 * channels-last fallback, which transposes int32 pool inputs, outputs and indices, routes int32 through this
 * instead on webgpu.
 *
 * How: the permutation as a gather: TorchGatherPlanes (this package's kernel, exact for int32 on every backend)
 * with the whole tensor as one plane and, per output element, the flat position of its source. int32 tensors carry
 * no gradient, so no adjoint is needed.
 */
import {Tensor, engine, reshape, tensor1d, tidy, util} from '@tensorflow/tfjs-core';
import {TorchGatherPlanes} from '../kernel_names';

/** The backends whose Transpose cannot take an int32 tensor (see the header). */
const NO_INT32_TRANSPOSE = new Set(['webgpu']);

/** Whether {@link permuteExact} must replace tfjs's transpose of `x` on the current backend. */
export function needsExactPermute(x: Tensor): boolean {
  return x.dtype === 'int32' && NO_INT32_TRANSPOSE.has(engine().backendName);
}

/** `transpose(x, perm)` through TorchGatherPlanes. */
export function permuteExact(x: Tensor, perm: number[]): Tensor {
  const outShape = perm.map(p => x.shape[p]);
  // row-major strides with the last axis's 1 (util.computeStrides leaves it out)
  const strides = (shape: number[]) => [...util.computeStrides(shape), 1].slice(-shape.length);
  const inStrides = strides(x.shape);
  const outStrides = strides(outShape);
  const size = x.size;
  const source = new Int32Array(size);
  for (let o = 0; o < size; o++) {
    // output coordinate k along axis i is input coordinate k along axis perm[i]
    let rest = o;
    let from = 0;
    for (let i = 0; i < outShape.length; i++) {
      const k = Math.floor(rest / outStrides[i]);
      rest -= k * outStrides[i];
      from += k * inStrides[perm[i]];
    }
    source[o] = from;
  }
  return tidy(() => {
    const out = engine().runKernel(
      TorchGatherPlanes,
      {x: reshape(x, [size]), indices: tensor1d(source, 'int32')},
      {rank: 1},
    ) as Tensor;
    return reshape(out, outShape);
  });
}
