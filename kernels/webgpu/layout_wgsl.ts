/**
 * The memory layout (src/geometry/memory_layout.ts) in the webgpu shaders: every program that maps its output index
 * to (plane, cell) or reads a tensor at (plane, cell) takes the call's layout and emits the addressing through these
 * helpers, whose expressions come from the one generator (src/geometry/layout_code.ts, tested against
 * PlaneAddressing). The window formulas around them are the same for both layouts.
 *
 * C travels as one more uniform (`channels`, appended to a channels-last program's uniforms), so the shader text
 * depends on the layout only, which its shader key names (layoutKey).
 */
import {
  MemoryLayout,
  WGSL_LAYOUT,
  cellOffsetCode,
  cellStrideCode,
  planeBaseCode,
  planeCellCode,
} from '../../src/geometry';
import {ShaderLayout, callLayout} from '../shared/call_layout';
import type {ProgramUniforms} from './program';

export {callLayout};

/** The uniform declaration a program of `layout` appends to its own (none channels-first). */
export function layoutUniformDecl(layout: MemoryLayout): string {
  return layout === 'channelsFirst' ? '' : ' channels : i32,';
}

/** Its value, appended to the program's uniform values. */
export function layoutUniforms(call: ShaderLayout): ProgramUniforms {
  return call.layout === 'channelsFirst' ? [] : [{type: 'int32', data: [call.channels]}];
}

/** The shader key's suffix: the shader text differs by layout. */
export function layoutKey(layout: MemoryLayout): string {
  return layout === 'channelsFirst' ? '' : '_channelsLast';
}

const names = (planeSize: string) => ({channels: 'uniforms.channels', planeSize});

/** WGSL expression: the offset of cell 0 of plane `p` in a tensor of `planeSize` cells per plane. */
export function planeBase(layout: MemoryLayout, p: string, planeSize: string): string {
  return planeBaseCode(WGSL_LAYOUT, layout, names(planeSize), p);
}

/** WGSL expression: a cell's distance from its plane's base (`cell`, or `cell · C` channels-last). */
export function cellOffset(layout: MemoryLayout, cell: string): string {
  return cellOffsetCode(layout, names(''), cell);
}

/** WGSL expression: the distance between neighbouring cells of a plane. */
export function cellStride(layout: MemoryLayout): string {
  return cellStrideCode(layout, names(''));
}

/** WGSL statements declaring `plane` and `cell` of the stored flat index `flat` (planes of `planeSize` cells). */
export function planeCell(layout: MemoryLayout, flat: string, planeSize: string, plane: string, cell: string): string {
  return planeCellCode(WGSL_LAYOUT, layout, names(planeSize), flat, plane, cell);
}

/**
 * WGSL `fn name(index) -> vec4<i32>`: (plane, c0, c1, c2) of the stored flat index of a tensor with per-axis sizes
 * `sizes` (a vec3<i32> expression). Channels-first: `channelsFirst`, the program's own split, unchanged.
 */
export function splitStored(layout: MemoryLayout, name: string, sizes: string, channelsFirst: string): string {
  if (layout === 'channelsFirst') return channelsFirst;
  return `
      fn ${name}(index : i32) -> vec4<i32> {
        let s = ${sizes};
        ${planeCell(layout, 'index', 's.x * s.y * s.z', 'p', 'cell')}
        return vec4<i32>(p, cell / (s.y * s.z), (cell / s.z) % s.y, cell % s.z);
      }`;
}
