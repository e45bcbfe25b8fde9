/**
 * The one place a max pool's window formula is written for a shader: a plain (non-adaptive) max pool's windows are
 * strided, so a shader can compute output o's first in-bounds tap and tap count instead of fetching them from the
 * tables (on SwiftShader the fetches cost a k3 pool about a third of its time). The statements emitted here are
 * evaluated against src/geometry's maxPoolAxis tables for many geometries by test/kernels/max_window_formula.test.ts
 * (as JavaScript: the text is the same but for the declaration keyword), so the formula cannot drift from the tables.
 *
 *   st = o*s - p;  first = st < 0 ? st + ceil(-st/d)*d : st;  en = min(st + (k-1)*d + 1, L)
 *   count = first < en ? (en - 1 - first)/d + 1 : 0
 *
 * Every division has non-negative operands, so C-like truncating division is floor division; `divNN` is defined per
 * language (GLSL: `/`; JavaScript: Math.floor of the quotient). No integer min (GLSL ES 1.0 has none): a ternary.
 */

export interface MaxAxisParams {
  /** expressions (GLSL/JS integer literals or names) for the kernel size, stride, padding, dilation, input length */
  k: string;
  s: string;
  p: string;
  d: string;
  L: string;
}

/**
 * Statements declaring `<first>` and `<count>` for output `o` of an axis with parameters `a`. `decl` is the
 * declaration keyword ('int' for GLSL, 'let' for JavaScript); temporaries are suffixed with `tag`.
 */
export function maxWindowStatements(
  decl: 'int' | 'let',
  o: string,
  a: MaxAxisParams,
  first: string,
  count: string,
  tag: string,
): string {
  const st = `st_${tag}`,
    en = `en_${tag}`;
  return [
    `${decl} ${st} = ${o} * ${a.s} - ${a.p};`,
    `${decl} ${first} = ${st} < 0 ? ${st} + divNN(${a.d} - 1 - ${st}, ${a.d}) * ${a.d} : ${st};`,
    `${decl} ${en} = ${st} + (${a.k} - 1) * ${a.d} + 1;`,
    `${en} = ${en} < ${a.L} ? ${en} : ${a.L};`,
    `${decl} ${count} = ${first} < ${en} ? divNN(${en} - 1 - ${first}, ${a.d}) + 1 : 0;`,
  ].join('\n        ');
}

/**
 * The expression of output `o`'s tap number `t` (0 … k-1) along an axis, in or out of bounds: o*s - p + t*d. A
 * shader looping t over exactly k taps (a constant trip count) and skipping positions outside [0, L) visits the
 * same taps, in the same order, as the tables' first + t*step, t < count.
 */
export function maxTapExpression(o: string, t: string, a: MaxAxisParams): string {
  return `${o} * ${a.s} - ${a.p} + ${t} * ${a.d}`;
}

/** GLSL definition of divNN (non-negative operands: truncation is floor). */
export const DIV_NN_GLSL = `
  int divNN(int a, int b) {
    return a / b;
  }
`;
