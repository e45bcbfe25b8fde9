/**
 * The one generator of the plane addressing (memory_layout.ts PlaneAddressing) that shader code evaluates: where
 * cell `cell` of plane `p` lives, `planeBase(p) + cell·cellStride`, and the inverse, which (plane, cell) a stored
 * flat index holds. Written once over a small dialect and rendered as GLSL (webgl), WGSL (webgpu) and JavaScript,
 * the last for the test that evaluates the emitted code against PlaneAddressing on many shapes
 * (test/geometry/layout_code.test.ts): what a shader addresses is what the layout says.
 *
 * Operands are names or integer literals of the target language (`channels` is C, `planeSize` the cells of a
 * plane); every division and remainder has non-negative operands, where integer division truncates in all three.
 */
import type {MemoryLayout} from './memory_layout';

export interface LayoutDialect {
  /** declares an integer variable */
  decl(name: string, value: string): string;
  /** integer division of non-negative operands */
  div(a: string, b: string): string;
  /** remainder of non-negative operands */
  mod(a: string, b: string): string;
}

/** GLSL ES 1.0 has no integer %: tfjs's shaders define `imod` in both WebGL versions. */
export const GLSL_LAYOUT: LayoutDialect = {
  decl: (name, value) => `int ${name} = ${value};`,
  div: (a, b) => `(${a}) / (${b})`,
  mod: (a, b) => `imod(${a}, ${b})`,
};

export const WGSL_LAYOUT: LayoutDialect = {
  decl: (name, value) => `let ${name} = ${value};`,
  div: (a, b) => `(${a}) / (${b})`,
  mod: (a, b) => `(${a}) % (${b})`,
};

export const JAVASCRIPT_LAYOUT: LayoutDialect = {
  decl: (name, value) => `const ${name} = ${value};`,
  div: (a, b) => `Math.trunc((${a}) / (${b}))`,
  mod: (a, b) => `((${a}) % (${b}))`,
};

/** Names (or literals) of a tensor's addressing parameters in the target code. */
export interface LayoutNames {
  /** C: planes per batch entry */
  channels: string;
  /** cells per plane */
  planeSize: string;
}

/** Expression: the flat offset of cell 0 of plane `plane` (PlaneAddressing.planeBase). */
export function planeBaseCode(x: LayoutDialect, layout: MemoryLayout, n: LayoutNames, plane: string): string {
  if (layout === 'channelsFirst') return `(${plane}) * (${n.planeSize})`;
  // p = b·C + c lives at (b·P + cell)·C + c
  return `${x.div(plane, n.channels)} * (${n.planeSize}) * (${n.channels}) + ${x.mod(plane, n.channels)}`;
}

/** Expression: the distance between neighbouring cells of a plane (PlaneAddressing.cellStride). */
export function cellStrideCode(layout: MemoryLayout, n: LayoutNames): string {
  return layout === 'channelsFirst' ? '1' : n.channels;
}

/** Expression: `cell` scaled by the cell stride (the cell's distance from its plane's base). */
export function cellOffsetCode(layout: MemoryLayout, n: LayoutNames, cell: string): string {
  return layout === 'channelsFirst' ? `(${cell})` : `(${cell}) * (${n.channels})`;
}

/**
 * Expression: S, how many planes further lies the cell P cells (a whole plane's worth) past a cell of a plane:
 * planeBase(p + S) = planeBase(p) + P·cellStride, S = 1 channels-first, C channels-last (the same channel of the
 * next batch entry). Where max pooling's index of a padding-only window points past its plane (stray_gradients.ts
 * counts such targets in whole planes, `back`), PyTorch adds the gradient at planeBase(p) + index·cellStride, which
 * is `back · S` planes further in the layout.
 */
export function planeStrideCode(layout: MemoryLayout, n: LayoutNames): string {
  return layout === 'channelsFirst' ? '1' : n.channels;
}

/** Expression: the flat offset of (plane, cell), planeBase(plane) + cell·cellStride. */
export function planeOffsetCode(
  x: LayoutDialect,
  layout: MemoryLayout,
  n: LayoutNames,
  plane: string,
  cell: string,
): string {
  return `${planeBaseCode(x, layout, n, plane)} + ${cellOffsetCode(layout, n, cell)}`;
}

/**
 * Statements declaring `plane` and `cell`: the (plane, cell) whose offset is the stored flat index `flat` (the
 * inverse of planeOffsetCode). channels-last: flat = (b·P + cell)·C + c, plane = b·C + c.
 */
export function planeCellCode(
  x: LayoutDialect,
  layout: MemoryLayout,
  n: LayoutNames,
  flat: string,
  plane: string,
  cell: string,
): string {
  if (layout === 'channelsFirst') {
    return [x.decl(plane, x.div(flat, n.planeSize)), x.decl(cell, x.mod(flat, n.planeSize))].join('\n        ');
  }
  const spot = `${cell}_spot`; // b·P + cell
  return [
    x.decl(spot, x.div(flat, n.channels)),
    x.decl(plane, `${x.div(spot, n.planeSize)} * (${n.channels}) + ${x.mod(flat, n.channels)}`),
    x.decl(cell, x.mod(spot, n.planeSize)),
  ].join('\n        ');
}
