/**
 * Python's repr of the values torch.nn pooling modules print: ints, tuples (JS arrays), None, and what a module
 * stores unchecked, as PyTorch does (`nn.MaxPool2d({'kernelSize': 3})` prints its dict; forward then fails): plain
 * objects as dicts, strings quoted.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'object' && !Array.isArray(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  if (Array.isArray(value)) {
    const items = value.map(pyRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return String(value);
}

/** `Name(key=value, ...)`, as torch.nn.Module.__repr__ prints a module with no children. */
export function moduleRepr(name: string, fields: Array<[string, unknown]>): string {
  return `${name}(${fields.map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ')})`;
}

/** How PyTorch prints a shape in messages: `torch.Size([10, 512])`. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/**
 * Python's repr of a float: the shortest digits that read back the same (as JavaScript's), written with an
 * exponent when the decimal exponent is below -4 or at least 16 (`1e-05`, `0.0001`, `1.0`).
 */
export function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = value.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
