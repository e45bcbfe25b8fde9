/**
 * WGSL shared by the webgpu kernels of the max-pooling family: the packed tables of src/geometry/packed_tables.ts (packMaxTables)
 * (one int32 buffer `tbl`; sizes, steps and offsets as uniforms, so the shader text depends on no size) and the one
 * bounded loop every program of the family runs.
 */
import {AxisSection, MAX_WINDOW_ELEMENTS, PackedMaxTables, sectionOffsetCode} from '../../src/geometry';
import type {ProgramUniforms} from './program';

/** Uniform declarations of the table-reading programs (order: maxUniforms). */
export const MAX_UNIFORMS =
  'inSize : vec3<i32>, outSize : vec3<i32>, step : vec3<i32>, base : vec3<i32>, ' + 'passStart : i32,';

export function maxUniforms(t: PackedMaxTables, passStart: number): ProgramUniforms {
  return [
    {type: 'int32', data: t.inSize},
    {type: 'int32', data: t.outSize},
    {type: 'int32', data: t.step},
    {type: 'int32', data: t.base},
    {type: 'int32', data: [passStart]},
  ];
}

/** A WGSL function reading `section` of axis d's tables at entry `at`, at the one layout's generated offset. */
const tableFn = (name: string, section: AxisSection, at: string) =>
  `fn ${name}(d : i32, ${at} : i32) -> i32 {
        return tbl[uniforms.base[d] + ${sectionOffsetCode(section, 'uniforms.outSize[d]', 'uniforms.inSize[d]')} + ${at}];
      }`;

/** WGSL reading axis d's tables: an output's first tap and tap count, an input's covering outputs. */
export const MAX_TABLE_SNIPPET = `
      ${tableFn('tapFirst', 'start', 'o')}
      ${tableFn('tapCount', 'count', 'o')}
      ${tableFn('coverStart', 'gradStart', 'i')}
      ${tableFn('coverEnd', 'gradEnd', 'i')}`;

/**
 * WGSL visiting, in row-major order, the points a + t*st (t < n, per component) of a box whose flat position
 * ((t0*n1 + t1)*n2 + t2) lies in this pass's chunk [passStart, passStart + MAX_WINDOW_ELEMENTS). `body` sees the
 * point as j (vec3<i32>). One loop with carries, so that a chunk may start and end anywhere in the box and no
 * invocation runs more than MAX_WINDOW_ELEMENTS iterations. a, st, n: vec3<i32> expressions.
 */
export function chunkLoop(a: string, st: string, n: string, body: string): string {
  return `
          {
            let a = ${a};
            let st = ${st};
            let n = ${n};
            let total = n.x * n.y * n.z;
            if (uniforms.passStart < total) {
              var t = vec3<i32>(uniforms.passStart / (n.y * n.z), (uniforms.passStart / n.z) % n.y,
                                uniforms.passStart % n.z);
              var j = a + t * st;
              let steps = min(total - uniforms.passStart, ${MAX_WINDOW_ELEMENTS});
              for (var k = 0; k < steps; k++) {
                ${body}
                t.z = t.z + 1;
                j.z = j.z + st.z;
                if (t.z == n.z) {
                  t.z = 0;
                  j.z = a.z;
                  t.y = t.y + 1;
                  j.y = j.y + st.y;
                  if (t.y == n.y) {
                    t.y = 0;
                    j.y = a.y;
                    j.x = j.x + st.x;
                  }
                }
              }
            }
          }`;
}

/**
 * WGSL visiting the same points as chunkLoop when the whole box fits in one pass (at most MAX_WINDOW_ELEMENTS
 * points): three nested loops, without the carries and the split of passStart.
 */
export function nestedLoop(a: string, st: string, n: string, body: string): string {
  return `
          {
            let a = ${a};
            let st = ${st};
            let n = ${n};
            for (var k0 = 0; k0 < n.x; k0++) {
              for (var k1 = 0; k1 < n.y; k1++) {
                for (var k2 = 0; k2 < n.z; k2++) {
                  let j = a + vec3<i32>(k0, k1, k2) * st;
                  ${body}
                }
              }
            }
          }`;
}

/** WGSL splitting a flat index over (plane, c0, c1, c2) of the given per-axis sizes (a vec3<i32> expression). */
export function splitSnippet(name: string, sizes: string): string {
  return `
      fn ${name}(index : i32) -> vec4<i32> {
        let s = ${sizes};
        let c2 = index % s.z;
        let r2 = index / s.z;
        let c1 = r2 % s.y;
        let r1 = r2 / s.y;
        return vec4<i32>(r1 / s.x, r1 % s.x, c1, c2);
      }`;
}
