/**
 * The one table of tolerances: |actual - expected| <= atol * scale + rtol * |expected|, per backend and per kind
 * of op, where scale is 1, or the largest finite |x| of the input where `scaled` is set (a float32 sum's rounding
 * error is proportional to the magnitude of what it adds, not to the result). Zero means bit-exact (NaN matches
 * NaN, and the sign of zero must match).
 */
export interface Tolerance {
  rtol: number;
  atol: number;
  scaled?: boolean;
}

export type OpKind = 'pool' | 'mean' | 'lp';

const EXACT: Tolerance = {rtol: 0, atol: 0};

/**
 * GPU shaders sum in float32 in their own order and may fuse or reassociate; PyTorch's sequential float32 sums of
 * the fixtures' windows (|x| ≲ 4) stay within 1e-4 of any such order. The max pools' gradient gathers in PyTorch's
 * scatter order but adds the gradients of padding-only windows (routed to cells elsewhere) in a last pass, where
 * PyTorch interleaves them in output order: a few float32 additions reordered, within the same bound. For `mean`
 * the order is a choice, not a limit of the arithmetic (IEEE float32 adds in a fixed tree can be written in WGSL and
 * GLSL ES 3 highp; subnormals may still be flushed): PyTorch's order (src/geometry/sum_order.ts) is not ported to
 * the shaders yet, whose trees bound the work per invocation instead; their error on the mean fixtures (|x| ≤ 143,
 * up to 524300 terms, a tree's error growing with log n) stays far inside 1e-4.
 */
const GPU_FLOAT32: Tolerance = {rtol: 1e-4, atol: 1e-4};

/**
 * lp pools raise to the powers p and 1/p. For exponents other than ATen's special cases (±1, ±0.5, 2, 3, -2) PyTorch's
 * float32 pow is a vectorised powf (Sleef, error ≤ 1 ulp), ours a correctly rounded Math.pow: one such pow in the
 * forward, two in the gradient, so results may differ by a few ulp (≤ 4·2^-23 relative); the atol covers gradient
 * terms that cancel in the average pool's backward sum. p = 1, 2 and ±inf are bit-exact on cpu and wasm.
 */
const LP_POW: Tolerance = {rtol: 4.8e-7, atol: 1e-7};

/**
 * TensorFlow's native CPU kernels (AvgPool, AvgPool3D, Sum via Eigen/oneDNN) sum float32 in their own order —
 * vectorised partial sums, not PyTorch's window order — and flush subnormal results to zero. The order alone moves
 * a sum of the fixtures' windows (|x| ≲ 4, ≤ a few thousand terms) by far less than 1e-5; flushed subnormals are
 * below 1.2e-38. The same 1e-4 as the GPUs today, but its own entry: a reason, not a borrowed constant.
 */
const TENSORFLOW_FLOAT32: Tolerance = {rtol: 1e-4, atol: 1e-4};

/**
 * TensorFlow's Mean for a mean: the same float32 reordering as TENSORFLOW_FLOAT32 (Eigen's order, inside the native
 * op, which JS cannot change), but a mean's inputs are not bounded as the pools' fixtures are (int32 up to 2^31 cast
 * to float32): a float32 sum's rounding error grows with the magnitude of its terms, so it is scaled by max|x|. Eigen
 * sums in vectorised blocks whose error grows far slower than n·eps32: the fixtures' sums of up to 524300 terms
 * stay inside 1e-4·max|x|.
 */
const TENSORFLOW_MEAN: Tolerance = {rtol: 1e-4, atol: 1e-4, scaled: true};

