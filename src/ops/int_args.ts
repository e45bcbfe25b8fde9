/**
 * Python-side parsing of PyTorch's `int[N]` arguments, in JavaScript form: a number, an array of numbers, or
 * (where PyTorch allows None / an empty tuple) null, undefined or []. The length checks are the ops' own,
 * because PyTorch words them per op.
 */
import {TorchError} from './torch_errors';

export type IntOrInts = number | readonly number[];

/**
 * `position` is the argument's place in PyTorch's positional call (input is 1); PyTorch names it in messages for
 * arguments passed positionally, as kernel_size and output_size are. Keyword arguments (the options) have none.
 */
export function intList(
    value: IntOrInts | null | undefined, op: string, arg: string, position?: number): number[] {
  if (value === null || value === undefined) return [];
  const name = `${op}(): argument '${arg}'${position === undefined ? '' : ` (position ${position})`}`;
  if (typeof value === 'number') {
    checkInt(value, () => `${name} must be tuple of ints, not ${pyTypeName(value)}`);
    return [value];
  }
  if (!Array.isArray(value)) throw new TorchError('TypeError', `${name} must be tuple of ints, not ${pyTypeName(value)}`);
  return value.map((v, i) => {
    checkInt(v, () => `${name} must be tuple of ints, but found element of type ${pyTypeName(v)} at pos ${i}`);
    return v;
  });
}

export function checkInt(value: unknown, message: () => string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TorchError('TypeError', message());
}

export function checkBool(value: unknown, op: string, arg: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TorchError('TypeError', `${op}(): argument '${arg}' must be bool, not ${pyTypeName(value)}`);
  }
}

/** The Python type name PyTorch would print for a JavaScript value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}
