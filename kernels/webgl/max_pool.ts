/**
 * TorchMaxPool on webgl: [values, indices] of a max pool or adaptive max pool, 1d/2d/3d as 3d with trivial leading
 * axes. Adaptive bins are read from the plan's tables (src/geometry/packed_tables.ts); a plain pool's strided windows
 * are computed by the one generated formula (src/geometry/strided_code.ts maxWindowCode, tested against the tables).
 *
 * A fragment writes one value, so the scan (one fragment per output, taps in row-major order, a tap wins if
 * `isnan(v) || v > best`: the first tie wins and the last NaN) produces the index only, and a second program gathers
 * the values at those indices: after one tap has been scanned the running maximum is always x[index] (the first tap
 * beats the initial -inf or equals it), so the gather reproduces the scan's value bit for bit, NaN payload and zero
 * sign included. Windows without an in-bounds tap report -inf (int32: -2^31) and their initial index.
 *
 * Windows longer than MAX_WINDOW_ELEMENTS taps are scanned in chunks, one program run each, each run continuing from
 * the previous run's index (the running maximum is re-read as x[index]).
 *
 * TorchMaxPoolValues (no indices) runs the same scan writing the maximum itself where one pass holds every tap,
 * reading x by texture coordinates and writing a [planes, outputs] texture where tfjs's textures allow it
 * (MaxIndexProgram's layout: fewer integer divisions per output and tap, the cost that SwiftShader feels).
 *
 * int32 tensors live in float textures on webgl; they compare exactly below 2^24 in magnitude, as tfjs's own ops.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {
  CHANNELS_FIRST,
  GlslLayout,
  callLayout,
  cellOffset,
  layoutValue,
  planeBase,
  planeCell,
  splitStored,
} from './layout_glsl';
import {TorchMaxPool, TorchMaxPoolAttrs, TorchMaxPoolInputs, TorchMaxPoolValues} from '../../src/kernel_names';
import {
  DilatedNames,
  GLSL,
  MAX_WINDOW_ELEMENTS,
  MaxPlan,
  MaxWindowSpec,
  PackedMaxTables,
  StridedTaps,
  maxSpatialRank,
  maxWindowCode,
  packMaxTables,
  passCount,
  planMax,
  stridedTaps3,
  tapPositionCode,
} from '../../src/geometry';
import {
  LoopHooks,
  MAX_CONSTANTS,
  MAX_UNIFORMS,
  NO_HOOKS,
  chunkLoop,
  maxUniformValues,
  nestedLoop,
  tapCount,
  tapFirst,
} from './max_program';
import {
  TABLE_SNIPPET,
  disposeViews,
  emptyOutput,
  flatView,
  loopBound,
  outputIs2dTexture,
  runPasses,
  texelReadGlsl,
  texelView,
  withShape,
  tableTensor,
} from './webgl_program';

/**
 * Where the values-only scan reads x and writes its output as 2-d textures (see texelView, outputIs2dTexture).
 * `xTex`: x's texture shape [rows, cols]; the shader steps texture coordinates itself. `outRows`: the output is
 * [planes, outputs per plane] = its texture shape, so getOutputCoords gives (plane, output) without a division.
 */
interface Layout2d {
  xTex: [number, number] | null;
  outRows: boolean;
}

/**
 * One chunk of the scan: the index of each output's maximum so far; or, `valuesOnly` (a single pass of a max pool
 * without returnIndices), the maximum itself: the same scan's maximum, so the same value bit for bit.
 */
class MaxIndexProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = MAX_UNIFORMS;
  userCode: string;

  /**
   * `single`: the whole scan fits in this one run (nested loops); otherwise it is chunk `passStart` of several.
   * `strided`: a plain max pool's parameters per axis, whose windows the shader computes (strided_code.ts maxWindowCode)
   * from uniforms instead of reading the tables; null for adaptive bins. `layout`: values only, the 2-d views where
   * they exist. The sizes are uniforms (maxUniformValues); the text depends only on these choices and loop bounds.
   */
  constructor(
    size: number,
    t: PackedMaxTables,
    continues: boolean,
    single: boolean,
    strided: StridedTaps[] | null,
    valuesOnly = false,
    layout: Layout2d = {xTex: null, outRows: false},
    l: GlslLayout = CHANNELS_FIRST,
  ) {
    const outPlane = t.outSize[0] * t.outSize[1] * t.outSize[2];
    this.outputShape = layout.outRows ? [size / outPlane, outPlane] : [size];
    this.variableNames = [...(continues ? ['x', 'prev'] : ['x']), ...(strided ? [] : ['t'])];
    const xTex = layout.xTex;
    // Texel stepping (xTex): the texel of the window's first in-bounds tap row (f0, f1) costs one integer division
    // per output; from there each next row (j0, j1) and each tap j2 of a row is reached by adding steps with at most
    // one carry into the next texture row (inSize.z <= cols, checked by the caller), so no division per tap as in
    // tfjs's flat sampler (uvFromFlat). Rows outside the input are skipped before the steps, taps after them. The
    // steps, (texture rows, texels) per window row of axes 0 and 1, are uniforms (advance0, advance1).
    // What this gains, and the variants that gained nothing: docs/performance.md, "How the GPU programs were shaped".
    const hooks: LoopHooks = xTex
      ? {
          head: [
            `
            int row1 = row0;
            int col1 = col0;`,
          ],
          // the tables' step is the dilation of a plain pool, 1 for adaptive bins
          tail: [advance('row0', 'col0', 'advance0'), advance('row1', 'col1', 'advance1')],
        }
      : NO_HOOKS;
    const kTaps = single && strided !== null && kernelTaps(strided) <= MAX_WINDOW_ELEMENTS;
    const steps = ['tapStep.x', 'tapStep.y', 'tapStep.z'];
    const loop = (body: string) =>
      kTaps
        ? kTapLoop(strided as StridedTaps[], body, hooks)
        : single
          ? nestedLoop(['f0', 'f1', 'f2'], steps, ['c0', 'c1', 'c2'], t.maxCount, body, hooks)
          : chunkLoop(['f0', 'f1', 'f2'], steps, ['c0', 'c1', 'c2'], body);
    const windows = strided
      ? [0, 1, 2].map(d => maxWindowCode(GLSL, `f${d}`, `c${d}`, `o${d}`, stridedNames(strided)[d], `${d}`)).join(`
        `)
      : [0, 1, 2].map(
          d => `int f${d} = ${tapFirst(d, `o${d}`)};
        int c${d} = ${tapCount(d, `o${d}`)};`,
        ).join(`
        `);
    const start = continues
      ? `int bestIdx = tab0(getPrev(idx));
        float best = hasTaps ? getX(plane + ${cellOffset(l, 'bestIdx')}) : initValue;`
      : `int bestIdx = (f0 * inSize.y + f1) * inSize.z + f2;
        float best = initValue;`;
    const read = xTex
      ? `
              float v = readX(row1, col1 + j2);`
      : `
              float v = getX(plane + ${cellOffset(l, '(j0 * inSize.y + j1) * inSize.z + j2')});`;
    // Values only: `v > best` alone keeps the first of equal values (the sign of a zero maximum), and NaN is
    // tracked apart (the last one seen wins, payload included), so the result is the index scan's value: the scan
    // below, `isnan(v) || (!isnan(best) && v > best)`, ends on the last NaN if there is one, else on the same
    // first maximum. One isnan per tap instead of two (its cost: docs/performance.md, "How the GPU programs were
    // shaped"); a max over the NaN bits would lose the last NaN's payload.
    const scan = valuesOnly
      ? `${read}
              if (v > best) best = v;
              if (isnan(v)) nanValue = v;`
      : `${read}
              if (isnan(v) || (!isnan(best) && v > best)) {
                best = v;
                bestIdx = (j0 * inSize.y + j1) * inSize.z + j2;
              }`;
    // (plane, output) from the 2-d output: one division per axis split, none for a trivial axis 0 (2d and 1d pools),
    // fewer integer divisions than splitIndex (measured: docs/performance.md, "How the GPU programs were shaped").
    const coords = layout.outRows
      ? `
        ivec2 rc = getOutputCoords();
        int idx = rc.x * outPlane + rc.y;
        int p = rc.x;
        int o1 = rc.y / outSize.z;
        int o2 = rc.y - o1 * outSize.z;${
          t.outSize[0] === 1
            ? `
        int o0 = 0;`
            : `
        int o0 = o1 / outSize.y;
        o1 -= o0 * outSize.y;`
        }`
      : `
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}`;
    this.userCode = `
      ${MAX_CONSTANTS}
      ${xTex ? texelReadGlsl('readX', 'getX', 'texCols') : ''}
      ${strided ? '' : TABLE_SNIPPET}
      int tab0(float v) {
        return int(floor(v + 0.5));
      }

      void main() {
        ${coords}
        ${windows}
        bool hasTaps = c0 > 0 && c1 > 0 && c2 > 0;
        int plane = ${planeBase(l, 'p', 'inSize.x * inSize.y * inSize.z')};
        ${start}
        float nanValue = 0.0;
${
  xTex
    ? `
        int at0 = plane + (f0 * inSize.y + f1) * inSize.z;
        int row0 = at0 / texCols;
        int col0 = at0 - row0 * texCols;`
    : ''
}
        ${loop(scan)}
        setOutput(${valuesOnly ? 'isnan(nanValue) ? nanValue : best' : 'float(bestIdx)'});
      }
    `;
  }
}

