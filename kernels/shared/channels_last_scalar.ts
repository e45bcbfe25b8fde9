/**
 * Typed-array loops of the pooling family on channels-last tensors (stored [...batch, ...spatial, C];
 * src/geometry/memory_layout.ts), shared by the cpu and wasm kernels: the int32 path, the path of runtimes without
 * WebAssembly SIMD, and the reference the SIMD module (./channels_last_simd.ts) must equal bit for bit.
 *
 * Method: ATen's channels-last CPU kernels (cpu_avg_pool_channels_last, cpu_adaptive_avg_pool_channels_last,
 * cpu_max_pool_channels_last, their backwards, cpu_max_unpool_channels_last): per batch entry and output cell, the
 * window's taps in row-major order, each tap the C contiguous channels of one cell. Per (plane, output) pair the
 * float32 operations are the channels-first loops' (./box_average_scalar.ts, ./max_pool.ts): sums from +0 in tap
 * order (a Float32Array accumulator rounds every addition as Math.fround does), one divisor step, `v > best || isnan`
 * from -inf; so results are the channels-first ones transposed, except where ATen's two layouts differ themselves
 * (the adaptive 2d divisor, src/geometry/channels_last_divisor.ts; padding-only windows' gradients, maxPoolGradChannelsLast).
 * Plans are the layout-free ones (planBox / planMax of the logical shape); addresses come from PlaneAddressing.
 */
import type {BoxPlan, MaxPlan, PlaneAddressing} from '../../src/geometry';
import {divisorStep, initialIndex, integerDivisorStep, logicalShape, planeAddressing} from '../../src/geometry';

type Values = Float32Array | Int32Array;

/** A channels-last tensor pooled over its `nd` trailing spatial axes: logical shape, addressing, batch entries. */
export interface ChannelsLastTensor {
  readonly logical: number[];
  readonly addr: PlaneAddressing;
  /** batch entries (planes / C; 1 unbatched) */
  readonly batches: number;
}

export function channelsLast(stored: readonly number[], nd: number): ChannelsLastTensor {
  const logical = logicalShape(stored, nd, 'channelsLast');
  const addr = planeAddressing(logical, nd, 'channelsLast');
  return {logical, addr, batches: addr.channels === 0 ? 0 : addr.planes / addr.channels};
}

/** The divisor step of channel c (`productBelow`: src/geometry/channels_last_divisor.ts). */
function quotient(sum: number, plan: BoxPlan, f0: number, f1: number, f2: number, c: number, productBelow: number) {
  return c < productBelow ? Math.fround(sum / (f0 * f1 * f2)) : divisorStep(sum, plan.divisor, f0, f1, f2);
}

export function boxAverageChannelsLast(
  x: Values,
  plan: BoxPlan,
  t: ChannelsLastTensor,
  integer: boolean,
  productBelow: number,
  out: Values,
): void {
  const [a0, a1, a2] = plan.axes3;
  const C = t.addr.channels;
  const [H, W] = [a1.inSize, a2.inSize];
  const acc = integer ? new Float64Array(C) : new Float32Array(C);
  let k = 0;
  for (let n = 0; n < t.batches; n++) {
    const base = t.addr.planeBase(n * C);
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      for (let o1 = 0; o1 < a1.outSize; o1++) {
        for (let o2 = 0; o2 < a2.outSize; o2++) {
          acc.fill(0);
          for (let i0 = a0.start[o0]; i0 < a0.end[o0]; i0++) {
            for (let i1 = a1.start[o1]; i1 < a1.end[o1]; i1++) {
              for (let i2 = a2.start[o2]; i2 < a2.end[o2]; i2++) {
                const at = base + ((i0 * H + i1) * W + i2) * C;
                for (let c = 0; c < C; c++) acc[c] += x[at + c];
              }
            }
          }
          const [f0, f1, f2] = [a0.factor[o0], a1.factor[o1], a2.factor[o2]];
          for (let c = 0; c < C; c++) {
            out[k++] = integer
              ? integerDivisorStep(acc[c], plan.divisor, f0, f1, f2)
              : quotient(acc[c], plan, f0, f1, f2, c, productBelow);
          }
        }
      }
    }
  }
}

export function boxAverageGradChannelsLast(
  dy: Float32Array,
  plan: BoxPlan,
  t: ChannelsLastTensor,
  productBelow: number,
  dx: Float32Array,
): void {
  const [a0, a1, a2] = plan.axes3;
  const C = t.addr.channels;
  const [O1, O2] = [a1.outSize, a2.outSize];
  const planeOut = a0.outSize * O1 * O2;
  // One division per output, as ATen does before scattering.
  const delta = new Float32Array(dy.length);
  for (let n = 0, k = 0; n < t.batches; n++) {
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      for (let o1 = 0; o1 < O1; o1++) {
        for (let o2 = 0; o2 < O2; o2++) {
          const [f0, f1, f2] = [a0.factor[o0], a1.factor[o1], a2.factor[o2]];
          for (let c = 0; c < C; c++, k++) delta[k] = quotient(dy[k], plan, f0, f1, f2, c, productBelow);
        }
      }
    }
  }
  const acc = new Float32Array(C);
  let j = 0;
  for (let n = 0; n < t.batches; n++) {
    const base = n * planeOut * C;
    for (let i0 = 0; i0 < a0.inSize; i0++) {
      for (let i1 = 0; i1 < a1.inSize; i1++) {
        for (let i2 = 0; i2 < a2.inSize; i2++) {
          acc.fill(0);
          for (let o0 = a0.gradStart[i0]; o0 < a0.gradEnd[i0]; o0++) {
            for (let o1 = a1.gradStart[i1]; o1 < a1.gradEnd[i1]; o1++) {
              for (let o2 = a2.gradStart[i2]; o2 < a2.gradEnd[i2]; o2++) {
                const at = base + ((o0 * O1 + o1) * O2 + o2) * C;
                for (let c = 0; c < C; c++) acc[c] += delta[at + c];
              }
            }
          }
          dx.set(acc, j);
          j += C;
        }
      }
    }
  }
}

