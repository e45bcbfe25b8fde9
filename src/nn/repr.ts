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
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
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