/**
 * values = x[plane][index], or the initial value where a window has no in-bounds tap. Most plans have none (allLive),
 * and their variant reads no table.
 */
class MaxValuesProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = MAX_UNIFORMS;
  userCode: string;

  constructor(size: number, t: PackedMaxTables, l: GlslLayout = CHANNELS_FIRST) {
    this.outputShape = [size];
    this.variableNames = t.allLive ? ['x', 'ind'] : ['x', 't', 'ind'];
    this.userCode = t.allLive
      ? l.layout === 'channelsFirst'
        ? `
      void main() {
        int idx = getOutputCoords();
        setOutput(getX((idx / outPlane) * inPlane + int(floor(getInd(idx) + 0.5))));
      }
    `
        : `
      void main() {
        int idx = getOutputCoords();
        ${planeCell(l, 'idx', 'outPlane', 'p', 'o')}
        setOutput(getX(${planeBase(l, 'p', 'inPlane')} + ${cellOffset(l, 'int(floor(getInd(idx) + 0.5))')}));
      }
    `
      : `
      ${MAX_CONSTANTS}
      ${TABLE_SNIPPET}

      void main() {
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        bool hasTaps = ${tapCount(0, 'o0')} > 0 && ${tapCount(1, 'o1')} > 0 && ${tapCount(2, 'o2')} > 0;
        int at = ${planeBase(l, 'p', 'inSize.x * inSize.y * inSize.z')} + ${cellOffset(l, 'int(floor(getInd(idx) + 0.5))')};
        setOutput(hasTaps ? getX(at) : initValue);
      }
    `;
  }
}

function initValue(dtype: string): number {
  return dtype === 'int32' ? -(2 ** 31) : -Infinity;
}

/**
 * GLSL moving texel (row, col) of a texture `texCols` wide by the step in the ivec2 uniform `by`: whole texture rows,
 * then the remaining texels with one carry (stepUniform computes it).
 */
function advance(row: string, col: string, by: string): string {
  return `
            ${row} += ${by}.x;
            ${col} += ${by}.y;
            if (${col} >= texCols) {
              ${col} -= texCols;
              ${row}++;
            }`;
}

/** The value of advance's uniform for a step of n flat elements on a texture `cols` wide. */
function stepUniform(n: number, cols: number): number[] {
  return [Math.floor(n / cols), n % cols];
}

function kernelTaps(strided: StridedTaps[]): number {
  return strided.reduce((n, a) => n * a.k, 1);
}

/**
 * A plain max pool's parameters in the shader, per axis of axes3: the uniforms of MAX_UNIFORMS, but a dilation of 1
 * as the literal (a program variant): the window formulas divide by the dilation, and a division by a uniform costs
 * SwiftShader a scalar integer division per lane where one by 1 is no division at all (docs/performance.md, "How the
 * GPU programs were shaped").
 */
function stridedNames(taps: StridedTaps[]): DilatedNames[] {
  return taps.map((w, d) => {
    const c = 'xyz'[d];
    return {k: `kernel.${c}`, s: `stride.${c}`, p: `pad.${c}`, d: w.d === 1 ? '1' : `dil.${c}`, L: `inSize.${c}`};
  });
}

/**
 * GLSL looping over exactly k taps per axis (a constant bound, k rounded up to a power of two, and a break at the
 * uniform k), skipping positions outside the input: the tables' taps in the same order (src/geometry/strided_code.ts,
 * tested). `hooks` run per in-bounds iteration of the outer loops (LoopHooks).
 */
