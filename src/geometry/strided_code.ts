/**
 * The one generator of the strided-window formulas that shader code evaluates instead of reading tables (webgl's
 * shortcuts, see kernels/webgl/webgl_program.ts): an output's first padded cell, and the outputs covering an input
 * (coveringOutputs of strided_windows.ts). Written once over a small dialect, rendered as GLSL for the shaders and
 * as JavaScript for the test that evaluates the emitted code on every entry of the tables
 * (test/geometry/strided_code.test.ts): what the shader computes is what the tables say.
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
