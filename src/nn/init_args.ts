/**
 * The arguments of a pooling module's constructor after its required ones, as PyTorch's `__init__` would receive
 * them: every keyword argument as one object (`new nn.MaxPool2d(3, {stride: 2})`), after which nothing may follow,
 * or the positional parameters in PyTorch's order (`new nn.MaxPool2d(3, 2)`), at most as many as it has. An unknown
 * key or a stray argument is PyTorch's TypeError naming the `__init__` Python would name (`_MaxPoolNd.__init__`).
 */
import {rejectArgumentsAfterOptions, rejectExtraArguments, rejectUnknownKeywords} from '../ops/keyword_args';

export function isOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `rest`: the arguments after the `required` ones; `names`: the optional parameters, camelCase, in PyTorch's order.
 * Returns them as one keyword object (a positional undefined is left out: the default applies).
 */
export function initArgs<O extends object>(init: string, required: number, rest: readonly unknown[],
                                           names: ReadonlyArray<keyof O & string>): O {
  const [first, ...after] = rest;
  if (isOptions(first)) {
    rejectUnknownKeywords(init, first, names);
    rejectArgumentsAfterOptions(after);
    return first as O;
  }
  // Python counts self: required + 1 to required + 1 + the optional parameters
  rejectExtraArguments(init, rest.slice(names.length), required + 1, required + 1 + names.length);
  const o: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (rest[i] !== undefined) o[name] = rest[i];
  });
  return o as O;
}
