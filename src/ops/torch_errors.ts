/**
 * PyTorch's errors, by type and text, so that a user can search for the message they get. `torchType` is the
 * Python exception class PyTorch raises (RuntimeError, IndexError, ValueError, TypeError, NotImplementedError).
 */
import type {DataType} from '@tensorflow/tfjs-core';

/**
 * The Python exception classes PyTorch raises for bad arguments, as {@link TorchError}'s `name` and `torchType`.
 * @group Errors
 */
export type TorchErrorType =
  | 'RuntimeError'
  | 'IndexError'
  | 'ValueError'
  | 'TypeError'
  | 'NotImplementedError'
  | 'KeyError'
  | 'AttributeError'
  | 'AssertionError';

/**
 * Marks every TorchError, whichever copy of this module made it. A program that loads the package twice (its ESM
 * and its CommonJS build, or two installed copies) has two TorchError classes; `instanceof` asks the class, and
 * the class asks for this brand instead of its own prototype, so an error from either copy is an instance of both.
 * `Symbol.for` gives every copy the same symbol.
 */
const TORCH_ERROR_BRAND = Symbol.for('tfjs-torch-ops.TorchError');

/**
 * The error every op throws on bad input: PyTorch's message, with `name` (and `torchType`) PyTorch's exception
 * class. `err instanceof TorchError` holds across the package's ESM and CommonJS builds.
 *
 * @example
 * ```ts
 * try {
 *   tt.avgPool2d(tf.ones([1, 1, 4, 4]), 0);
 * } catch (e) {
 *   e instanceof tt.TorchError;  // true
 *   e.name;                      // 'RuntimeError'
 *   e.message;                   // 'stride should not be zero', PyTorch's words
 * }
 * ```
 * @group Errors
 */
export class TorchError extends Error {
  constructor(
    readonly torchType: TorchErrorType,
    message: string,
  ) {
    super(message);
    this.name = torchType;
    Object.defineProperty(this, TORCH_ERROR_BRAND, {value: true}); // not enumerable, not writable
  }

