/**
 * What the webgl kernels of this package share: how a tensor is read by flat index, how a BoxPlan reaches the GPU,
 * and how loop bounds become compile-time constants.
 *
 * Why flat indices: a kernel sees inputs of any rank (avg_pool3d on 5-d, mean on up to 6-d), and tfjs's samplers
 * are rank-specific. Viewing every input and output as 1-d keeps one shader per op instead of one per rank, and
 * tfjs squarifies long 1-d textures itself, so an input longer than WEBGL_MAX_TEXTURE_SIZE still samples correctly.
 * An unpacked tfjs texture is always laid out row-major flat, so the 1-d view is free; a packed one is unpacked
 * first (its layout depends on its own shape).
 *
 * Why a table input: the geometry module already computed every window; the shaders read its tables (one small
 * int32 tensor) rather than re-deriving window bounds in GLSL, so webgl cannot drift from cpu.
 *
 * Why sizes are uniforms (`enableShapeUniforms = true`, and the plan's sizes, window parameters, table bases,
 * texture widths and C as customUniforms): the text of a program is then the same for every shape, so tfjs compiles
 * it once per program variant (its cache key, gpgpu_math.ts makeShaderKey, is the text plus a few shape
 * predicates of the inputs: rank, whether a texture side is 1, whether a logical shape equals its texture shape)
 * instead of once per input shape. Compiling dominated: on SwiftShader (the headless test browser) about 90% of the
 * webgl parity suites' time, and it is also a model's first-inference cost on any GPU. What stays in the text is
 * what chooses a variant (strided or table windows, layout, dtype, single pass or chunks, texel stepping, a dilation
 * or gradient stride of 1, which the window formulas would otherwise divide by) and loop bounds. The price: on
 * SwiftShader a call is slower (a k3 average pool by about 60%, a k3 max pool by about 40%), as shaders now divide
 * by uniforms where a division by a constant compiled to a multiply. Both sides, measured: docs/performance.md,
 * "How the GPU programs were shaped".
 *
 * Why shortcuts: where an axis's windows are strided (a plain pool, an even adaptive pool) or all its outputs share
 * a factor, a program variant computes them instead of fetching them (src/geometry/strided_windows.ts checks the
 * parameters against the tables), and a plain pool reads no table at all.
 *
 * What each of these choices measured: docs/performance.md, "How the GPU programs were shaped".
 *
 * Loop bounds: GLSL ES 1.0 (WebGL1) only accepts loops with constant bounds. Every loop runs to a power of two
 * (loopBound: of k for a strided window, of the plan's largest window for one read from the table) and breaks at
 * its real end, a uniform, so a bound adds log2-many variants, not one per size.
 */