export const TOLERANCES: Record<string, Record<OpKind, Tolerance>> = {
  // The same float32 operations in the same order as ATen's CPU kernels: bit-exact. mean too: PyTorch's sum order
  // (src/geometry/sum_order.ts) on one thread; the fixtures record torch.set_num_threads(1) (docs/SEMANTICS.md §6).
  cpu: {pool: EXACT, mean: EXACT, lp: LP_POW},
  // The shared typed-array loops over the wasm heap: the same arithmetic as cpu.
  wasm: {pool: EXACT, mean: EXACT, lp: LP_POW},
  webgl: {pool: GPU_FLOAT32, mean: GPU_FLOAT32, lp: GPU_FLOAT32},
  webgpu: {pool: GPU_FLOAT32, mean: GPU_FLOAT32, lp: GPU_FLOAT32},
  tensorflow: {pool: TENSORFLOW_FLOAT32, mean: TENSORFLOW_MEAN, lp: TENSORFLOW_FLOAT32},
};

/**
 * The property test's JS reference (test/property/reference.ts) against the cpu backend, where the reference's own
 * arithmetic is not PyTorch's: a mean in float64, rounded once, where the package sums float32 in PyTorch's order
 * (bit-exact against PyTorch's fixtures above). The two differ by a float32 sum's rounding: a few ulp of the result
 * and of the largest |x| added. The pools and lp pools keep the cpu row's tolerances there.
 */
export const FLOAT64_REFERENCE_MEAN: Tolerance = {rtol: 2.5e-7, atol: 1e-6, scaled: true};

export function opKind(op: string): OpKind {
  return op === 'mean' ? 'mean' : op.startsWith('lpPool') ? 'lp' : 'pool';
}

/**
 * Whole-model logits of the torchvision ports (examples/torchvision) on the Node backends: max |ours − PyTorch's|
 * may be at most this factor times PyTorch's own float32 error on the same model and input (the fixture's
 * `float32_error`, max |float32 logits − float64 logits|, computed by export.py). The pools are exact; the rest is
 * tfjs's float32 conv2d, matMul, BatchNorm and adds, which accumulate in other orders than PyTorch's kernels, so
 * ours is off by about as much as PyTorch's float32 itself. Measured max |Δ| / float32_error over the five models:
 * cpu 0.9–1.3, wasm 1.2–1.5, tensorflow 1.2–4.7 (resnet18: TensorFlow's own conv algorithms); 8 leaves room for
 * another machine's summation order and nothing for a wrong window (1000× and more). A relative bound on the logits (the former 1e-4 · max(1, max |logit|)) was absolute
 * for logits below 1 and let a port with a wrong pool pass; this one does not (torchvision.test.ts).
 */
export const MODEL_LOGITS_FACTOR: Record<string, number> = {
  cpu: 8,
  wasm: 8,
  tensorflow: 8,
};

/**
 * The browsers' bound, not yet tied to float32_error (not re-measured here): max |Δ| ≤ this · max(1, max |logit|).
 * GPU shaders (SwiftShader here): float32 with fused multiply-adds, reassociated sums and approximate
 * divisions/sqrt in BatchNorm.
 */
export const MODEL_LOGITS: Record<string, number> = {
  webgl: 1e-3,
  webgpu: 1e-3,
};

/**
 * The porting kit's layers (test/nn/kit_parity.test.ts): tfjs's float32 convolutions, matMuls, moments and
 * transcendental functions sum and round in other orders than ATen's kernels, so ours differs from PyTorch's float32
 * result by about as much as PyTorch's float32 result differs from its own float64 one. The fixture records that
 * difference per tensor (`err32`, PyTorch's own float32 error on the same case); a result passes when
 * max|ours − PyTorch| ≤ factor · (err32 + 2^-23 · max|PyTorch|), the second term one float32 ulp of the largest value
 * (covering cases where PyTorch's float32 result happens to equal the float64 one). Node backends round like
 * PyTorch's CPU: a few times its own error; GPU shaders fuse and reassociate more freely.
 */
export const KIT_ERROR_FACTOR: Record<string, number> = {
  cpu: 8,
  wasm: 8,
  tensorflow: 8,
  webgl: 64,
  webgpu: 64,
};