function kTapLoop(taps: StridedTaps[], body: string, hooks: LoopHooks = NO_HOOKS): string {
  const a = stridedNames(taps);
  const loop = (d: number, inner: string) => `
          for (int k${d} = 0; k${d} < ${loopBound(taps[d].k)}; k${d}++) {
            if (k${d} >= ${a[d].k}) break;
            int j${d} = ${tapPositionCode(`o${d}`, `k${d}`, a[d])};
            if (j${d} < 0 || j${d} >= ${a[d].L}) continue;${hooks.head[d] ?? ''}${inner}${hooks.tail[d] ?? ''}
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

/** A plain max pool's taps per axis of axes3 (src/geometry stridedTaps3), or null. */
function stridedParams(spec: MaxWindowSpec, plan: MaxPlan): StridedTaps[] | null {
  if (spec.kind !== 'max') return null;
  const taps = stridedTaps3(plan, spec);
  if (taps.some(w => w === null)) return null;
  return taps as StridedTaps[];
}

/** The uniforms of a plain pool's window parameters (none for adaptive bins). */
function stridedValues(strided: StridedTaps[] | null): Record<string, number[]> {
  if (strided === null) return {};
  const per = (key: keyof StridedTaps) => strided.map(w => w[key]);
  return {kernel: per('k'), stride: per('s'), pad: per('p'), dil: per('d')};
}

/** The index pass(es) over a plan; returns the int32 indices texture (flat). `table` is read for adaptive bins. */
function maxIndices(
  backend: MathBackendWebGL,
  x: TensorInfo,
  plan: MaxPlan,
  t: PackedMaxTables,
  table: TensorInfo | null,
  strided: StridedTaps[] | null,
  l: GlslLayout,
): TensorInfo {
  const size = util.sizeFromShape(plan.outShape);
  const init = initValue(x.dtype);
  const passes = passCount(t.maxTaps);
  return runPasses(backend, passes, (pass, prev) =>
    backend.runWebGLProgram(
      new MaxIndexProgram(size, t, prev !== null, passes === 1, strided, false, undefined, l),
      [x, ...(prev ? [prev] : []), ...(strided ? [] : [table as TensorInfo])],
      'int32',
      maxUniformValues(t, pass * MAX_WINDOW_ELEMENTS, init, {...stridedValues(strided), ...layoutValue(l)}),
    ),
  );
}

/** TorchMaxPoolValues: one scan writing the values where one pass holds every tap, else the two programs below. */
function maxPoolValues(args: {inputs: TorchMaxPoolInputs; backend: MathBackendWebGL; attrs: TorchMaxPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const t = packMaxTables(plan);
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0 || passCount(t.maxTaps) > 1) {
    const [values, indices] = maxPool(args);
    backend.disposeIntermediateTensorInfo(indices);
    return values;
  }
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const xv = flatView(backend, x);
  // x read by texture coordinates where its texture is its own and a row of x fits in a texture row (one wrap at
  // most per window row, see MaxIndexProgram); else by flat index
  // (channels-last: neither a row of x nor an output plane is contiguous)
  const channelsFirst = call.layout === 'channelsFirst';
  const tex = channelsFirst ? texelView(backend, xv.view, t.inSize[2]) : null;
  const xTex = tex !== null ? ([tex.rows, tex.cols] as [number, number]) : null;
  const outPlane = t.outSize[0] * t.outSize[1] * t.outSize[2];
  const views = {xTex, outRows: channelsFirst && outputIs2dTexture(size / outPlane, outPlane)};
  const strided = stridedParams(spec, plan);
  const table = strided ? null : tableTensor(backend, t.values);
  try {
    const xIn = tex !== null ? tex.view : xv.view;
    const values = backend.runWebGLProgram(
      new MaxIndexProgram(size, t, false, true, strided, true, views, call),
      table ? [xIn, table] : [xIn],
      dtype,
      maxUniformValues(t, 0, initValue(dtype), {
        ...stridedValues(strided),
        ...layoutValue(call),
        ...(xTex === null
          ? {}
          : {
              texCols: [xTex[1]],
              // the tables' step is the dilation of a plain pool, 1 for adaptive bins
              advance0: stepUniform(t.step[0] * t.inSize[1] * t.inSize[2], xTex[1]),
              advance1: stepUniform(t.step[1] * t.inSize[2], xTex[1]),
            }),
      }),
    );
    return withShape(values, call.stored(plan.outShape));
  } finally {
    if (table) backend.disposeIntermediateTensorInfo(table);
    disposeViews(backend, [xv]);
  }
}

function maxPool(args: {inputs: TorchMaxPoolInputs; backend: MathBackendWebGL; attrs: TorchMaxPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const outShape = call.stored(plan.outShape);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0) return [emptyOutput(backend, outShape, dtype), emptyOutput(backend, outShape, 'int32')];
  const t = packMaxTables(plan);
  const xv = flatView(backend, x);
  const strided = stridedParams(spec, plan);
  // The tables are uploaded only where a program reads them: a plain pool whose windows all have taps reads none.
  const table = strided && t.allLive ? null : tableTensor(backend, t.values);
  try {
    const indices = maxIndices(backend, xv.view, plan, t, table, strided, call);
    try {
      const values = backend.runWebGLProgram(
        new MaxValuesProgram(size, t, call),
        table && !t.allLive ? [xv.view, table, indices] : [xv.view, indices],
        dtype,
        maxUniformValues(t, 0, initValue(dtype), layoutValue(call)),
      );
      return [withShape(values, outShape), withShape(indices, outShape)];
    } catch (e) {
      backend.disposeIntermediateTensorInfo(indices);
      throw e;
    }
  } finally {
    if (table) backend.disposeIntermediateTensorInfo(table);
    disposeViews(backend, [xv]);
  }
}

export const maxPoolConfig: KernelConfig = {
  kernelName: TorchMaxPool,
  backendName: 'webgl',
  kernelFunc: maxPool as unknown as KernelFunc,
};

export const maxPoolValuesConfig: KernelConfig = {
  kernelName: TorchMaxPoolValues,
  backendName: 'webgl',
  kernelFunc: maxPoolValues as unknown as KernelFunc,
};
