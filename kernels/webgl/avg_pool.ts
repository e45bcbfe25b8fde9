/**
 * TorchAvgPool on webgl: one fragment per output sums its window in row-major order (as ATen's CPU loop does, so
 * float32 results differ from PyTorch only by the GPU's rounding of the final division) and divides once.
 * 1d, 2d, 3d, pools and adaptive pools are one shader: windows come from the plan's tables, 1d and 2d run as 3d
 * with trivial leading axes. int32 sums in integers and truncates, as PyTorch's int64 pools do.
 * The shader text depends only on the loop bounds (window lengths rounded up to powers of two), the divisor rule
 * and the dtype; sizes and table offsets are uniforms.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {BoxPlan, packTables, planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {
  BOX_UNIFORMS, TABLE_SNIPPET, boxUniformValues, disposeViews, divideSnippet, emptyOutput, flatView,
  loopBound, splitIndex, withShape,
} from './webgl_program';

class TorchAvgPoolProgram implements GPGPUProgram {
  variableNames = ['x', 't'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = BOX_UNIFORMS;
  userCode: string;

  constructor(size: number, maxWindow: number[], rule: BoxPlan['divisor']['kind'], integer: boolean) {
    this.outputShape = [size];
    const [b0, b1, b2] = maxWindow.map(loopBound);
    const acc = integer ? 'int' : 'float';
    const read = integer ? 'int(floor(getX(row + i2) + 0.5))' : 'getX(row + i2)';
    this.userCode = `
      ${TABLE_SNIPPET}
      ${divideSnippet(rule, integer)}

      void main() {
        int idx = getOutputCoords();
        ${splitIndex('idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        int s0 = tab(tableBase.x + o0);
        int e0 = tab(tableBase.x + outSize.x + o0);
        int s1 = tab(tableBase.y + o1);
        int e1 = tab(tableBase.y + outSize.y + o1);
        int s2 = tab(tableBase.z + o2);
        int e2 = tab(tableBase.z + outSize.z + o2);
        ${acc} acc = ${integer ? '0' : '0.0'};
        for (int k0 = 0; k0 < ${b0}; k0++) {
          int i0 = s0 + k0;
          if (i0 >= e0) break;
          for (int k1 = 0; k1 < ${b1}; k1++) {
            int i1 = s1 + k1;
            if (i1 >= e1) break;
            int row = ((p * inSize.x + i0) * inSize.y + i1) * inSize.z;
            for (int k2 = 0; k2 < ${b2}; k2++) {
              int i2 = s2 + k2;
              if (i2 >= e2) break;
              acc += ${read};
            }
          }
        }
        int f0 = tab(tableBase.x + 2 * outSize.x + o0);
        int f1 = tab(tableBase.y + 2 * outSize.y + o1);
        int f2 = tab(tableBase.z + 2 * outSize.z + o2);
        setOutput(float(divide(acc, f0, f1, f2)));
      }
    `;
  }
}

function avgPool(args: {inputs: TorchAvgPoolInputs, backend: MathBackendWebGL, attrs: TorchAvgPoolAttrs}) {
  const {inputs: {x}, backend, attrs: {spec}} = args;
  const plan = planBox(x.shape, spec);
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(plan.outShape);
  if (size === 0) return emptyOutput(backend, plan.outShape, dtype);
  const tables = packTables(plan);
  const program = new TorchAvgPoolProgram(size, tables.maxWindow, plan.divisor.kind, dtype === 'int32');
  const xv = flatView(backend, x);
  const t = backend.makeTensorInfo([tables.values.length], 'int32', tables.values);
  const out = backend.runWebGLProgram(program, [xv.view, t], dtype, boxUniformValues(tables, plan));
  backend.disposeIntermediateTensorInfo(t);
  disposeViews(backend, [xv]);
  return withShape(out, plan.outShape);
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'webgl',
  kernelFunc: avgPool as unknown as KernelFunc,
};
