/**
 * The arguments of a module's constructor after its required ones, as PyTorch's `__init__` would receive
 * them: every keyword argument as one object (`new nn.MaxPool2d(3, {stride: 2})`), after which nothing may follow,
 * or the positional parameters in PyTorch's order (`new nn.MaxPool2d(3, 2)`), at most as many as it has. An unknown
 * key or a stray argument is PyTorch's TypeError naming the `__init__` Python would name (`_MaxPoolNd.__init__`).
 */
import {rejectArgumentsAfterOptions, rejectExtraArguments, rejectUnknownKeywords} from '../ops/keyword_args';
import {TorchError} from '../ops/torch_errors';

/** An object literal (`{...}`), not an array, Map, Set, Module or other class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `rest`: the arguments after the `required` ones; `names`: the optional parameters, camelCase, in PyTorch's order
 * (`device`/`dtype` included where PyTorch has them, so the counts are PyTorch's; see rejectDeviceDtype);
 * `keywordOnly`: those after PyTorch's `*` (an options key, never a position). Returns them as one keyword object
 * (a positional undefined is left out: the default applies).
 */
export function initArgs<O extends object>(
  init: string,
  required: number,
  rest: readonly unknown[],
  names: ReadonlyArray<keyof O & string>,
  keywordOnly: ReadonlyArray<keyof O & string> = [],
): O {
  const [first, ...after] = rest;
  if (isOptions(first)) {
    rejectUnknownKeywords(init, first, [...names, ...keywordOnly]);
    rejectArgumentsAfterOptions(after);
    rejectDeviceDtype(init, first);
    return first as O;
  }
  // Python counts self: required + 1 to required + 1 + the optional parameters
  rejectExtraArguments(init, rest.slice(names.length), required + 1, required + 1 + names.length);
  const o: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (rest[i] !== undefined) o[name] = rest[i];
  });
  rejectDeviceDtype(init, o);
  return o as O;
}

/**
 * PyTorch's `device` and `dtype` factory arguments: the kit's parameters live on the tfjs backend as float32, so
 * only PyTorch's default (None) is taken; anything else is a TypeError rather than a silently ignored request.
 */
function rejectDeviceDtype(init: string, o: Record<string, unknown>): void {
  for (const key of ['device', 'dtype']) {
    if (o[key] !== undefined && o[key] !== null) {
      throw new TorchError(
        'TypeError',
        `${init}() argument '${key}' must be None: the kit's modules keep their ` +
          'parameters on the tfjs backend as float32',
      );
    }
  }
}
