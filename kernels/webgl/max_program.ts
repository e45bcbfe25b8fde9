/**
 * GLSL shared by the webgl kernels of the max-pooling family: the plan's sizes as uniforms (as webgl_program.ts does
 * for the box programs, so a program compiles once per variant, not per shape), the packed tables of
 * src/geometry/packed_tables.ts (packMaxTables) read through `tab` at offsets generated from the one layout, and the
 * one bounded loop every program of the family runs.
 */
import {AxisSection, MAX_WINDOW_ELEMENTS, PackedMaxTables, sectionOffsetCode} from '../../src/geometry';
import {CustomUniforms, loopBound, uniformValues} from './webgl_program';

/**
 * Uniforms of the max family's programs: the chunk's start and the initial value; per axis (x, y, z = axes3[0..2])
 * sizes, tap step and table offset; a plain pool's window parameters (`kernel`, `stride`, `pad`, `dil`); the
 * texel stepping of the values-only scan (max_pool.ts); C (layout_glsl.ts); the cells of an output and an input
 * plane. A program variant that reads fewer leaves the rest unset.
 */
export const MAX_UNIFORMS: CustomUniforms = [
  {name: 'passStart', type: 'int'},
  {name: 'initValue', type: 'float'},
  {name: 'inSize', type: 'ivec3'},
  {name: 'outSize', type: 'ivec3'},
  {name: 'tapStep', type: 'ivec3'},
  {name: 'base', type: 'ivec3'},
  {name: 'kernel', type: 'ivec3'},
  {name: 'stride', type: 'ivec3'},
  {name: 'pad', type: 'ivec3'},
  {name: 'dil', type: 'ivec3'},
  {name: 'texCols', type: 'int'},
  {name: 'advance0', type: 'ivec2'},
  {name: 'advance1', type: 'ivec2'},
  {name: 'layoutC', type: 'int'},
  {name: 'outPlane', type: 'int'},
  {name: 'inPlane', type: 'int'},
];

/** Values of MAX_UNIFORMS for a plan's tables; `extra` adds (or overrides) by name. */
export function maxUniformValues(
  t: PackedMaxTables,
  passStart: number,
  initValue: number,
  extra: Record<string, number[]> = {},
): number[][] {
  const plane = (v: number[]) => [v[0] * v[1] * v[2]];
  return uniformValues(MAX_UNIFORMS, {
    passStart: [passStart],
    initValue: [initValue],
    inSize: t.inSize,
    outSize: t.outSize,
    tapStep: t.step,
    base: t.base,
    outPlane: plane(t.outSize),
    inPlane: plane(t.inSize),
    ...extra,
  });
}

/** GLSL constants: the chunk length (a loop bound). */
export const MAX_CONSTANTS = `const int CHUNK = ${MAX_WINDOW_ELEMENTS};`;

/** GLSL reading `section` of axis d's tables at entry `at` (an output or an input). */
const tableAt = (section: AxisSection, d: number, at: string) => {
  const c = 'xyz'[d];
  return `tab(base.${c} + ${sectionOffsetCode(section, `outSize.${c}`, `inSize.${c}`)} + ${at})`;
};
/** GLSL expressions reading axis d's tables for output `o` / input `i`. */
export const tapFirst = (d: number, o: string) => tableAt('start', d, o);
export const tapCount = (d: number, o: string) => tableAt('count', d, o);
export const coverStart = (d: number, i: string) => tableAt('gradStart', d, i);
export const coverEnd = (d: number, i: string) => tableAt('gradEnd', d, i);

/**
 * GLSL visiting, in row-major order, the points a_d + t_d*st_d (t_d < n_d) of a box whose flat position
 * ((t0*n1 + t1)*n2 + t2) lies in this pass's chunk [passStart, passStart + CHUNK). `body` sees the point as j0, j1,
 * j2. One loop with carries rather than three nested ones, so that a chunk may start and end anywhere in the box
 * and no invocation runs more than CHUNK iterations; the loop bound is a constant, as GLSL ES 1.0 requires.
 * a_d, n_d are GLSL int expressions evaluated once; st_d are expressions too.
 */
export function chunkLoop(a: string[], st: string[], n: string[], body: string): string {
  return `
        {
          int a0 = ${a[0]}; int a1 = ${a[1]}; int a2 = ${a[2]};
          int n0 = ${n[0]}; int n1 = ${n[1]}; int n2 = ${n[2]};
          int total = n0 * n1 * n2;
          if (passStart < total) {
            int t2 = imod(passStart, n2);
            int r = passStart / n2;
            int t1 = imod(r, n1);
            int t0 = r / n1;
            int j0 = a0 + t0 * ${st[0]};
            int j1 = a1 + t1 * ${st[1]};
            int j2 = a2 + t2 * ${st[2]};
            int left = total - passStart;
            for (int k = 0; k < CHUNK; k++) {
              if (k >= left) break;
              ${body}
              t2++;
              j2 += ${st[2]};
              if (t2 == n2) {
                t2 = 0;
                j2 = a2;
                t1++;
                j1 += ${st[1]};
                if (t1 == n1) {
                  t1 = 0;
                  j1 = a1;
                  j0 += ${st[0]};
                }
              }
            }
          }
        }`;
}

/**
 * GLSL visiting the same points as chunkLoop when the whole box fits in one pass (at most CHUNK points): three
 * nested loops, without the carries and the split of passStart. Their constant bounds are the plan's largest
 * counts per axis (`bounds`) rounded up to powers of two (loopBound); each breaks at its own count, so no invocation
 * visits more than its box.
 * `hooks`: GLSL run per visited iteration of the outer loops (LoopHooks).
 */
export function nestedLoop(
  a: string[],
  st: string[],
  n: string[],
  bounds: number[],
  body: string,
  hooks: LoopHooks = NO_HOOKS,
): string {
  const loop = (d: number, inner: string) => `
          for (int k${d} = 0; k${d} < ${loopBound(bounds[d])}; k${d}++) {
            if (k${d} >= ${n[d]}) break;
            int j${d} = ${a[d]} + k${d} * ${st[d]};${hooks.head[d] ?? ''}${inner}${hooks.tail[d] ?? ''}
          }`;
  return loop(
    0,
    loop(
      1,
      loop(
        2,
        `
              ${body}`,
      ),
    ),
  );
}

/**
 * GLSL run at the start (`head[d]`, after j<d> is set) and the end (`tail[d]`) of each visited iteration of loop d
 * of a nested tap loop (nestedLoop, max_pool.ts's kTapLoop): per-row work hoisted out of the inner tap loop. An
 * iteration skipped (a tap outside the input) runs neither.
 */
export interface LoopHooks {
  head: string[];
  tail: string[];
}

export const NO_HOOKS: LoopHooks = {head: [], tail: []};