export function maxPoolChannelsLast(
  x: Values,
  plan: MaxPlan,
  t: ChannelsLastTensor,
  integer: boolean,
  out: Values,
  indices: Int32Array,
): void {
  const [a0, a1, a2] = plan.axes3;
  const C = t.addr.channels;
  const [H, W] = [a1.inSize, a2.inSize];
  const [d0, d1, d2] = [a0.step, a1.step, a2.step];
  const best = integer ? new Int32Array(C) : new Float32Array(C);
  const bestIndex = new Int32Array(C);
  let k = 0;
  for (let n = 0; n < t.batches; n++) {
    const base = t.addr.planeBase(n * C);
    for (let o0 = 0; o0 < a0.outSize; o0++) {
      const f0 = a0.start[o0];
      const e0 = f0 + a0.count[o0] * d0;
      for (let o1 = 0; o1 < a1.outSize; o1++) {
        const f1 = a1.start[o1];
        const e1 = f1 + a1.count[o1] * d1;
        for (let o2 = 0; o2 < a2.outSize; o2++) {
          const f2 = a2.start[o2];
          const e2 = f2 + a2.count[o2] * d2;
          best.fill(integer ? -2147483648 : -Infinity);
          bestIndex.fill(initialIndex(plan, o0, o1, o2));
          for (let i0 = f0; i0 < e0; i0 += d0) {
            for (let i1 = f1; i1 < e1; i1 += d1) {
              for (let i2 = f2; i2 < e2; i2 += d2) {
                const cell = (i0 * H + i1) * W + i2;
                const at = base + cell * C;
                for (let c = 0; c < C; c++) {
                  const v = x[at + c];
                  // `v !== v` is isnan: NaN replaces anything, including an earlier NaN.
                  if (v > best[c] || v !== v) {
                    best[c] = v;
                    bestIndex[c] = cell;
                  }
                }
              }
            }
          }
          out.set(best, k);
          indices.set(bestIndex, k);
          k += C;
        }
      }
    }
  }
}

/**
 * dx of max pooling, channels-last: ATen's cpu_max_pool_backward_channels_last scatter, every output in row-major
 * order (batch entry, cell, channel) adding dy at its index, so each input cell sums its gradients in the order of
 * the channels-first gather (./max_pool.ts maxPoolGrad).
 *
 * Padding-only windows (src/geometry/stray_gradients.ts): such an output's index is its initial index, which may lie
 * outside its window or its plane. ATen adds its gradient at planeBase(p) + index·cellStride of the stored layout
 * (src/geometry/memory_layout.ts; channels-first that is planeBase(p) + index), dropped past the tensor's end: a
 * scatter applies that rule as is, so it needs none of the tables the gathers read.
 */
export function maxPoolGradChannelsLast(
  dy: Float32Array,
  indices: Int32Array,
  plan: MaxPlan,
  t: ChannelsLastTensor,
  dx: Float32Array,
): void {
  const C = t.addr.channels;
  const cells = plan.axes3.reduce((m, a) => m * a.outSize, 1);
  const size = dx.length;
  dx.fill(0);
  const stride = t.addr.cellStride;
  for (let n = 0, k = 0; n < t.batches; n++) {
    // planeBase(n·C + c) = planeBase(n·C) + c channels-last
    const base = t.addr.planeBase(n * C);
    for (let o = 0; o < cells; o++) {
      for (let c = 0; c < C; c++, k++) {
        const at = base + c + indices[k] * stride;
        if (at >= 0 && at < size) dx[at] += dy[k];
      }
    }
  }
}

/** max_unpool, channels-last: zeros, then out[n, indices[n, j, c], c] = x[n, j, c] in flat order (the last wins). */
export function maxUnpoolChannelsLast(
  x: Values,
  indices: Int32Array,
  t: ChannelsLastTensor,
  targetPlane: number,
  out: Values,
): void {
  out.fill(0);
  const C = t.addr.channels;
  for (let n = 0, k = 0; n < t.batches; n++) {
    const base = n * targetPlane * C;
    for (let j = 0; j < t.addr.planeSize; j++) {
      for (let c = 0; c < C; c++, k++) {
        const i = indices[k];
        if (i >= 0 && i < targetPlane) out[base + i * C + c] = x[k];
      }
    }
  }
}

/** out[n, j, c] = x[n, indices[n, j, c], c], 0 where the index lies outside the plane. */
export function gatherPlanesChannelsLast(
  x: Values,
  indices: Int32Array,
  t: ChannelsLastTensor,
  targetPlane: number,
  out: Values,
): void {
  const C = t.addr.channels;
  for (let n = 0, k = 0; n < t.batches; n++) {
    const base = n * targetPlane * C;
    for (let j = 0; j < t.addr.planeSize; j++) {
      for (let c = 0; c < C; c++, k++) {
        const i = indices[k];
        out[k] = i >= 0 && i < targetPlane ? x[base + i * C + c] : 0;
      }
    }
  }
}
