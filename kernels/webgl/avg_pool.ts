/**
 * TorchAvgPool on webgl: one fragment per output sums its window in row-major order (as ATen's CPU loop does, so
 * float32 results differ from PyTorch only by the GPU's rounding of the final division) and divides once.
 * 1d, 2d, 3d, pools and adaptive pools are one shader: windows come from the plan's tables, 1d and 2d run as 3d
 * with trivial leading axes. int32 sums in integers and truncates, as PyTorch's int64 pools do.
 * The shader text depends only on the loop bounds (window lengths rounded up to powers of two), the divisor rule,
 * the dtype and which axes compute their windows and factors instead of reading them (strided windows and shared
 * factors: a plain avg pool reads no table at all, which on SwiftShader took a third of a k3 pool's time); sizes,
 * table offsets and window parameters are uniforms.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {BoxPlan, packTables, planBox} from '../../src/geometry';
import {TorchAvgPool, TorchAvgPoolAttrs, TorchAvgPoolInputs} from '../../src/kernel_names';
import {
  SHORTCUT_UNIFORMS, Shortcuts, TABLE_SNIPPET, boxUniformValues, disposeViews, divideSnippet, emptyOutput,
  factorSnippet, flatView, loopBound, shortcuts, splitIndex, withShape,
} from './webgl_program';

class TorchAvgPoolProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = SHORTCUT_UNIFORMS;
  userCode: string;

  constructor(size: number, maxWindow: number[], rule: BoxPlan['divisor']['kind'], integer: boolean,
              shortcut: Shortcuts) {
    this.outputShape = [size];
    const {strided, readsTable} = shortcut;
    this.variableNames = readsTable ? ['x', 't'] : ['x'];
    const [b0, b1, b2] = maxWindow.map(loopBound);
    const acc = integer ? 'int' : 'float';
    const read = integer ? 'int(floor(getX(row + i2) + 0.5))' : 'getX(row + i2)';
    const c = ['x', 'y', 'z'];
    // Window d of output o_d: computed where the axis is strided (the same windows: checked against the table by
    // stridedWindows), read from the table otherwise. (Ternaries: GLSL ES 1.0 has no int min/max.)
    const window = (d: number) => (strided[d] ? `
        int from${d} = o${d} * stride.${c[d]} - pad.${c[d]};
        int s${d} = from${d} > 0 ? from${d} : 0;
        int e${d} = from${d} + kernel.${c[d]} < inSize.${c[d]} ? from${d} + kernel.${c[d]} : inSize.${c[d]};` : `
        int s${d} = tab(tableBase.${c[d]} + o${d});
        int e${d} = tab(tableBase.${c[d]} + outSize.${c[d]} + o${d});`);
    this.userCode = `
      ${readsTable ? TABLE_SNIPPET : ''}
      ${divideSnippet(rule, integer)}

      void main() {
        int idx = getOutputCoords();
        ${splitIndex('idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        ${window(0)}${window(1)}${window(2)}
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
        ${[0, 1, 2].map(d => factorSnippet(d, `o${d}`, shortcut)).join('\n        ')}
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
  const shortcut = shortcuts(plan, spec);
  const program = new TorchAvgPoolProgram(size, tables.maxWindow, plan.divisor.kind, dtype === 'int32', shortcut);
  const xv = flatView(backend, x);
  // The table is uploaded only for a variant that reads it: a plain pool computes its whole geometry.
  const t = shortcut.readsTable ? backend.makeTensorInfo([tables.values.length], 'int32', tables.values) : null;
  const out = backend.runWebGLProgram(program, t ? [xv.view, t] : [xv.view], dtype,
                                      [...boxUniformValues(tables, plan), ...shortcut.uniforms]);
  if (t) backend.disposeIntermediateTensorInfo(t);
  disposeViews(backend, [xv]);
  return withShape(out, plan.outShape);
}

export const avgPoolConfig: KernelConfig = {
  kernelName: TorchAvgPool,
  backendName: 'webgl',
  kernelFunc: avgPool as unknown as KernelFunc,
};
