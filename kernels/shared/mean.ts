/**
 * Typed-array loops of `mean`, shared by the cpu and wasm kernels: the reference definition, bit-identical to
 * PyTorch's CPU float32 mean (the SIMD path in ./mean_simd.ts reproduces it for the two vector bodies).
 *
 * Method: PyTorch's `mean` is `sum` then one float32 division by N (ReduceOps.cpp mean_out: sum_out(...).div_(N)).
 * The sum adds float32 in the order of SumKernel.cpp's cascade_sum, which src/geometry/sum_order.ts describes (dims
 * reordered and merged as TensorIterator does, a 2-D loop body chosen by strides, the output accumulating each
 * call's partial sum from +0). Every addition here is one float32 addition (a Float32Array element `+=` rounds the
 * exact double sum of two float32 values once, which is the float32 sum), in that order: the AVX2 8-lane vectors are
 * 8 independent lanes. N = 0 gives 0/0 = NaN, as in PyTorch; sum first, divide after: [3e38, 3e38] averages to inf.
 */
import {MeanPlan, SUM_LANES, SUM_LEVELS, SUM_ROWS, SumOrder, cascadeLevelPower} from '../../src/geometry';

export function meanReduce(x: Float32Array, plan: MeanPlan, out: Float32Array): void {
  out.fill(0);
  if (x.length > 0) sumInOrder(x, plan.sumOrder, out);
  divideSums(out, plan.reduceSize);
}

/** ATen's div_(N) of the float32 sums: one float32 division each. */
export function divideSums(out: Float32Array, reduceSize: number): void {
  const n = Math.fround(reduceSize);
  for (let i = 0; i < out.length; i++) out[i] = out[i] / n;
}

/** out (zeroed by the caller) += the float32 sums of x, in PyTorch's order. */
export function sumInOrder(x: Float32Array, order: SumOrder, out: Float32Array): void {
  const s = new Summer(x, out);
  forEachBlock(order, (xBase, outBase) => s.block(order, xBase, outBase));
}

/** Calls body(input offset, output offset) for every position of the dims around the 2-D loop, the first fastest. */
export function forEachBlock(order: SumOrder, body: (xBase: number, outBase: number) => void): void {
  const dims = order.outer;
  const index = new Array<number>(dims.length).fill(0);
  let [xBase, outBase] = [0, 0];
  for (;;) {
    body(xBase, outBase);
    let d = 0;
    for (; d < dims.length; d++) {
      index[d]++;
      xBase += dims[d].inStride;
      outBase += dims[d].outStride;
      if (index[d] < dims[d].size) break;
      xBase -= dims[d].inStride * dims[d].size;
      outBase -= dims[d].outStride * dims[d].size;
      index[d] = 0;
    }
    if (d === dims.length) return;
  }
}

const VECTOR_BLOCK = SUM_ROWS * SUM_LANES;

class Summer {
  /** multi_row_sum's accumulators: SUM_LEVELS levels of up to 32 lanes */
  private readonly acc = new Float32Array(SUM_LEVELS * VECTOR_BLOCK);
  private readonly partial = new Float32Array(VECTOR_BLOCK);
  private readonly lanes = new Int32Array(VECTOR_BLOCK);

  constructor(
    private readonly x: Float32Array,
    private readonly out: Float32Array,
  ) {}

  block(o: SumOrder, xBase: number, outBase: number): void {
    const {x, out, partial, lanes} = this;
    const [size0, size1, in0, in1, os] = [o.size0, o.size1, o.inStride0, o.inStride1, o.outStride1];
    switch (o.kind) {
      case 'copy':
        for (let j = 0; j < size1; j++) {
          for (let i = 0; i < size0; i++) out[outBase + j * os + i * o.outStride0] += x[xBase + j * in1 + i * in0];
        }
        return;
      case 'innerVector': {
        // vectorized_inner_sum: row_sum over the row's whole vectors, then from +0: the scalar tail, then the lanes.
        const vectors = Math.floor(size0 / SUM_LANES);
        const tail = new Float32Array(1);
        for (let j = 0; j < size1; j++) {
          const row = xBase + j * in1;
          this.rowSum(row, SUM_LANES, SUM_LANES, 1, vectors);
          tail[0] = 0;
          for (let k = vectors * SUM_LANES; k < size0; k++) tail[0] += x[row + k];
          for (let l = 0; l < SUM_LANES; l++) tail[0] += partial[l];
          out[outBase + j * os] += tail[0];
        }
        return;
      }
      case 'outerVector': {
        // vectorized_outer_sum: 4 vectors of columns at a time (one cascade per lane), then 1 vector, then 1 column.
        let j = 0;
        for (let k = 0; k < VECTOR_BLOCK; k++) lanes[k] = k;
        for (; j + VECTOR_BLOCK <= size1; j += VECTOR_BLOCK) {
          this.cascade(xBase + j, in0, VECTOR_BLOCK, size0);
          for (let k = 0; k < VECTOR_BLOCK; k++) out[outBase + (j + k) * os] += this.acc[k];
        }
        for (; j + SUM_LANES <= size1; j += SUM_LANES) {
          this.rowSum(xBase + j, in0, SUM_LANES, 1, size0);
          for (let k = 0; k < SUM_LANES; k++) out[outBase + (j + k) * os] += partial[k];
        }
        for (; j < size1; j++) out[outBase + j * os] += this.scalarRowSum(xBase + j, in0, size0);
        return;
      }
      case 'innerScalar':
        for (let j = 0; j < size1; j++) out[outBase + j * os] += this.scalarRowSum(xBase + j * in1, in0, size0);
        return;
      case 'outerScalar': {
        // scalar_outer_sum: 4 rows at a time, one cascade each, then row_sum per remaining row.
        let j = 0;
        for (let k = 0; k < SUM_ROWS; k++) lanes[k] = k * in1;
        for (; j + SUM_ROWS <= size1; j += SUM_ROWS) {
          this.cascade(xBase + j * in1, in0, SUM_ROWS, size0);
          for (let k = 0; k < SUM_ROWS; k++) out[outBase + (j + k) * os] += this.acc[k];
        }
        for (; j < size1; j++) out[outBase + j * os] += this.scalarRowSum(xBase + j * in1, in0, size0);
        return;
      }
    }
  }