  /**
   * `value instanceof TorchError`: true for any error branded by any copy of this class. A subclass keeps the
   * ordinary prototype check (its instances are TorchErrors of that subclass only).
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== TorchError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TORCH_ERROR_BRAND] === true
    );
  }
}

/** TORCH_CHECK: a RuntimeError unless `condition` holds; the message is built only on failure. */
export function torchCheck(condition: boolean, message: () => string, type: TorchErrorType = 'RuntimeError'): void {
  if (!condition) throw new TorchError(type, message());
}

/** How Python prints an int: every digit, also beyond 2^53 (where JavaScript's String rounds to 17 digits). */
export function pyIntText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/** How PyTorch prints sizes in messages: `[1, 0, 4, 4]`. */
export function formatSizes(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * c10's maybe_wrap_dim: a dim in [-rank, rank) becomes non-negative; otherwise PyTorch's IndexError. Reductions
 * wrap a 0-d tensor as if it had rank 1 (`wrapScalar`); `tensor.size(dim)` does not.
 */
export function wrapDim(dim: number, rank: number, wrapScalar = true): number {
  torchCheck(rank > 0 || wrapScalar, () => `Dimension specified as ${dim} but tensor has no dimensions`, 'IndexError');
  const r = Math.max(rank, 1);
  torchCheck(
    dim >= -r && dim < r,
    () => `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${pyIntText(dim)})`,
    'IndexError',
  );
  return dim < 0 ? dim + r : dim;
}

/** PyTorch's scalar type names for the tfjs dtypes (tfjs int32 plays torch.int64, hence 'Long'). */
const TORCH_DTYPE_NAMES: Record<DataType, string> = {
  float32: 'Float',
  int32: 'Long',
  bool: 'Bool',
  complex64: 'ComplexFloat',
  string: 'String',
};

export function torchDtypeName(dtype: DataType): string {
  return TORCH_DTYPE_NAMES[dtype];
}

/** AT_DISPATCH's failure: `"avg_pool2d" not implemented for 'Bool'`. */
export function checkDispatch(kernelLabel: string, dtype: DataType, supported: readonly DataType[]): void {
  torchCheck(
    supported.includes(dtype),
    () => `"${kernelLabel}" not implemented for '${torchDtypeName(dtype)}'`,
    'NotImplementedError',
  );
}

/**
 * The largest output this package allocates, in elements: tfjs indexes tensors with 32-bit integers (typed
 * arrays, wasm32 heaps, shader indices), so a larger output cannot exist whatever the memory (README, Limits).
 */
export const MAX_OUTPUT_ELEMENTS = 2 ** 31 - 1;

const INT64_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/** Bytes per element as PyTorch stores the dtype (tfjs int32 plays torch.int64). */
const TORCH_ITEM_SIZE: Record<DataType, number> = {float32: 4, int32: 8, bool: 1, complex64: 8, string: 8};

/**
 * What PyTorch's allocation of an output of `shape` raises, checked before any work: the element count and byte
 * size in int64 (c10's overflow-checked products), the contiguous strides, then the allocation itself, which this
 * package refuses past MAX_OUTPUT_ELEMENTS with the words of PyTorch's CPU allocator and the size it would take.
 */
export function checkAllocation(shape: readonly number[], dtype: DataType): void {
  let numel = BigInt(1);
  let overflow = false;
  for (const s of shape) {
    numel *= BigInt(s);
    overflow ||= numel > INT64_MAX;
  }
  torchCheck(!overflow, () => 'numel: integer multiplication overflow');
  const bytes = numel * BigInt(TORCH_ITEM_SIZE[dtype]);
  torchCheck(bytes <= INT64_MAX, () => `Storage size calculation overflowed with sizes=${formatSizes(shape)}`);
  let stride = BigInt(1);
  for (let d = shape.length - 1; d > 0; d--) {
    stride *= BigInt(Math.max(shape[d], 1));
    torchCheck(stride <= INT64_MAX, () => 'Stride calculation overflowed');
  }
  checkAllocatable(numel, bytes);
}

/** The allocation itself: refused past MAX_OUTPUT_ELEMENTS with the words of PyTorch's CPU allocator. */
function checkAllocatable(numel: bigint, bytes: bigint): void {
  torchCheck(
    numel <= BigInt(MAX_OUTPUT_ELEMENTS),
    () =>
      "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you " +
      `tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`,
  );
}

/**
 * checkAllocation for an output made by at::empty (the meta functions' set_output) rather than resized: c10's
 * computeStorageNbytesContiguous multiplies the sizes and the item size in uint64 first and refuses more than an
 * int64 can hold with one message, then the allocation.
 */
export function checkEmptyAllocation(shape: readonly number[], dtype: DataType): void {
  const UINT64_MAX = BigInt(2) ** BigInt(64) - BigInt(1);
  let numel = BigInt(1);
  let overflow = false;
  for (const s of shape) {
    numel *= BigInt(s);
    overflow ||= numel > UINT64_MAX;
  }
  const bytes = numel * BigInt(TORCH_ITEM_SIZE[dtype]);
  torchCheck(
    !overflow && bytes <= INT64_MAX,
    () => `Storage size calculation overflowed with sizes=${formatSizes(shape)}`,
  );
  checkAllocatable(numel, bytes);
  // Then the contiguous strides (TensorImpl's empty_tensor_restride): each the product of the later sizes (a 0
  // counted as 1), which an empty tensor's sizes may carry past int64.
  let stride = BigInt(1);
  for (let i = shape.length - 1; i > 0; i--) {
    stride *= BigInt(Math.max(shape[i], 1));
    torchCheck(stride <= INT64_MAX, () => 'Stride calculation overflowed');
  }
}
