// PyTorch's float32 sum, bit for bit, for the two vector bodies of ATen's cascade_sum (SumKernel.cpp): the order is
// defined in src/geometry/sum_order.ts and written out as scalar loops in kernels/shared/mean.ts; this is the same
// sequence of float32 additions, four lanes at a time. One AVX2 Vectorized<float> (8 lanes) is two f32x4: lane-wise
// IEEE additions, so the lanes are independent and their grouping into vectors changes no bit.
//
// multi_row_sum's cascade, as ATen runs it: chunks of 2^p steps (p = max(4, CeilLog2(steps) / 4)) are summed from +0
// into level 0; after each chunk level 0 is added to level 1, and level j - 1 to level j (clearing it) while the
// chunk count is a multiple of 2^(p (j - 1)) — bits [p j, p (j + 1)) of the step count all zero; the steps left over
// go to level 0; then level 0 += level 1, += level 2, += level 3. Level 0 stays in registers, levels 1–3 live in the
// caller's scratch (`acc`, 4 × 128 bytes), touched once per chunk.

const LEVEL_BYTES: usize = 128;

@inline
function levelPower(steps: i32): i32 {
  const ceilLog2 = steps <= 2 ? 1 : 32 - clz(steps - 1);
  return max(4, ceilLog2 >> 2);
}

@inline
function addAt(p: usize, v: v128): void {
  v128.store(p, f32x4.add(v128.load(p), v));
}

/** Levels 1–3 after a chunk whose level-0 sum is held at acc (level 0), `done` steps so far. */
function carry(acc: usize, done: i32, power: i32): void {
  const mask = (1 << power) - 1;
  for (let j = 1; j < 4; j++) {
    const lo = acc + <usize>(j - 1) * LEVEL_BYTES;
    const hi = acc + <usize>j * LEVEL_BYTES;
    for (let k: usize = 0; k < LEVEL_BYTES; k += 16) {
      addAt(hi + k, v128.load(lo + k));
      v128.store(lo + k, f32x4.splat(0));
    }
    if (((done >> (j * power)) & mask) != 0) break;
  }
}

/** level 0 += levels 1, 2, 3: the cascade's result, left at acc. */
function finish(acc: usize): void {
  for (let j: usize = 1; j < 4; j++) {
    for (let k: usize = 0; k < LEVEL_BYTES; k += 16) addAt(acc + k, v128.load(acc + j * LEVEL_BYTES + k));
  }
}

/**
 * Cascade over `steps` steps of 8 f32x4 (32 lanes): lane group k (0..7) of step i is loaded at
 * base + i*step + (k >> 1)*pair + (k & 1)*16. Result (32 floats) at acc.
 */
function cascade8(base: usize, step: usize, pair: usize, steps: i32, acc: usize): void {
  clearLevels(acc);
  const power = levelPower(steps);
  const chunk = 1 << power;
  let i = 0;
  for (; i + chunk <= steps; i += chunk) {
    chunk8(base + <usize>i * step, step, pair, chunk, acc);
    carry(acc, i + chunk, power);
  }
  // level 0 is +0 here (cleared by the last carry): the steps left over are summed from +0 as well
  chunk8(base + <usize>i * step, step, pair, steps - i, acc);
  finish(acc);
}

/** Level 0 (at acc) = the sum from +0 of `count` steps of 8 f32x4 (see cascade8). */
@inline
function chunk8(p: usize, step: usize, pair: usize, count: i32, acc: usize): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
  const p2 = 2 * pair;
  const p3 = 3 * pair;
  for (let c = 0; c < count; c++) {
    a0 = f32x4.add(a0, v128.load(p));
    a1 = f32x4.add(a1, v128.load(p, 16));
    a2 = f32x4.add(a2, v128.load(p + pair));
    a3 = f32x4.add(a3, v128.load(p + pair, 16));
    a4 = f32x4.add(a4, v128.load(p + p2));
    a5 = f32x4.add(a5, v128.load(p + p2, 16));
    a6 = f32x4.add(a6, v128.load(p + p3));
    a7 = f32x4.add(a7, v128.load(p + p3, 16));
    p += step;
  }
  v128.store(acc, a0);
  v128.store(acc, a1, 16);
  v128.store(acc, a2, 32);
  v128.store(acc, a3, 48);
  v128.store(acc, a4, 64);
  v128.store(acc, a5, 80);
  v128.store(acc, a6, 96);
  v128.store(acc, a7, 112);
}

@inline
function clearLevels(acc: usize): void {
  for (let k: usize = 0; k < 4 * LEVEL_BYTES; k += 16) v128.store(acc + k, f32x4.splat(0));
}

