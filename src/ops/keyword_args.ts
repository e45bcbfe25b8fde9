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

export function rejectUnknownKeywords(fn: string, options: object | undefined | null, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  // A stray positional value (`avgPool2d(x, 3, 2)` for PyTorch's positional stride) would otherwise be read as an
  // object without keys, and be silently ignored.
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TorchError('TypeError', `${fn}() takes its keyword arguments as one object ({${allowed.join(', ')}}), ` +
                                          `not ${pyTypeName(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    throw new TorchError('TypeError', `${fn}() got an unexpected keyword argument '${key}'` +
                                          (near === null ? '' : `; did you mean '${near}'?`));
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
