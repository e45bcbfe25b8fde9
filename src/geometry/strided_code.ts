/**
 * The one generator of the window formulas that shader code evaluates instead of reading tables (webgl's shortcuts,
 * see kernels/webgl/webgl_program.ts and kernels/webgl/max_pool.ts), for both families: an average pool's first
 * padded cell and the outputs covering an input (coveringOutputs of strided_windows.ts); a max pool's first
 * in-bounds tap, tap count and tap positions (maxPoolAxis of axis_table.ts, dilation included). Written once over a
 * small dialect, rendered as GLSL for the shaders and as JavaScript for the test that evaluates the emitted code on
 * every entry of the tables (test/geometry/strided_code.test.ts): what the shader computes is what the tables say.
 *
 * Operands are names or integer literals of the target language; every division has non-negative operands, where
 * GLSL's integer division (truncation) is floor division.
 */
export interface Dialect {
  /** declares an integer variable */
  decl(name: string, value: string): string;
  /** integer division of non-negative operands */
  div(a: string, b: string): string;
  min(a: string, b: string): string;
  /** cond ? a : b */
  select(cond: string, a: string, b: string): string;
}

export const GLSL: Dialect = {
  decl: (name, value) => `int ${name} = ${value};`,
  div: (a, b) => `(${a}) / (${b})`,
  // GLSL ES 1.0 (WebGL1) has no integer min().
  min: (a, b) => `((${a}) < (${b}) ? (${a}) : (${b}))`,
  select: (c, a, b) => `(${c}) ? (${a}) : (${b})`,
};

export const JAVASCRIPT: Dialect = {
  decl: (name, value) => `const ${name} = ${value};`,
  div: (a, b) => `Math.trunc((${a}) / (${b}))`,
  min: (a, b) => `Math.min(${a}, ${b})`,
  select: (c, a, b) => `((${c}) ? (${a}) : (${b}))`,
};

/** Names (or literals) of an axis's strided parameters in the target code. */
export interface StridedNames {
  k: string;
  s: string;
  p: string;
  outSize: string;
}

/** `first = o*s - p`: the first padded cell of output o's window (it reads cells first .. first + k - 1 in [0, L)). */
export function windowFirstCode(x: Dialect, first: string, o: string, w: StridedNames): string {
  return x.decl(first, `${o} * ${w.s} - ${w.p}`);
}

/**
 * `[lo, hi)`: the outputs whose windows hold input i, o*s - p <= i < o*s - p + k, clipped to [0, outSize).
 * lo = ceil((i + p - k + 1) / s) when positive, else 0; hi = min(floor((i + p) / s) + 1, outSize).
 */
export function coveringOutputsCode(x: Dialect, lo: string, hi: string, i: string, w: StridedNames): string {
  const first = `${lo}_first`;
  return [
    x.decl(first, `${i} + ${w.p} - ${w.k} + 1`),
    x.decl(lo, x.select(`${first} <= 0`, '0', x.div(`${first} + ${w.s} - 1`, w.s))),
    x.decl(hi, x.min(`${x.div(`${i} + ${w.p}`, w.s)} + 1`, w.outSize)),
  ].join('\n        ');
}

/** Names (or literals) of a max pool axis's parameters in the target code: kernel, stride, padding, dilation, L. */
export interface DilatedNames {
  k: string;
  s: string;
  p: string;
  d: string;
  L: string;
}

/**
 * `first` and `count` of output o of a max pool axis (the table's start and count), with temporaries suffixed by
 * `tag`; a shader computing them saves the table fetches (on SwiftShader a third of a k3 pool's time):
 *   st = o*s - p;  first = st < 0 ? st + ceil(-st/d)*d : st;  en = min(st + (k-1)*d + 1, L)
 *   count = first < en ? (en - 1 - first)/d + 1 : 0
 */
export function maxWindowCode(
  x: Dialect,
  first: string,
  count: string,
  o: string,
  w: DilatedNames,
  tag: string,
): string {
  const st = `st_${tag}`;
  const en = `en_${tag}`;
  return [
    x.decl(st, `${o} * ${w.s} - ${w.p}`),
    x.decl(first, x.select(`${st} < 0`, `${st} + ${x.div(`${w.d} - 1 - ${st}`, w.d)} * ${w.d}`, st)),
    x.decl(en, x.min(`${st} + (${w.k} - 1) * ${w.d} + 1`, w.L)),
    x.decl(count, x.select(`${first} < ${en}`, `${x.div(`${en} - 1 - ${first}`, w.d)} + 1`, '0')),
  ].join('\n        ');
}

/**
 * Output o's tap number t (0 … k-1), in or out of bounds: o*s - p + t*d (the same text in every dialect). A shader
 * looping t over exactly k taps (a constant trip count) and skipping positions outside [0, L) visits the same taps,
 * in the same order, as the table's start + t*step, t < count.
 */
export function tapPositionCode(o: string, t: string, w: DilatedNames): string {
  return `${o} * ${w.s} - ${w.p} + ${t} * ${w.d}`;
}
