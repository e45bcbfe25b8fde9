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

export type OpKind = 'pool' | 'mean';

const EXACT: Tolerance = {rtol: 0, atol: 0};

/**
 * PyTorch sums a float32 mean in float32 (a cascade of partial sums whose last bits depend on SIMD width and
 * thread count; short rows sequentially); we sum in float64 and round once, as the foundation issue asks. PyTorch's
 * float32 rounding error is bounded by a small multiple of eps32·max|x| (its cascade keeps at most 16 additions
 * per level, 4 levels), so we allow 1e-6·max|x| (≈17 eps32) plus 2 ulp of the result (SEMANTICS.md §6.5).
 * Example: mean([1e8, 1, -1e8, 1]) is 0.25 in PyTorch (1e8 + 1 rounds to 1e8) and 0.5 exactly.
 */
const MEAN_CASCADE: Tolerance = {rtol: 2.5e-7, atol: 1e-6, scaled: true};

/**
 * GPU shaders sum in float32 in their own order and may fuse or reassociate; PyTorch's sequential float32 sums of
 * the fixtures' windows (|x| ≲ 4) stay within 1e-4 of any such order.
 */
const GPU_FLOAT32: Tolerance = {rtol: 1e-4, atol: 1e-4};

export const TOLERANCES: Record<string, Record<OpKind, Tolerance>> = {
  // The same float32 operations in the same order as ATen's CPU kernels: bit-exact.
  cpu: {pool: EXACT, mean: MEAN_CASCADE},
  // The shared typed-array loops over the wasm heap: the same arithmetic as cpu.
  wasm: {pool: EXACT, mean: MEAN_CASCADE},
  webgl: {pool: GPU_FLOAT32, mean: GPU_FLOAT32},
  webgpu: {pool: GPU_FLOAT32, mean: GPU_FLOAT32},
  // TensorFlow's native AvgPool/Mean kernels sum in float32 in their own order (Eigen), not PyTorch's.
  tensorflow: {pool: GPU_FLOAT32, mean: GPU_FLOAT32},
};

export function opKind(op: string): OpKind {
  return op === 'mean' ? 'mean' : 'pool';
}

/**
 * Whole-model logits of the torchvision ports (examples/torchvision, issue 13): max |ours - PyTorch's| may be at
 * most this times max(1, max |PyTorch's logit|). The pools are exact; the rest is tfjs's own float32 conv2d, matMul,
 * BatchNorm and adds, which accumulate in other orders than PyTorch's oneDNN kernels, over up to 2048 · 9 products
 * per output and some 100 layers, so the last bits of the logits differ.
 */
export const MODEL_LOGITS: Record<string, number> = {
  // Sequential or blocked float32 sums (tfjs-cpu's loops, XNNPACK, Eigen/oneDNN in TensorFlow): round-off only.
  cpu: 1e-4,
  wasm: 1e-4,
  tensorflow: 1e-4,
  // GPU shaders (SwiftShader here): float32 with fused multiply-adds, reassociated sums and approximate
  // divisions/sqrt in BatchNorm's fold, so ten times the Node backends' bound.
  webgl: 1e-3,
  webgpu: 1e-3,
};