import {TensorInfo, env, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {
  AxisSection,
  BoxPlan,
  PackedTables,
  WindowSpec,
  constantFactor,
  perPlan,
  sectionOffsetCode,
  stridedWindows3,
} from '../../src/geometry';
import {runPasses as runChain} from '../shared/pass_chain';

export type CustomUniforms = NonNullable<GPGPUProgram['customUniforms']>;

/** A 1-d view of `x` and the intermediate (an unpacked copy) to dispose once the program has run, if any. */
export interface FlatView {
  view: TensorInfo;
  temp: TensorInfo | null;
}

export function flatView(backend: MathBackendWebGL, x: TensorInfo): FlatView {
  const size = util.sizeFromShape(x.shape);
  if (backend.texData.get(x.dataId).isPacked) {
    const temp = backend.unpackTensor(x);
    return {view: {dataId: temp.dataId, shape: [size], dtype: x.dtype}, temp};
  }
  return {view: {dataId: x.dataId, shape: [size], dtype: x.dtype}, temp: null};
}

/**
 * A 2-d view of `x` whose logical shape is its texture's shape [rows, cols], or null where there is none (x not a
 * plain unpacked texture of its own: packed, a slice at an offset, or small enough for tfjs to pass as uniforms) or
 * where a row of x, `rowLength` cells, is wider than a texture row.
 *
 * Why: tfjs's sampler of a 1-d view turns every flat index into texture coordinates with an integer division by the
 * texture's width (uvFromFlat), and a 4-d input's texture is squarified ([8,64,56,56] on SwiftShader's 8192 limit:
 * 1268×1267, no axis aligned with it). For a 2-d view equal to its texture shape tfjs's sampler reads (row, col)
 * directly, so a shader that steps texture coordinates itself (one division per output, see max_pool.ts)
 * saves the division per tap. Element (row, col) is flat element row*cols + col, as for any unpacked texture.
 */
export interface TexelView {
  view: TensorInfo;
  rows: number;
  cols: number;
}

export function texelView(backend: MathBackendWebGL, x: TensorInfo, rowLength: number): TexelView | null {
  const data = backend.texData.get(x.dataId);
  if (data.isPacked || data.slice != null || data.complexTensorInfos != null) return null;
  // runWebGLProgram passes inputs this small as uniform arrays instead of textures (WEBGL_SIZE_UPLOAD_UNIFORM)
  if (data.texture == null && util.sizeFromShape(x.shape) <= env().getNumber('WEBGL_SIZE_UPLOAD_UNIFORM')) return null;
  // the upload runWebGLProgram would do anyway: the texture shape exists from here on
  backend.uploadToGPU(x.dataId);
  const texShape = backend.texData.get(x.dataId).texShape;
  if (texShape == null) return null;
  const [rows, cols] = texShape;
  // a row of x (rowLength cells) must fit in a texture row: the programs step from a row's first texel with one carry
  if (rowLength > cols) return null;
  return {view: {dataId: x.dataId, shape: [rows, cols], dtype: x.dtype}, rows, cols};
}

/**
 * GLSL `float fn(int r, int c)`: the cell c texels after the start of texture row r of a texelView `cols` wide,
 * c < 2*cols (a row of the tensor fits in a texture row, so a cell is at most one texture row further), read with
 * `sampler` (tfjs's getX-style 2-d sampler); `cols` names the int uniform holding the width. The carry is a select,
 * not a branch, the faster of the two on an average pool (docs/performance.md, "How the GPU programs were shaped").
 * Read by the average pool (x), its gradient (dy) and the max pool's values-only scan (x).
 */
export function texelReadGlsl(fn: string, sampler: string, cols: string): string {
  return `float ${fn}(int r, int c) {
        int w = int(c >= ${cols});
        return ${sampler}(r + w, c - w * ${cols});
      }`;
}

/**
 * Whether tfjs gives a program output of logical shape [a, b] the texture shape [a, b] (webgl_util's rule for 2-d
 * shapes: both sides within WEBGL_MAX_TEXTURE_SIZE, and not a long 1-wide texture it would squarify), so its
 * getOutputCoords is (row, col) without a division. Only a speed question: tfjs's coordinates are right either way.
 */
export function outputIs2dTexture(a: number, b: number): boolean {
  const max = env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  return a >= 2 && b >= 2 && a <= max && b <= max;
}

export function disposeViews(backend: MathBackendWebGL, views: FlatView[]): void {
  for (const v of views) if (v.temp !== null) backend.disposeIntermediateTensorInfo(v.temp);
}

/**
 * Runs a chain of programs on webgl (kernels/shared/pass_chain.ts): pass k gets the previous pass's output (null for
 * pass 0) and returns its own; every intermediate is disposed, on a throw too. Returns the last output.
 */
export function runPasses(
  backend: MathBackendWebGL,
  count: number,
  pass: (k: number, prev: TensorInfo | null) => TensorInfo,
): TensorInfo {
  return runChain(count, pass, t => backend.disposeIntermediateTensorInfo(t));
}

/** A program's output is flat; the caller's shape is a view of it (free for an unpacked texture, as tfjs's reshape). */
export function withShape(out: TensorInfo, shape: number[]): TensorInfo {
  return {dataId: out.dataId, shape, dtype: out.dtype};
}

/** An output with no elements needs no program (tfjs would not run one either). */
export function emptyOutput(backend: MathBackendWebGL, shape: number[], dtype: 'float32' | 'int32'): TensorInfo {
  return backend.makeTensorInfo(shape, dtype, dtype === 'int32' ? new Int32Array(0) : new Float32Array(0));
}

/** A constant loop bound: n rounded up to a power of two (the loop breaks at its real end, a uniform). */
export function loopBound(n: number): number {
  let b = 1;
  while (b < n) b *= 2;
  return b;
}

/**
 * The packed tables (src/geometry/packed_tables.ts) as an int32 tensor for a program's `t` input, zero-padded to a
 * power of two: tfjs uploads a tensor's values with a program compiled per shape (its EncodeMatrixProgram), so
 * tables of every length would each compile one; padded, lengths up to 2^n share n shapes. The shaders read entries
 * by their offsets only, never the length.
 */
export function tableTensor(backend: MathBackendWebGL, values: Int32Array): TensorInfo {
  const padded = new Int32Array(loopBound(Math.max(values.length, 8)));
  padded.set(values);
  return backend.makeTensorInfo([padded.length], 'int32', padded);
}

/** GLSL helpers for the shaders: reading a table entry (stored as float by tfjs; exact below 2^24). */
export const TABLE_SNIPPET = `
  int tab(int i) {
    return int(floor(getT(i) + 0.5));
  }
`;

/**
 * GLSL reading `section` of axis d (0, 1, 2) at index `at` from the packed tables, its offset generated from the one
 * layout (src/geometry/packed_tables.ts).
 */
export function tableRead(section: AxisSection, d: number, at: string): string {
  const c = 'xyz'[d];
  return `tab(tableBase.${c} + ${sectionOffsetCode(section, `outSize.${c}`, `inSize.${c}`)} + ${at})`;
}

/**
 * Uniforms of the box programs: the plan's sizes and the shortcuts' window parameters per axis, the table's bases,
 * the divisor override, the shared factors, C (layout_glsl.ts) and the width of a texture read by texel stepping.
 */
export const BOX_UNIFORMS: CustomUniforms = [
  {name: 'inSize', type: 'ivec3'},
  {name: 'outSize', type: 'ivec3'},
  {name: 'kernel', type: 'ivec3'},
  {name: 'stride', type: 'ivec3'},
  {name: 'pad', type: 'ivec3'},
  {name: 'tableBase', type: 'ivec3'},
  {name: 'divisorOverride', type: 'float'},
  {name: 'factorConst', type: 'ivec3'},
  {name: 'layoutC', type: 'int'},
  {name: 'texCols', type: 'int'},
];

/**
 * The values of `uniforms` in their order, from a record by name; a uniform missing from it (one its program variant
 * does not read) gets zeros.
 */
export function uniformValues(uniforms: CustomUniforms, values: Record<string, number[]>): number[][] {
  const width = {int: 1, float: 1, ivec2: 2, vec2: 2, ivec3: 3, vec3: 3, ivec4: 4, vec4: 4} as Record<string, number>;
  return uniforms.map(u => values[u.name] ?? new Array<number>(width[u.type] ?? 1).fill(0));
}

/** What a program variant computes instead of reading, per axis (d = 0, 1, 2 of the plan's axes3). */
export interface Shortcuts {
  strided: boolean[];
  constFactor: boolean[];
  /** whether anything is left to read from the table */
  readsTable: boolean;
  /** per axis: kernel, stride, pad of strided windows (zeros on the axes that read their tables) */
  windows: {k: number[]; s: number[]; p: number[]};
  /** per axis: the shared factor (zero on the axes that read their factors) */
  factors: number[];
}

export const shortcuts = perPlan(buildShortcuts);

function buildShortcuts(plan: BoxPlan, spec: WindowSpec): Shortcuts {
  const windows = stridedWindows3(plan, spec);
  const factors = plan.axes3.map(constantFactor);
  const strided = windows.map(w => w !== null);
  const constFactor = factors.map(f => f !== null);
  const param = (key: 'k' | 's' | 'p') => windows.map(w => w?.[key] ?? 0);
  return {
    strided,
    constFactor,
    readsTable: !strided.every(Boolean) || !constFactor.every(Boolean),
    windows: {k: param('k'), s: param('s'), p: param('p')},
    factors: factors.map(f => f ?? 0),
  };
}

/** GLSL: `int f<d> = ` the factor of output `o` along axis d, shared (a uniform) or read from the table. */
export function factorSnippet(d: number, o: string, s: Shortcuts): string {
  const c = 'xyz'[d];
  return `int f${d} = ${s.constFactor[d] ? `factorConst.${c}` : tableRead('factor', d, o)};`;
}

/**
 * Values of BOX_UNIFORMS; the table layout is src/geometry/packed_tables.ts's. `extra`: the layout's C, a texel
 * view's width.
 */
export function boxUniformValues(
  t: PackedTables,
  plan: BoxPlan,
  s: Shortcuts,
  extra: Record<string, number[]> = {},
): number[][] {
  return uniformValues(BOX_UNIFORMS, {
    inSize: plan.axes3.map(a => a.inSize),
    outSize: plan.axes3.map(a => a.outSize),
    kernel: s.windows.k,
    stride: s.windows.s,
    pad: s.windows.p,
    tableBase: t.base,
    divisorOverride: [plan.divisor.kind === 'override' ? plan.divisor.value : 1],
    factorConst: s.factors,
    ...extra,
  });
}

/** Splits a flat index over (planes, n0, n1, n2) into `p, c0, c1, c2` (GLSL ES 1.0 has no integer %). */
export function splitIndex(flat: string, size: string, names: [string, string, string, string]): string {
  const [p, c0, c1, c2] = names;
  return `
    int ${c2} = imod(${flat}, ${size}.z);
    int ${p} = ${flat} / ${size}.z;
    int ${c1} = imod(${p}, ${size}.y);
    ${p} = ${p} / ${size}.y;
    int ${c0} = imod(${p}, ${size}.x);
    ${p} = ${p} / ${size}.x;`;
}
