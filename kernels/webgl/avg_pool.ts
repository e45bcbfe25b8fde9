/**
 * TorchAvgPool on webgl: one fragment per output sums its window in row-major order (as ATen's CPU loop does, so
 * float32 results differ from PyTorch only by the GPU's rounding of the final division) and divides once.
 * 1d, 2d, 3d, pools and adaptive pools are one shader: windows come from the plan's tables, 1d and 2d run as 3d
 * with trivial leading axes. int32 sums in integers and truncates, as PyTorch's int64 pools do.
 * Which axes compute their windows and factors instead of reading them (strided windows, shared factors: a plain
 * avg pool reads no table at all) is part of the shader text, the sizes are uniforms: see webgl_program.ts.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {
  BoxPlan,
  GLSL,
  divisorStepGlsl,
  packTables,
  planBox,
  spatialRank,
  windowFirstCode,
  windowTiles,
} from '../../src/geometry';
import {CHANNELS_FIRST, GlslLayout, callLayout, cellOffset, layoutValue, planeBase, splitStored} from './layout_glsl';
import {tiledBoxForward} from './tiled_box';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {
  BOX_UNIFORMS,
  Shortcuts,
  TABLE_SNIPPET,
  boxUniformValues,
  disposeViews,
  emptyOutput,
  factorSnippet,
  flatView,
  loopBound,
  shortcuts,
  tableRead,
  texelReadGlsl,
  texelView,
  withShape,
  tableTensor,
} from './webgl_program';

class TorchAvgPoolProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = BOX_UNIFORMS;
  userCode: string;

  /**
   * `texelStepping`: x is read as its own texture (texelView, its width the uniform texCols), by texture
   * coordinates: one integer division per window row where tfjs's flat-index sampler divides per cell (integer
   * division is dear on SwiftShader: docs/performance.md, "How the GPU programs were shaped"); else by flat index.
   */
  constructor(
    plan: BoxPlan,
    size: number,
    maxWindow: number[],
    integer: boolean,
    shortcut: Shortcuts,
    texelStepping = false,
    l: GlslLayout = CHANNELS_FIRST,
  ) {
    const rule = plan.divisor.kind;
    this.outputShape = [size];
    const {strided, readsTable} = shortcut;
    this.variableNames = readsTable ? ['x', 't'] : ['x'];
    const acc = integer ? 'int' : 'float';
    // int32 is stored as float32 (exact to 2^24). Rounding guards a read against GPU imprecision, but `v + 0.5`
    // itself rounds from 2^23 on (every float there is an integer already), so those are converted as they are.
    // Texture coordinates: the window row starts at texel (rr, rc); a row of x fits in a texture row (checked by the
    // caller), so cell i2 of it is at most one texture row further (texelReadGlsl's select per cell).
    const cellAt = texelStepping ? 'readX(rr, rc + i2)' : `getX(row + ${cellOffset(l, 'i2')})`;
    const read = integer ? `readInt(${cellAt})` : cellAt;
    // The loop over axis d's window, in increasing order. Strided: from o*s - p over exactly k cells (a uniform;
    // the loop's constant bound is k rounded up to a power of two), skipping those outside the input, which leaves
    // the real range [start, end) of stridedWindows (checked against the table). Otherwise the table's [start,
    // end), looped to a constant maximum (GLSL ES 1.0 loops need constant bounds) with a break.
    const loop = (d: number, body: string) => {
      const c = 'xyz'[d];
      return strided[d]
        ? `
        ${windowFirstCode(GLSL, `first${d}`, `o${d}`, {k: `kernel.${c}`, s: `stride.${c}`, p: `pad.${c}`, outSize: `outSize.${c}`})}
        for (int k${d} = 0; k${d} < ${loopBound(shortcut.windows.k[d])}; k${d}++) {
          if (k${d} >= kernel.${c}) break;
          int i${d} = first${d} + k${d};
          if (i${d} < 0 || i${d} >= inSize.${c}) continue;${body}
        }`
        : `
        int s${d} = ${tableRead('start', d, `o${d}`)};
        int e${d} = ${tableRead('end', d, `o${d}`)};
        for (int k${d} = 0; k${d} < ${loopBound(maxWindow[d])}; k${d}++) {
          int i${d} = s${d} + k${d};
          if (i${d} >= e${d}) break;${body}
        }`;
    };
    this.userCode = `
      ${readsTable ? TABLE_SNIPPET : ''}
      ${divisorStepGlsl(rule, integer)}
      ${integer ? 'int readInt(float v) { return int(abs(v) >= 8388608.0 ? v : floor(v + 0.5)); }' : ''}
      ${texelStepping ? texelReadGlsl('readX', 'getX', 'texCols') : ''}

      void main() {
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        ${acc} acc = ${integer ? '0' : '0.0'};
        ${loop(
          0,
          loop(
            1,
            `
          int row = ${rowStart(l)};${
            texelStepping
              ? `
          int rr = row / texCols;
          int rc = row - rr * texCols;`
              : ''
          }${loop(
            2,
            `
          acc += ${read};`,
          )}`,
          ),
        )}
        ${[0, 1, 2].map(d => factorSnippet(d, `o${d}`, shortcut)).join('\n        ')}
        setOutput(float(divide(acc, f0, f1, f2)));
      }
    `;
  }
}

