/**
 * The memory layout (src/geometry/memory_layout.ts) in the webgl shaders: every program that maps its output index to
 * (plane, cell) or reads a tensor at (plane, cell) takes a GlslLayout and emits the addressing through these helpers,
 * whose expressions come from the one generator (src/geometry/layout_code.ts, tested against PlaneAddressing). The
 * window formulas around them are the same for both layouts; only where a (plane, cell) lives changes.
 *
 * Sizes are uniforms (webgl_program.ts: one compile per program variant, not per shape), C too: `layoutC`, which
 * every program taking a GlslLayout declares (LAYOUT_UNIFORM) and sets (layoutValue).
 */
import {GLSL_LAYOUT, cellOffsetCode, planeBaseCode, planeCellCode} from '../../src/geometry';
import {CHANNELS_FIRST, ShaderLayout, callLayout} from '../shared/call_layout';
import {CustomUniforms, splitIndex} from './webgl_program';

/** A tensor's layout as a shader sees it: the order (a program variant), and C (the uniform `layoutC`). */
export type GlslLayout = ShaderLayout;
export {CHANNELS_FIRST, callLayout};

/** The uniform holding C, declared by every program that addresses a tensor through a GlslLayout. */
export const LAYOUT_UNIFORM: CustomUniforms = [{name: 'layoutC', type: 'int'}];

/** The value of LAYOUT_UNIFORM for a call (uniformValues' record entry). */
export const layoutValue = (l: GlslLayout) => ({layoutC: [l.channels]});

const names = (planeSize: string) => ({channels: 'layoutC', planeSize});

/** GLSL expression: the offset of cell 0 of plane `p` in a tensor of `planeSize` cells per plane. */
export function planeBase(l: GlslLayout, p: string, planeSize: string): string {
  return planeBaseCode(GLSL_LAYOUT, l.layout, names(planeSize), p);
}

/** GLSL expression: a cell's distance from its plane's base (`cell`, or `cell · C` channels-last). */
export function cellOffset(l: GlslLayout, cell: string): string {
  return cellOffsetCode(l.layout, names(''), cell);
}

/** GLSL statements declaring `plane` and `cell` of the stored flat index `flat` (planes of `planeSize` cells). */
export function planeCell(l: GlslLayout, flat: string, planeSize: string, plane: string, cell: string): string {
  return planeCellCode(GLSL_LAYOUT, l.layout, names(planeSize), flat, plane, cell);
}

/**
 * GLSL splitting the stored flat index `flat` of a tensor with per-axis sizes `size` (an ivec3 uniform) into plane
 * and per-axis coordinates `p, c0, c1, c2`. Channels-first it is splitIndex's text, unchanged.
 */
export function splitStored(l: GlslLayout, flat: string, size: string, coords: [string, string, string, string]) {
  if (l.layout === 'channelsFirst') return splitIndex(flat, size, coords);
  const [p, c0, c1, c2] = coords;
  const cell = `${p}Cell`;
  return `
    ${planeCell(l, flat, `${size}.x * ${size}.y * ${size}.z`, p, cell)}
    int ${c2} = imod(${cell}, ${size}.z);
    int ${c1} = ${cell} / ${size}.z;
    int ${c0} = ${c1} / ${size}.y;
    ${c1} = imod(${c1}, ${size}.y);`;
}
