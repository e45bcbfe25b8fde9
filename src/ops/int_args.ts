/**
 * Python-side parsing of PyTorch's `int[N]` arguments, in JavaScript form: a number, an array of numbers, or
 * (where PyTorch allows None / an empty tuple) null, undefined or []. The length checks are the ops' own,
 * because PyTorch words them per op.
 */
import {TorchError} from './torch_errors';

/**
 * PyTorch's `int` or `int[N]` argument (`kernel_size`, `stride`, `padding`, `dim`…): one number for every axis, or
 * one
 * per axis (a JavaScript array for a Python tuple).
 * @group Options
 */
export type IntOrInts = number | readonly number[];

/**
 * The first step of PyTorch's argument parsing for an `int[N]` argument: whether its type matches (every argument
 * is matched before any is unpacked). A tuple matches when it is empty or its first element is an int; later
 * elements are only checked when unpacked (`unpackIntList`). `position` is the argument's place in PyTorch's
 * positional call (input is 1), given for arguments passed positionally (kernel_size, output_size): PyTorch words
 * their errors differently from keyword arguments'.
 */
export function matchIntList(value: IntOrInts | null | undefined, op: string, arg: string, position?: number): void {
  if (value === null || value === undefined) return;
  const name = `${op}(): argument '${arg}'${position === undefined ? '' : ` (position ${position})`}`;
  if (typeof value === 'number') {
    checkInt(value, () => `${name} must be tuple of ints, not ${pyTypeName(value)}`);
    return;
  }
  if (!Array.isArray(value))
    throw new TorchError('TypeError', `${name} must be tuple of ints, not ${pyTypeName(value)}`);
  if (value.length > 0 && !isPyInt(value[0])) {
    throw new TorchError(
      'TypeError',
      position === undefined
        ? `${name} must be tuple of ints, not tuple`
        : `${name} must be tuple of ints, but found element of type ${pyTypeName(value[0])} at pos 0`,
    );
  }
}

/** Both steps for one argument, where no other argument's parsing comes between (matchIntList, unpackIntList). */
export function intList(value: IntOrInts | null | undefined, op: string, arg: string, position?: number): number[] {
  matchIntList(value, op, arg, position);
  return unpackIntList(value, op, arg);
}

/** A JavaScript value Python would see as an int (not a bool, which PyTorch's int check refuses). */
function isPyInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * The second step: each element unpacked into an int64, in order (an index loop: an array hole is an element,
 * Python's None). A bool unpacks as 0 or 1; anything else that is not an int, or an int outside int64, is
 * PyTorch's TypeError naming its 1-based position.
 */
export function unpackIntList(value: IntOrInts | null | undefined, op: string, arg: string): number[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'number') {
    unpackInt64(value, op, arg);
    return [value];
  }
  const list: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    const fail = (why: string) =>
      new TorchError(
        'TypeError',
        `${op}(): argument '${arg}' failed to unpack the object at pos ${i + 1} with error "${why}"`,
      );
    if (typeof v === 'boolean') {
      list.push(Number(v));
      continue;
    }
    if (!isPyInt(v)) throw fail(`type must be tuple of ints,but got ${pyTypeName(v)}`);
    if (v < -INT64_BOUND || v >= INT64_BOUND) throw fail('Overflow when unpacking long long');
    list.push(v);
  }
  return list;
}

/** Python ints that fit PyTorch's int64 arguments: [-2^63, 2^63). */
const INT64_BOUND = 2 ** 63;

/** A scalar int argument unpacked into an int64: outside it, PyTorch's ValueError. Lists: `unpackIntList`. */
export function unpackInt64(value: IntOrInts | null | undefined, op: string, arg: string): void {
  if (typeof value === 'number' && (value < -INT64_BOUND || value >= INT64_BOUND)) {
    throw new TorchError('ValueError', 'Overflow when unpacking long long');
  }
  if (Array.isArray(value)) unpackIntList(value, op, arg);
}

/** c10's safe_downcast<int, int64_t>, which ATen applies to the pools' kernel sizes, strides and paddings. */
export function checkInt32(value: number): void {
  if (value < -(2 ** 31) || value >= 2 ** 31) {
    throw new TorchError('RuntimeError', 'value cannot be converted to type int without overflow');
  }
}

export function checkInt(value: unknown, message: () => string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TorchError('TypeError', message());
}

export function checkBool(value: unknown, op: string, arg: string, position?: number): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TorchError(
      'TypeError',
      `${op}(): argument '${arg}'${position === undefined ? '' : ` (position ${position})`} ` +
        `must be bool, not ${pyTypeName(value)}`,
    );
  }
}

/**
 * Python's truth value of a JavaScript value as PyTorch's Python layer would receive it (`if flag:`): None, 0,
 * empty strings, tuples and dicts are false; NaN is true.
 */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The Python type name PyTorch would print for a JavaScript value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  // JavaScript arrays stand for Python tuples throughout the API, plain objects for dicts.
  if (Array.isArray(value)) return 'tuple';
  if (typeof value === 'object') return 'dict';
  return typeof value;
}