  /**
   * rowSum of one scalar row (width 1). Short rows, whose accumulators complete no cascade chunk (levels 1-3 stay
   * +0, and adding +0 changes no sum that starts at +0), in four locals: the scalar bodies' rows are often a few
   * elements long and many (mean over dims 0 and 2 of [64, 512, 3]: 32768 rows of 3).
   */
  private scalarRowSum(base: number, stride: number, size: number): number {
    const steps = Math.floor(size / SUM_ROWS);
    if (steps >= 2 ** cascadeLevelPower(steps)) {
      this.rowSum(base, stride, 1, 1, size);
      return this.partial[0];
    }
    const x = this.x;
    const f = Math.fround;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let p = base;
    for (let i = 0; i < steps; i++, p += SUM_ROWS * stride) {
      a0 = f(a0 + x[p]);
      a1 = f(a1 + x[p + stride]);
      a2 = f(a2 + x[p + 2 * stride]);
      a3 = f(a3 + x[p + 3 * stride]);
    }
    for (let i = steps * SUM_ROWS; i < size; i++) a0 = f(a0 + x[base + i * stride]);
    return f(f(f(a0 + a1) + a2) + a3);
  }

  /**
   * row_sum: `size` elements of `width` lanes (lane l of element i at base + i*stride + l*laneStride) summed into
   * partial[0, width) through 4 interleaved accumulators (element i feeds accumulator i % 4), each a cascade; the
   * elements past the last multiple of 4 go to accumulator 0; then accumulator 0 += 1, += 2, += 3.
   */
  private rowSum(base: number, stride: number, width: number, laneStride: number, size: number): void {
    const {x, lanes, partial, acc} = this;
    for (let k = 0; k < SUM_ROWS; k++) {
      for (let l = 0; l < width; l++) lanes[k * width + l] = k * stride + l * laneStride;
    }
    const steps = Math.floor(size / SUM_ROWS);
    this.cascade(base, stride * SUM_ROWS, SUM_ROWS * width, steps);
    for (let k = 0; k < SUM_ROWS * width; k++) partial[k] = acc[k];
    for (let i = steps * SUM_ROWS; i < size; i++) {
      for (let l = 0; l < width; l++) partial[l] += x[base + i * stride + l * laneStride];
    }
    for (let k = 1; k < SUM_ROWS; k++) {
      for (let l = 0; l < width; l++) partial[l] += partial[k * width + l];
    }
  }

  /**
   * multi_row_sum: acc[0, L) = per lane k the cascade sum over i < size of x[base + i*step + lanes[k]]. Chunks of
   * 2^p elements go to level 0; after each chunk level j-1 is added to level j and cleared, going up while the count
   * is a multiple of 2^(p*j); the tail goes to level 0; then level 0 += 1, += 2, += 3.
   */
  private cascade(base: number, step: number, L: number, size: number): void {
    const {x, lanes, acc} = this;
    const power = cascadeLevelPower(size);
    const chunk = 2 ** power;
    for (let k = 0; k < L; k++) acc[k] = 0;
    if (size < chunk) {
      // No chunk completes, levels 1-3 stay +0, and adding +0 changes no sum that starts at +0 (it is never -0).
      for (let i = 0; i < size; i++) {
        const at = base + i * step;
        for (let k = 0; k < L; k++) acc[k] += x[at + lanes[k]];
      }
      return;
    }
    for (let j = 1; j < SUM_LEVELS; j++) acc.fill(0, j * VECTOR_BLOCK, j * VECTOR_BLOCK + L);
    let i = 0;
    for (; i + chunk <= size;) {
      for (let c = 0; c < chunk; c++, i++) {
        const at = base + i * step;
        for (let k = 0; k < L; k++) acc[k] += x[at + lanes[k]];
      }
      for (let j = 1; j < SUM_LEVELS; j++) {
        for (let k = 0; k < L; k++) {
          acc[j * VECTOR_BLOCK + k] += acc[(j - 1) * VECTOR_BLOCK + k];
          acc[(j - 1) * VECTOR_BLOCK + k] = 0;
        }
        if (Math.floor(i / 2 ** (power * j)) % chunk !== 0) break;
      }
    }
    for (; i < size; i++) {
      const at = base + i * step;
      for (let k = 0; k < L; k++) acc[k] += x[at + lanes[k]];
    }
    for (let j = 1; j < SUM_LEVELS; j++) {
      for (let k = 0; k < L; k++) acc[k] += acc[j * VECTOR_BLOCK + k];
    }
  }
}
