/**
 * Typed-array loops of the box average and its gradient, shared by the cpu and wasm kernels.
 *
 * Method: mirrors ATen's CPU kernels (cpu_avg_pool2d / avg_pool3d_out_frame / adaptive_avg_pool2d and their
 * backwards) so that float32 results are bit-identical to PyTorch's:
 * - each window is summed in row-major order in float32, starting at +0 (`acc = fround(acc + x)`);
 * - then one float32 division by the divisor (pools) or one per axis (adaptive pools);
 * - int32 tensors (PyTorch's int64) sum exactly and divide with truncation toward zero;
 * - the backward gathers, for each input cell, `fround(dy / divisor)` of every output covering it in row-major
 *   output order, which is exactly the order in which PyTorch's scatter adds them.
 * Geometry comes from the BoxPlan only: 1d and 2d run as 3d with leading trivial axes.
 */
import {BoxPlan, DivisorRule, divisorStep, integerDivisorStep} from '../../src/geometry';

type Values = Float32Array | Int32Array;

export function boxAverageScalar(x: Values, plan: BoxPlan, integer: boolean, out: Float32Array | Int32Array): void {
  const [a0, a1, a2] = plan.axes3;
  const planeIn = a0.inSize * a1.inSize * a2.inSize;
  const fround = Math.fround;
  let k = 0;
  for (let p = 0; p < plan.planes; p++) {
    const base = p * planeIn;
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      for (let o1 = 0; o1 < a1.outSize; o1++) {
        for (let o2 = 0; o2 < a2.outSize; o2++) {
          let acc = 0;
          for (let i0 = a0.start[o0]; i0 < a0.end[o0]; i0++) {
            for (let i1 = a1.start[o1]; i1 < a1.end[o1]; i1++) {
              const row = base + (i0 * a1.inSize + i1) * a2.inSize;
              const end = row + a2.end[o2];
              if (integer) {
                for (let i = row + a2.start[o2]; i < end; i++) acc += x[i];
              } else {
                for (let i = row + a2.start[o2]; i < end; i++) acc = fround(acc + x[i]);
              }
            }
          }
          out[k++] = divide(acc, plan.divisor, a0.factor[o0], a1.factor[o1], a2.factor[o2], integer);
        }
      }
    }
  }
}

export function boxAverageGradScalar(dy: Float32Array, plan: BoxPlan, dx: Float32Array): void {
  const [a0, a1, a2] = plan.axes3;
  const fround = Math.fround;
  // One division per output, as PyTorch does before scattering.
  const delta = new Float32Array(dy.length);
  let k = 0;
  for (let p = 0; p < plan.planes; p++) {
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      for (let o1 = 0; o1 < a1.outSize; o1++) {
        for (let o2 = 0; o2 < a2.outSize; o2++, k++) {
          delta[k] = divide(dy[k], plan.divisor, a0.factor[o0], a1.factor[o1], a2.factor[o2], false);
        }
      }
    }
  }
  const planeOut = a0.outSize * a1.outSize * a2.outSize;
  let j = 0;
  for (let p = 0; p < plan.planes; p++) {
    const base = p * planeOut;
    for (let i0 = 0; i0 < a0.inSize; i0++) {
      for (let i1 = 0; i1 < a1.inSize; i1++) {
        for (let i2 = 0; i2 < a2.inSize; i2++) {
          let acc = 0;
          for (let o0 = a0.gradStart[i0]; o0 < a0.gradEnd[i0]; o0++) {
            for (let o1 = a1.gradStart[i1]; o1 < a1.gradEnd[i1]; o1++) {
              const row = base + (o0 * a1.outSize + o1) * a2.outSize;
              for (let o = row + a2.gradStart[i2]; o < row + a2.gradEnd[i2]; o++) acc = fround(acc + delta[o]);
            }
          }
          dx[j++] = acc;
        }
      }
    }
  }
}

/** PyTorch's final step: the divisor step of src/geometry/divisor_step.ts. */
function divide(sum: number, rule: DivisorRule, f0: number, f1: number, f2: number, integer: boolean): number {
  return integer ? integerDivisorStep(sum, rule, f0, f1, f2) : divisorStep(sum, rule, f0, f1, f2);
}
