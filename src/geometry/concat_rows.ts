/**
 * A concatenation along `axis` as rows: every input is `rows` rows (the product of the sizes before the axis) of
 * `widths[i]` elements (the product of its sizes from the axis on), and the output's row r is the inputs' rows r
 * side by side, `total` elements. The wasm backend's nn.functional.cat copies it so (kernels/wasm/concat.ts).
 */
export interface ConcatRows {
  rows: number;
  widths: number[];
  total: number;
}

export function concatRows(shapes: readonly (readonly number[])[], axis: number): ConcatRows {
  const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const rows = product(shapes[0].slice(0, axis));
  const widths = shapes.map(s => product(s.slice(axis)));
  return {rows, widths, total: widths.reduce((a, b) => a + b, 0)};
}
