/**
 * TorchAvgPoolGrad on webgl: PyTorch scatters `dy / divisor` of each output into its window; a fragment shader
 * cannot scatter, so each input cell gathers instead, over the outputs whose windows hold it (the plan's
 * gradStart/gradEnd tables), in row-major output order, which is the order in which PyTorch's scatter adds them.
 * Each term is divided by its own output's divisor with the forward's rule (same tables, same snippet), so forward
 * and backward cannot disagree on a divisor.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {BoxPlan, packTables, planBox} from '../../src/geometry';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {
  BOX_UNIFORMS, TABLE_SNIPPET, boxUniformValues, disposeViews, divideSnippet, emptyOutput, flatView,
  loopBound, splitIndex, withShape,
} from './webgl_program';

class TorchAvgPoolGradProgram implements GPGPUProgram {
  variableNames = ['dy', 't'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = BOX_UNIFORMS;
  userCode: string;

  constructor(size: number, maxCover: number[], rule: BoxPlan['divisor']['kind']) {
    this.outputShape = [size];
    const [b0, b1, b2] = maxCover.map(loopBound);
    this.userCode = `
      ${TABLE_SNIPPET}
      ${divideSnippet(rule, false)}

      void main() {
        int idx = getOutputCoords();
        ${splitIndex('idx', 'inSize', ['p', 'i0', 'i1', 'i2'])}
        int g0 = tableBase.x + 3 * outSize.x;
        int g1 = tableBase.y + 3 * outSize.y;
        int g2 = tableBase.z + 3 * outSize.z;
        int s0 = tab(g0 + i0);
        int e0 = tab(g0 + inSize.x + i0);
        int s1 = tab(g1 + i1);
        int e1 = tab(g1 + inSize.y + i1);
        int s2 = tab(g2 + i2);
        int e2 = tab(g2 + inSize.z + i2);
        float acc = 0.0;
        for (int k0 = 0; k0 < ${b0}; k0++) {
          int o0 = s0 + k0;
          if (o0 >= e0) break;
          int f0 = tab(tableBase.x + 2 * outSize.x + o0);
          for (int k1 = 0; k1 < ${b1}; k1++) {
            int o1 = s1 + k1;
            if (o1 >= e1) break;
            int f1 = tab(tableBase.y + 2 * outSize.y + o1);
            int row = ((p * outSize.x + o0) * outSize.y + o1) * outSize.z;
            for (int k2 = 0; k2 < ${b2}; k2++) {
              int o2 = s2 + k2;
              if (o2 >= e2) break;
              int f2 = tab(tableBase.z + 2 * outSize.z + o2);
              acc += divide(getDy(row + o2), f0, f1, f2);
            }
          }
        }
        setOutput(acc);
      }
    `;
  }
}

function avgPoolGrad(
    args: {inputs: TorchAvgPoolGradInputs, backend: MathBackendWebGL, attrs: TorchAvgPoolGradAttrs}) {
  const {inputs: {dy, x}, backend, attrs: {spec}} = args;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return emptyOutput(backend, x.shape, 'float32');
  const plan = planBox(x.shape, spec);
  const tables = packTables(plan);
  const program = new TorchAvgPoolGradProgram(size, tables.maxCover, plan.divisor.kind);
  const dyv = flatView(backend, dy);
  const t = backend.makeTensorInfo([tables.values.length], 'int32', tables.values);
  const out = backend.runWebGLProgram(program, [dyv.view, t], 'float32', boxUniformValues(tables, plan));
  backend.disposeIntermediateTensorInfo(t);
  disposeViews(backend, [dyv]);
  return withShape(out, x.shape);
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'webgl',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
