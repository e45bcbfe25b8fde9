/**
 * Python's check on keyword arguments, for the options objects that stand in for them: a key the function does not
 * take is a TypeError, `avg_pool2d() got an unexpected keyword argument 'ceilmode'`, as Python raises. Without it a
 * typo in plain JavaScript (`{ceilmode: true}`) would silently run with the default. The key is named as the user
 * wrote it; when a valid name is close (a typo, a different case, PyTorch's snake_case), the message ends with a
 * suggestion after PyTorch's words.
 *
 * Ops pass their function name (`avg_pool2d`), modules `AvgPool2d.__init__`, as Python names them.
 */
import {pyTypeName} from './int_args';
import {TorchError} from './torch_errors';

export function rejectUnknownKeywords(
  fn: string,
  options: object | undefined | null,
  allowed: readonly string[],
): void {
  if (options === undefined || options === null) return;
  // A stray positional value (`avgPool2d(x, 3, 2)` for PyTorch's positional stride) would otherwise be read as an
  // object without keys, and be silently ignored.
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TorchError(
      'TypeError',
      `${fn}() takes its keyword arguments as one object ({${allowed.join(', ')}}), ` + `not ${pyTypeName(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    throw new TorchError(
      'TypeError',
      `${fn}() got an unexpected keyword argument '${key}'` + (near === null ? '' : `; did you mean '${near}'?`),
    );
  }
}

/** The allowed name closest to `key` (case, underscores and up to a third of the letters ignored), if any. */
function nearestName(key: string, allowed: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '');
  const k = norm(key);
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(k.length / 3)) + 1;
  for (const name of allowed) {
    const d = editDistance(k, norm(name));
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Python's check on the number of positional arguments: `adaptive_avg_pool2d() takes 2 positional arguments but 3
 * were given`, a TypeError. `extra` holds the arguments past the function's last parameter (a rest parameter of
 * the public function), `min`/`max` the counts it takes: the JavaScript signature's, which for a module's
 * `__init__` include `self`, as Python counts. Without it a stray argument would be silently ignored.
 */
export function rejectExtraArguments(fn: string, extra: readonly unknown[], min: number, max: number): void {
  // trailing undefined: not passed, as JavaScript treats a missing argument
  let given = extra.length;
  while (given > 0 && extra[given - 1] === undefined) given--;
  if (given === 0) return;
  const takes =
    min === max ? `${max} positional argument${max === 1 ? '' : 's'}` : `from ${min} to ${max} positional arguments`;
  throw new TorchError('TypeError', `${fn}() takes ${takes} but ${max + given} were given`);
}

/**
 * A module constructor given its keyword arguments as one object (`new nn.MaxPool2d(2, {ceilMode: true})`) and
 * then more arguments: Python cannot pass a positional argument after keywords, so this is its complaint, as a
 * TypeError (Python reports it when parsing the call).
 */
export function rejectArgumentsAfterOptions(after: readonly unknown[]): void {
  if (after.some(v => v !== undefined)) {
    throw new TorchError('TypeError', 'positional argument follows keyword argument');
  }
}

/**
 * For a function with no options object (`adaptive_avg_pool2d(input, output_size)`, `AdaptiveAvgPool2d(output_size)`):
 * a trailing plain object stands for keyword arguments, so its keys are named as unknown keywords (`keywords` are
 * the ones it takes, none so far); any other trailing argument is an extra positional one. `count` counts the
 * parameters (and `self` for an `__init__`).
 */
export function rejectKeywordsOrExtra(
  fn: string,
  extra: readonly unknown[],
  count: number,
  keywords: readonly string[],
): void {
  const [first] = extra;
  if (extra.length === 1 && typeof first === 'object' && first !== null && !Array.isArray(first)) {
    rejectUnknownKeywords(fn, first, keywords);
    return;
  }
  rejectExtraArguments(fn, extra, count, count);
}
