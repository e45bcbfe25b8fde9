/**
 * The order in which PyTorch's CPU `sum` (hence `mean`) adds a float32 tensor: the one definition that the cpu and
 * wasm kernels (kernels/shared/mean.ts, kernels/simd/assembly/sum_cascade.ts) follow, bit for bit.
 *
 * Method. ATen reduces through a TensorIterator, then calls one 2-D loop of SumKernel.cpp's cascade_sum per position
 * of the remaining dims:
 * 1. Dims are sorted innermost-first by stride, reduced dims (output stride 0) in front (reorder_dimensions: an
 *    insertion sort over the output's strides, then the input's, ties going to the smaller size), then neighbours
 *    that step through memory as one are merged and size-1 dims dropped (coalesce_dimensions).
 * 2. Dims 0 and 1 form the 2-D loop (missing ones have size 1, strides 0); dims 2.. are walked with dim 2 fastest.
 *    Every call adds its partial sums to the output, which starts at +0: out = ((0 + p0) + p1) + ...
 * 3. The 2-D loop puts a reduced dim first, then picks one of five bodies by strides (`SumLoopKind`).
 * keepdim only changes the strides of size-1 dims, which step 1 drops, so the order does not depend on it.
 * This is the order of `torch.set_num_threads(1)`. From 32768 elements up PyTorch splits the work between threads,
 * and two cases then add in another order (docs/SEMANTICS.md §6): a single output (two_pass_reduction adds the
 * threads' shares), and a split of the contiguous kept dim (parallel_dim_reduction, when it is the largest kept dim)
 * whose last piece is 4 to 7 columns wide: the piece starts are rounded down to 32 columns, so whole 32-column blocks
 * sum as here, but such a last piece is too narrow for the vector body and its first 4 columns take scalar_outer_sum's
 * 4-row cascade instead of one row sum each (e.g. [1024, 36] over dim 0 at 8 threads: outputs 32..35).
 */

/**
 * Body of the 2-D loop (SumKernel.cpp cascade_sum):
 * - 'copy': no dim of the loop is reduced: out[i] += x[i] (kept dims of a contiguous input merge into one, so only
 *   ATen's non-contiguous inputs reach it; kept for the one definition).
 * - 'innerVector': dim 0 reduced and contiguous, size0 >= 8 (vectorized_inner_sum: 8-lane AVX2 vectors).
 * - 'outerVector': dim 1 kept and contiguous, size1 >= 8 (vectorized_outer_sum: 32, then 8, then 1 column at a time).
 * - 'innerScalar' / 'outerScalar': the scalar bodies (scalar_inner_sum when stride0 < stride1, else
 *   scalar_outer_sum).
 */
export type SumLoopKind = 'copy' | 'innerVector' | 'outerVector' | 'innerScalar' | 'outerScalar';

/** One dim walked outside the 2-D loop: size and element strides in the input and in the output. */
export interface SumOuterDim {
  readonly size: number;
  readonly inStride: number;
  readonly outStride: number;
}

export interface SumOrder {
  readonly kind: SumLoopKind;
  /** the 2-D loop after cascade_sum's swap: dim 0 is the reduced one (for 'copy', the kept one) */
  readonly size0: number;
  readonly size1: number;
  /** element strides of the input along loop dims 0 and 1 */
  readonly inStride0: number;
  readonly inStride1: number;
  /** element strides of the output along loop dims 0 and 1 (outStride0 is 0 except for 'copy') */
  readonly outStride0: number;
  readonly outStride1: number;
  /** the dims walked around the 2-D loop, fastest first */
  readonly outer: readonly SumOuterDim[];
}

/** Vector width of ATen's float sum on x86 (Vectorized<float> under AVX2; the sum is not dispatched to AVX-512). */
export const SUM_LANES = 8;
/** Independent accumulators of row_sum (its ilp_factor) and rows of vectorized_outer_sum's multi_row_sum */
export const SUM_ROWS = 4;
/** Levels of multi_row_sum's cascade. */
export const SUM_LEVELS = 4;

/** log2 of multi_row_sum's chunk for `size` steps: max(4, CeilLog2(size) / 4), ATen's CeilLog2 giving 1 for x <= 2. */
export function cascadeLevelPower(size: number): number {
  const ceilLog2 = size <= 2 ? 1 : bitLength(size - 1);
  return Math.max(4, Math.floor(ceilLog2 / SUM_LEVELS));
}

function bitLength(n: number): number {
  let b = 0;
  for (let v = n; v >= 1; v = Math.floor(v / 2)) b++;
  return b;
}

/** The order of `sum` over `axes` (wrapped, any order; empty: nothing reduced) of a contiguous tensor. */
export function planSumOrder(inShape: readonly number[], axes: readonly number[]): SumOrder {
  const rank = inShape.length;
  const reduced = new Set(axes);
  const inStrides: number[] = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  // keepdim=false output strides (the order does not depend on keepdim, see above): 0 on reduced dims.
  const outStrides: number[] = new Array<number>(rank).fill(0);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    if (reduced.has(d)) continue;
    outStrides[d] = s;
    s *= inShape[d];
  }
  const strides = [outStrides, inStrides];
  const perm = [...Array(rank).keys()].reverse();
  const shouldSwap = (d0: number, d1: number): number => {
    for (let t = 0; t < 2; t++) {
      const [s0, s1] = [strides[t][d0], strides[t][d1]];
      if (t === 0 && (s0 === 0) !== (s1 === 0)) return s1 === 0 ? 1 : -1;
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (inShape[d0] > inShape[d1]) return 1;
    }
    return 0;
  };
  for (let i = 1; i < rank; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  const shape = perm.map(d => inShape[d]);
  const st = strides.map(s => perm.map(d => s[d]));
  let dims = shape.length;
  if (dims > 1) {
    let prev = 0;
    for (let d = 1; d < shape.length; d++) {
      if (shape[prev] === 1 || shape[d] === 1 || st.every(s => s[prev] * shape[prev] === s[d])) {
        if (shape[prev] === 1) st.forEach(s => (s[prev] = s[d]));
        shape[prev] *= shape[d];
      } else {
        prev++;
        if (prev !== d) {
          st.forEach(s => (s[prev] = s[d]));
          shape[prev] = shape[d];
        }
      }
    }
    dims = prev + 1;
  }
  const dim = (d: number) => (d < dims ? {size: shape[d], out: st[0][d], in: st[1][d]} : {size: 1, out: 0, in: 0});
  let [a, b] = [dim(0), dim(1)];
  // cascade_sum: "move reduction to be the 1st dim"
  if (a.out !== 0 && b.out === 0) [a, b] = [b, a];
  const outer: SumOuterDim[] = [];
  for (let d = 2; d < dims; d++) outer.push({size: shape[d], inStride: st[1][d], outStride: st[0][d]});
  const kind: SumLoopKind =
    a.out !== 0 && b.out !== 0
      ? 'copy'
      : a.in === 1 && a.size >= SUM_LANES
        ? 'innerVector'
        : b.in === 1 && b.size >= SUM_LANES
          ? 'outerVector'
          : a.in < b.in
            ? 'innerScalar'
            : 'outerScalar';
  return {
    kind,
    size0: a.size,
    size1: b.size,
    inStride0: a.in,
    inStride1: b.in,
    outStride0: a.out,
    outStride1: b.out,
    outer,
  };
}
