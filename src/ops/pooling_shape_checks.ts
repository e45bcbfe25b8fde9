/**
 * Pool.h pooling_output_shape's checks, shared by the average and max pools (docs/max-pooling.md §2): stride ≠ 0,
 * pad ≥ 0, then pad ≤ half the effective kernel size d·(k−1)+1, which PyTorch computes in int64 and rejects when it
 * overflows (reachable only where the kernel size and dilation stay int64: max_pool1d without indices). Exact int64
 * arithmetic in BigInt: the arguments may lie beyond 2^53.
 */
import {pyIntText, torchCheck} from './torch_errors';

// BigInt() calls, not literals: the build targets ES2019
const ONE = BigInt(1);
const TWO = BigInt(2);
const INT64_MIN = -(TWO ** BigInt(63));
const INT64_MAX = TWO ** BigInt(63) - ONE;

/** Pool.h effective_kernel_size: d·(k−1)+1 in int64, or PyTorch's error if a step overflows. */
function effectiveKernelSize(kernel: number, dilation: number): bigint {
  const fits = (v: bigint) => v >= INT64_MIN && v <= INT64_MAX;
  const km1 = BigInt(kernel) - ONE;
  const scaled = km1 * BigInt(dilation);
  const size = scaled + ONE;
  torchCheck(
    fits(km1) && fits(scaled) && fits(size),
    () =>
      `effective kernel size overflows, but got kernel_size=${pyIntText(kernel)} and ` +
      `dilation=${pyIntText(dilation)}`,
  );
  return size;
}

export function checkPoolingOutputShapeArgs(kernel: number, pad: number, stride: number, dilation: number): void {
  torchCheck(stride !== 0, () => 'stride should not be zero');
  torchCheck(pad >= 0, () => `pad must be non-negative, but got pad: ${pyIntText(pad)}`);
  // C++ integer division truncates toward zero, as BigInt's does
  torchCheck(
    BigInt(pad) <= effectiveKernelSize(kernel, dilation) / TWO,
    () =>
      `pad should be at most half of effective kernel size, but got pad=${pyIntText(pad)}, ` +
      `kernel_size=${pyIntText(kernel)} and dilation=${pyIntText(dilation)}`,
  );
}
