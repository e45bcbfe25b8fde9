/**
 * Python rejects a keyword argument a function does not declare; the JavaScript options object is where keyword
 * arguments live here, so a misspelt option (`{ceil_mode: true}`) fails loudly instead of being ignored.
 */
import {TorchError} from './torch_errors';

/** Rejects option keys the PyTorch function does not take, as Python does for unknown keyword arguments. */
export function rejectUnknownKeywords(fn: string, options: object | undefined | null, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TorchError('TypeError', `${fn}() got an unexpected keyword argument '${key}'`);
  }
}