/** GLSL: the offset of the first cell of x's window row (i0, i1) in plane p (channels-first: as before layouts). */
function rowStart(l: GlslLayout): string {
  return l.layout === 'channelsFirst'
    ? '((p * inSize.x + i0) * inSize.y + i1) * inSize.z'
    : `${planeBase(l, 'p', 'inSize.x * inSize.y * inSize.z')} + ${cellOffset(l, '(i0 * inSize.y + i1) * inSize.z')}`;
}

function avgPool(args: {inputs: TorchAvgPoolInputs; backend: MathBackendWebGL; attrs: TorchAvgPoolAttrs}) {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, spatialRank(spec));
  const plan = planBox(call.logical, spec);
  const outShape = call.stored(plan.outShape);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0) return emptyOutput(backend, outShape, dtype);
  const tables = packTables(plan, spec);
  const shortcut = shortcuts(plan, spec);
  // Loops of more than MAX_WINDOW_ELEMENTS trips (a strided axis loops k times, a table axis to loopBound): tiles
  // and passes instead (float32).
  const spans = tables.maxWindow.map((m, d) => (shortcut.strided[d] ? shortcut.windows.k[d] : loopBound(m)));
  const tiles = dtype === 'float32' ? windowTiles(spans) : null;
  const xv = flatView(backend, x);
  // The table is uploaded only for a variant that reads it: a plain pool computes its whole geometry.
  let t: TensorInfo | null = null;
  try {
    if (tiles !== null) return withShape(tiledBoxForward(backend, xv.view, plan, spec, tables, tiles, call), outShape);
    // x by texture coordinates where its texture is its own and a row of x fits in a texture row, else by flat index
    // (channels-last: a row of x is not contiguous)
    const tex = call.layout === 'channelsFirst' ? texelView(backend, xv.view, plan.axes3[2].inSize) : null;
    const xIn = tex !== null ? tex.view : xv.view;
    const program = new TorchAvgPoolProgram(
      plan,
      size,
      tables.maxWindow,
      dtype === 'int32',
      shortcut,
      tex !== null,
      call,
    );
    if (shortcut.readsTable) t = tableTensor(backend, tables.values);
    const values = boxUniformValues(tables, plan, shortcut, {...layoutValue(call), texCols: [tex?.cols ?? 0]});
    const out = backend.runWebGLProgram(program, t ? [xIn, t] : [xIn], dtype, values);
    return withShape(out, outShape);
  } finally {
    if (t) backend.disposeIntermediateTensorInfo(t);
    disposeViews(backend, [xv]);
  }
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'webgl',
  kernelFunc: avgPool as unknown as KernelFunc,
};
