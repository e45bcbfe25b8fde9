/**
 * TorchAvgPoolGrad on webgl: PyTorch scatters `dy / divisor` of each output into its window; a fragment shader
 * cannot scatter, so each input cell gathers instead, over the outputs whose windows hold it (the plan's
 * gradStart/gradEnd tables, or their arithmetic for strided windows: webgl_program.ts's shortcuts), in row-major
 * output order, which is the order in which PyTorch's scatter adds them.
 * Each term is divided by its own output's divisor with the forward's rule (same tables, same snippet), so forward
 * and backward cannot disagree on a divisor.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {
  BoxPlan,
  GLSL,
  coveringOutputsCode,
  divisorStepGlsl,
  packTables,
  planBox,
  spatialRank,
  windowTiles,
} from '../../src/geometry';
import {CHANNELS_FIRST, GlslLayout, callLayout, cellOffset, layoutValue, planeBase, splitStored} from './layout_glsl';
import {tiledBoxBackward} from './tiled_box';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
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

class TorchAvgPoolGradProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = BOX_UNIFORMS;
  userCode: string;

  /**
   * `texelStepping`: dy is read as its own texture (texelView, its width the uniform texCols), by texture
   * coordinates: one integer division per row of covering outputs where tfjs's flat-index sampler divides per output
   * read (as the forward); else by flat index.
   */
  constructor(
    plan: BoxPlan,
    size: number,
    maxCover: number[],
    shortcut: Shortcuts,
    texelStepping = false,
    l: GlslLayout = CHANNELS_FIRST,
  ) {
    const rule = plan.divisor.kind;
    this.outputShape = [size];
    const {strided, readsTable} = shortcut;
    this.variableNames = readsTable ? ['dy', 't'] : ['dy'];
    const [b0, b1, b2] = maxCover.map(loopBound);
    // The outputs [s_d, e_d) whose windows hold input i_d: computed where the axis is strided (the GLSL of
    // src/geometry/strided_code.ts, whose emitted formula is checked against gradStart/gradEnd), read from the table
    // otherwise. The formula divides by the stride: a stride of 1 is the literal (a program variant), since a
    // division by a uniform costs SwiftShader a scalar integer division per lane (docs/performance.md).
    const cover = (d: number) => {
      const c = 'xyz'[d];
      return strided[d]
        ? `
        ${coveringOutputsCode(GLSL, `s${d}`, `e${d}`, `i${d}`, {
          k: `kernel.${c}`,
          s: shortcut.windows.s[d] === 1 ? '1' : `stride.${c}`,
          p: `pad.${c}`,
          outSize: `outSize.${c}`,
        })}`
        : `
        int s${d} = ${tableRead('gradStart', d, `i${d}`)};
        int e${d} = ${tableRead('gradEnd', d, `i${d}`)};`;
    };
    this.userCode = `
      ${readsTable ? TABLE_SNIPPET : ''}
      ${divisorStepGlsl(rule, false)}
      ${texelStepping ? texelReadGlsl('readDy', 'getDy', 'texCols') : ''}

      void main() {
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'inSize', ['p', 'i0', 'i1', 'i2'])}
        ${cover(0)}${cover(1)}${cover(2)}
        float acc = 0.0;
        for (int k0 = 0; k0 < ${b0}; k0++) {
          int o0 = s0 + k0;
          if (o0 >= e0) break;
          ${factorSnippet(0, 'o0', shortcut)}
          for (int k1 = 0; k1 < ${b1}; k1++) {
            int o1 = s1 + k1;
            if (o1 >= e1) break;
            ${factorSnippet(1, 'o1', shortcut)}
            int row = ${
              l.layout === 'channelsFirst'
                ? '((p * outSize.x + o0) * outSize.y + o1) * outSize.z'
                : `${planeBase(l, 'p', 'outSize.x * outSize.y * outSize.z')} + ${cellOffset(l, '(o0 * outSize.y + o1) * outSize.z')}`
            };${
              texelStepping
                ? `
            int rr = row / texCols;
            int rc = row - rr * texCols;`
                : ''
            }
            for (int k2 = 0; k2 < ${b2}; k2++) {
              int o2 = s2 + k2;
              if (o2 >= e2) break;
              ${factorSnippet(2, 'o2', shortcut)}
              acc += divide(${texelStepping ? 'readDy(rr, rc + o2)' : `getDy(row + ${cellOffset(l, 'o2')})`}, f0, f1, f2);
            }
          }
        }
        setOutput(acc);
      }
    `;
  }
}

function avgPoolGrad(args: {inputs: TorchAvgPoolGradInputs; backend: MathBackendWebGL; attrs: TorchAvgPoolGradAttrs}) {
  const {
    inputs: {dy, x},
    backend,
    attrs: {spec, layout},
  } = args;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return emptyOutput(backend, x.shape, 'float32');
  const call = callLayout(layout, x.shape, spatialRank(spec));
  const plan = planBox(call.logical, spec);
  const tables = packTables(plan, spec);
  const shortcut = shortcuts(plan, spec);
  // Inputs covered by more than MAX_WINDOW_ELEMENTS outputs: tiles and passes (see tiled_box.ts).
  const tiles = windowTiles(tables.maxCover.map(loopBound));
  const dyv = flatView(backend, dy);
  let t: TensorInfo | null = null;
  try {
    if (tiles !== null) {
      return withShape(tiledBoxBackward(backend, dyv.view, size, plan, spec, tables, tiles, call), x.shape);
    }
    // dy by texture coordinates where its texture is its own and a row of dy fits in a texture row, else by flat index
    // (channels-last: a row of dy is not contiguous)
    const tex = call.layout === 'channelsFirst' ? texelView(backend, dyv.view, plan.axes3[2].outSize) : null;
    const dyIn = tex !== null ? tex.view : dyv.view;
    const program = new TorchAvgPoolGradProgram(plan, size, tables.maxCover, shortcut, tex !== null, call);
    if (shortcut.readsTable) t = tableTensor(backend, tables.values);
    const out = backend.runWebGLProgram(
      program,
      t ? [dyIn, t] : [dyIn],
      'float32',
      boxUniformValues(tables, plan, shortcut, {...layoutValue(call), texCols: [tex?.cols ?? 0]}),
    );
    return withShape(out, x.shape);
  } finally {
    if (t) backend.disposeIntermediateTensorInfo(t);
    disposeViews(backend, [dyv]);
  }
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'webgl',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
