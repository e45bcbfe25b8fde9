/**
 * JSON form of the JavaScript argument values a user can pass (and JSON cannot hold), shared by the property
 * test's sampler, the fixture generator (test/fixtures/generate.py decodes the same tags into the Python values
 * PyTorch receives) and the fixture runner. Tagged values are `{"$js": tag, "value"?: ...}`:
 *
 *   NaN, Infinity, -Infinity      → float('nan'), ±float('inf')
 *   -0                            → 0 (a JS integer: the ops read it as int 0)
 *   an integer beyond 2^53        → {"$js": "int", "value": "<exact decimal>"} → Python int
 *   undefined, an array hole      → None (the ops read both as Python's None)
 *   a plain object as a value     → {"$js": "object", "value": {...}} → dict
 */
export type Tagged = {$js: string; value?: unknown};

export function encodeJs(v: unknown): unknown {
  if (v === undefined) return {$js: 'undefined'};
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return {$js: 'NaN'};
    if (v === Infinity) return {$js: 'Infinity'};
    if (v === -Infinity) return {$js: '-Infinity'};
    if (Object.is(v, -0)) return {$js: '-0'};
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return {$js: 'int', value: BigInt(v).toString()};
    return v;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(i in v ? encodeJs(v[i]) : {$js: 'hole'});
    return out;
  }
  if (v !== null && typeof v === 'object') {
    return {$js: 'object', value: Object.fromEntries(Object.entries(v).map(([k, e]) => [k, encodeJs(e)]))};
  }
  return v;
}

export function decodeJs(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    v.forEach((e, i) => {
      if (!isTag(e, 'hole')) out[i] = decodeJs(e);
    });
    return out;
  }
  if (v !== null && typeof v === 'object' && '$js' in v) {
    const t = v as Tagged;
    switch (t.$js) {
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case '-0':
        return -0;
      case 'int':
        return Number(t.value as string);
      case 'undefined':
        return undefined;
      case 'object':
        return Object.fromEntries(Object.entries(t.value as object).map(([k, e]) => [k, decodeJs(e)]));
      default:
        throw new Error(`unknown JS value tag ${t.$js}`);
    }
  }
  return v;
}

/** An options object: its keys as they are, its values decoded. */
export function decodeOptions(o: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return o === undefined ? undefined : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeJs(v)]));
}

export function encodeOptions(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encodeJs(v)]));
}

function isTag(v: unknown, tag: string): boolean {
  return v !== null && typeof v === 'object' && (v as Tagged).$js === tag;
}
