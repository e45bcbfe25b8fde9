/**
 * The WGSL side of the BoxPlan's packed tables (one int32 buffer, src/geometry/packed_tables.ts) and the code that
 * turns an output's factors into its divisor. Forward and backward read the same buffer and the same divisor
 * code, so on webgpu too they cannot disagree about a window or a divisor; the shaders only look tables up and
 * never recompute geometry. Sizes and table offsets travel as uniforms, so the shader text depends on no size.
 */
import {BoxPlan, DivisorRule, PackedTables, sectionOffsetCode} from '../../src/geometry';
import type {ProgramUniforms} from './program';

/** Uniform declarations shared by the forward and backward programs (order matters: see boxUniforms). */
export const BOX_UNIFORMS = 'inSize : vec3<i32>, outSize : vec3<i32>, tableBase : vec3<i32>, divisorOverride : i32,';

export function boxUniforms(plan: BoxPlan, tables: PackedTables): ProgramUniforms {
  return [
    {type: 'int32', data: plan.axes3.map(a => a.inSize)},
    {type: 'int32', data: plan.axes3.map(a => a.outSize)},
    {type: 'int32', data: tables.base},
    {type: 'int32', data: [plan.divisor.kind === 'override' ? plan.divisor.value : 0]},
  ];
}

/**
 * WGSL reading the packed tables of axis `d` (x, y or z): an output's window and factor, an input's covering outputs;
 * the offsets are generated from the one layout (src/geometry/packed_tables.ts sectionOffsetCode).
 */
export const TABLE_SNIPPET = (
  [
    ['winStart', 'start', 'o'],
    ['winEnd', 'end', 'o'],
    ['factor', 'factor', 'o'],
    ['coverStart', 'gradStart', 'i'],
    ['coverEnd', 'gradEnd', 'i'],
  ] as const
)
  .map(
    ([fn, section, at]) => `
      fn ${fn}(d : i32, ${at} : i32) -> i32 {
        return tbl[uniforms.tableBase[d] + ${sectionOffsetCode(section, 'uniforms.outSize[d]', 'uniforms.inSize[d]')} + ${at}];
      }`,
  )
  .join('');

/**
 * `fn divideI64(lo, hi, f0, f1, f2) -> i32`: an int32 tensor (PyTorch's int64) averages an exact 64-bit sum,
 * kept as (lo: u32, hi: i32), with division truncating toward zero; the quotient's low 32 bits are stored, as
 * the cpu kernel's Int32Array does. WGSL has no 64-bit integers, hence the shift-subtract long division
 * (32 steps, once per output).
 */
export function divideI64Snippet(rule: DivisorRule['kind']): string {
  const divisor = rule === 'override' ? 'uniforms.divisorOverride' : 'f0 * f1 * f2';
  return `
      fn divideI64(lo : u32, hi : i32, f0 : i32, f1 : i32, f2 : i32) -> i32 {
        let d = ${divisor};
        let negSum = hi < 0;
        var alo = lo;
        var ahi = bitcast<u32>(hi);
        if (negSum) {
          alo = ~lo + 1u;
          ahi = ~ahi + select(0u, 1u, lo == 0u);
        }
        let ad = select(u32(d), 0u - bitcast<u32>(d), d < 0);
        var rem = ahi % ad;
        var q = 0u;
        for (var b = 31; b >= 0; b--) {
          let top = rem >> 31u;
          rem = (rem << 1u) | ((alo >> u32(b)) & 1u);
          if (top == 1u || rem >= ad) {
            rem = rem - ad;
            q = q | (1u << u32(b));
          }
        }
        return bitcast<i32>(select(q, 0u - q, negSum != (d < 0)));
      }`;
}

/** WGSL splitting a flat index over (plane, c0, c1, c2) of the given per-axis sizes. */
export function splitIndexSnippet(name: string, sizes: string): string {
  return `
      fn ${name}(index : i32) -> vec4<i32> {
        let c2 = index % ${sizes}.z;
        let r2 = index / ${sizes}.z;
        let c1 = r2 % ${sizes}.y;
        let r1 = r2 / ${sizes}.y;
        return vec4<i32>(r1 / ${sizes}.x, r1 % ${sizes}.x, c1, c2);
      }`;
}