/**
 * row_sum's ending for 8 lanes: the 4 interleaved accumulators' vectors are at acc (lanes 0–7, 8–15, 16–23,
 * 24–31); the vectors of steps [from, to) (at base + i*step) are added to the first, then the others to it in turn.
 * Returns the first accumulator's two halves through acc (lanes 0–7).
 */
function rowSumEnd(acc: usize, base: usize, step: usize, from: i32, to: i32): void {
  let lo = v128.load(acc);
  let hi = v128.load(acc, 16);
  for (let i = from; i < to; i++) {
    const p = base + <usize>i * step;
    lo = f32x4.add(lo, v128.load(p));
    hi = f32x4.add(hi, v128.load(p, 16));
  }
  for (let k: usize = 1; k < 4; k++) {
    lo = f32x4.add(lo, v128.load(acc + 32 * k));
    hi = f32x4.add(hi, v128.load(acc + 32 * k, 16));
  }
  v128.store(acc, lo);
  v128.store(acc, hi, 16);
}

/**
 * vectorized_inner_sum: sums[j] = the sum of row j (size0 contiguous floats at x + j*rowStride floats), for
 * `rows` rows: row_sum over the row's whole 8-float vectors (4 interleaved accumulators, each a cascade), then from
 * +0 the scalar tail, then the 8 lanes of the vector sum in order.
 */
export function sumInnerVector(x: usize, sums: usize, rows: i32, size0: i32, rowStride: i32, acc: usize): void {
  const vectors = size0 >> 3;
  const steps = vectors >> 2;
  for (let j = 0; j < rows; j++) {
    const row = x + (<usize>j * <usize>rowStride << 2);
    cascade8(row, 128, 32, steps, acc);
    rowSumEnd(acc, row, 32, steps << 2, vectors);
    let s: f32 = 0;
    for (let k = vectors << 3; k < size0; k++) s += load<f32>(row + (<usize>k << 2));
    for (let l: usize = 0; l < 8; l++) s += load<f32>(acc + (l << 2));
    store<f32>(sums + (<usize>j << 2), s);
  }
}

/**
 * vectorized_outer_sum: sums[c] = the sum over r < size0 of x[r*inStride0 + c], for c < size1: blocks of 32 columns
 * (one cascade per lane), then of 8 columns (row_sum: rows interleaved over 4 accumulators), then single columns
 * (row_sum in scalars, 4 lanes of one f32x4 gathered).
 */
export function sumOuterVector(x: usize, sums: usize, size0: i32, size1: i32, inStride0: i32, acc: usize): void {
  const rowBytes = <usize>inStride0 << 2;
  let c = 0;
  for (; c + 32 <= size1; c += 32) {
    cascade8(x + (<usize>c << 2), rowBytes, 32, size0, acc);
    for (let k: usize = 0; k < 128; k += 16) v128.store(sums + (<usize>c << 2) + k, v128.load(acc + k));
  }
  const steps = size0 >> 2;
  for (; c + 8 <= size1; c += 8) {
    const col = x + (<usize>c << 2);
    cascade8(col, rowBytes << 2, rowBytes, steps, acc);
    rowSumEnd(acc, col, rowBytes, steps << 2, size0);
    v128.store(sums + (<usize>c << 2), v128.load(acc));
    v128.store(sums + (<usize>c << 2), v128.load(acc, 16), 16);
  }
  for (; c < size1; c++) {
    const col = x + (<usize>c << 2);
    store<f32>(sums + (<usize>c << 2), columnSum(col, rowBytes, size0, acc));
  }
}

/** row_sum of one strided column in scalars: lane k of the f32x4 accumulator takes rows 4i + k. */
function columnSum(col: usize, rowBytes: usize, size0: i32, acc: usize): f32 {
  const steps = size0 >> 2;
  clearLevels(acc);
  const power = levelPower(steps);
  const chunk = 1 << power;
  let i = 0;
  while (i + chunk <= steps) {
    let a = f32x4.splat(0);
    for (let c = 0; c < chunk; c++, i++) a = f32x4.add(a, gather(col + <usize>i * (rowBytes << 2), rowBytes));
    v128.store(acc, a);
    carry(acc, i, power);
  }
  let a = f32x4.splat(0);
  for (; i < steps; i++) a = f32x4.add(a, gather(col + <usize>i * (rowBytes << 2), rowBytes));
  v128.store(acc, a);
  finish(acc);
  let s = load<f32>(acc);
  for (let r = steps << 2; r < size0; r++) s += load<f32>(col + <usize>r * rowBytes);
  for (let k: usize = 1; k < 4; k++) s += load<f32>(acc + (k << 2));
  return s;
}

@inline
function gather(p: usize, stride: usize): v128 {
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + stride));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * stride));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * stride));
}
