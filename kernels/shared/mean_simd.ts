/**
 * The SIMD path of the cpu and wasm `mean`: PyTorch's float32 sum order (src/geometry/sum_order.ts) for the two
 * vector bodies of ATen's cascade_sum, run by ../simd/assembly/sum_cascade.ts with the memories and heaps of
 * ./box_simd.ts; the walk around the 2-D loop, the output's accumulation (out += each call's sums, in float32) and
 * the division are ./mean.ts's, so the result is its result bit for bit. The other bodies (plain copies, the scalar
 * bodies for reduced or kept runs shorter than a vector) and a missing WebAssembly SIMD return false: the caller runs
 * ./mean.ts.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import type {MeanPlan, SumOrder} from '../../src/geometry';
import {Heap, MAX_COPIED_BYTES, getOwnHeap, getTfjsHeap, simdAvailable} from './box_simd';
import {divideSums, forEachBlock} from './mean';

/** multi_row_sum's 4 levels of 32 floats, the module's scratch */
const ACC_BYTES = 512;
/**
 * Input bytes per copy on the cpu backend (rows of an inner-vector sum): small enough that the copy lands in L1 and
 * the module reads it from there. On [8,64,56,56] over H, W, copies of 8, 32, 128 and 512 KB all took 0.47–0.52 ms
 * (medians, interleaved), the time of one typed-array copy of the input: the copy is the cost, the sums hide in it.
 */
const CHUNK_FLOATS = (32 << 10) / 4;

function vectorBody(order: SumOrder): boolean {
  return order.kind === 'innerVector' || order.kind === 'outerVector';
}

/** mean of a float32 tensor held in a JS typed array (cpu backend), through our own memory. */
export function meanSimd(x: Float32Array, plan: MeanPlan, out: Float32Array): boolean {
  const o = plan.sumOrder;
  if (!vectorBody(o) || !simdAvailable()) return false;
  // a copy that would not fit in our memory (a wasm32 memory): the scalar loops, the same bits
  const copyBytes = o.kind === 'innerVector' ? o.size0 * 4 : outerCopyBytes(o);
  if (copyBytes > MAX_COPIED_BYTES) return false;
  out.fill(0);
  if (x.length > 0) {
    const heap = getOwnHeap();
    if (o.kind === 'innerVector') innerCopied(heap, x, o, out);
    else outerCopied(heap, x, o, out);
  }
  divideSums(out, plan.reduceSize);
  return true;
}

function innerCopied(heap: Heap, x: Float32Array, o: SumOrder, out: Float32Array): void {
  const {size0, size1, inStride1: rowStride, outStride1: os} = o;
  // rows per copy: a span of k rows is (k - 1) * rowStride + size0 floats
  const k = Math.max(1, Math.min(size1, Math.floor(Math.max(0, CHUNK_FLOATS - size0) / Math.max(1, rowStride)) + 1));
  const span = (k - 1) * rowStride + size0;
  const [xs, ss, acc] = heap.reserve([span * 4, k * 4, ACC_BYTES]);
  const xv = new Float32Array(heap.memory.buffer, xs, span);
  const sv = new Float32Array(heap.memory.buffer, ss, k);
  forEachBlock(o, (xBase, outBase) => {
    for (let j0 = 0; j0 < size1; j0 += k) {
      const rows = Math.min(k, size1 - j0);
      const from = xBase + j0 * rowStride;
      xv.set(x.subarray(from, from + (rows - 1) * rowStride + size0));
      heap.fns.sumInnerVector(xs, ss, rows, size0, rowStride, acc);
      for (let j = 0; j < rows; j++) out[outBase + (j0 + j) * os] += sv[j];
    }
  });
}

/**
 * Strip width of an outer-vector sum copied column strip by column strip: one of vectorized_outer_sum's 32-column
 * blocks. A column's sum depends only on its own values and on which body takes it (its position among size1), so
 * each strip, compacted to rows of 32 floats and summed as its own 2-D loop, gives its columns' bits: a whole block
 * takes the 32-column body, the last strip (size1 mod 32 columns, starting on a block boundary) the 8-column and
 * single-column bodies, as in the whole loop. Our memory never shrinks, so it must hold a strip, not the block: on
 * [250000, 400] over dim 0 a block copy grew it to 381 MB for the process's life, a strip takes 32 MB.
 */
const STRIP_COLUMNS = 32;
/** Blocks up to this many bytes are still copied whole: one typed-array copy beats a row-by-row gather. */
const WHOLE_BLOCK_BYTES = 1 << 20;

/** Bytes of our memory the outer-vector sum of `o` reserves for its input (the largest single copy). */
export function outerCopyBytes(o: SumOrder): number {
  const span = (o.size0 - 1) * o.inStride0 + o.size1;
  return span * 4 <= WHOLE_BLOCK_BYTES ? span * 4 : o.size0 * Math.min(STRIP_COLUMNS, o.size1) * 4;
}

function outerCopied(heap: Heap, x: Float32Array, o: SumOrder, out: Float32Array): void {
  const {size0, size1, inStride0, outStride1: os} = o;
  const span = (size0 - 1) * inStride0 + size1;
  if (span * 4 <= WHOLE_BLOCK_BYTES) {
    const [xs, ss, acc] = heap.reserve([span * 4, size1 * 4, ACC_BYTES]);
    const xv = new Float32Array(heap.memory.buffer, xs, span);
    const sv = new Float32Array(heap.memory.buffer, ss, size1);
    forEachBlock(o, (xBase, outBase) => {
      xv.set(x.subarray(xBase, xBase + span));
      heap.fns.sumOuterVector(xs, ss, size0, size1, inStride0, acc);
      for (let c = 0; c < size1; c++) out[outBase + c * os] += sv[c];
    });
    return;
  }
  const width = Math.min(STRIP_COLUMNS, size1);
  const [xs, ss, acc] = heap.reserve([size0 * width * 4, width * 4, ACC_BYTES]);
  const xv = new Float32Array(heap.memory.buffer, xs, size0 * width);
  const sv = new Float32Array(heap.memory.buffer, ss, width);
  forEachBlock(o, (xBase, outBase) => {
    for (let c0 = 0; c0 < size1; c0 += width) {
      const w = Math.min(width, size1 - c0);
      for (let r = 0, from = xBase + c0, to = 0; r < size0; r++, from += inStride0, to += w) {
        for (let c = 0; c < w; c++) xv[to + c] = x[from + c];
      }
      heap.fns.sumOuterVector(xs, ss, size0, w, w, acc);
      for (let c = 0; c < w; c++) out[outBase + (c0 + c) * os] += sv[c];
    }
  });
}

/** mean in tfjs-wasm's heap: x and out are views of tensors of `backend`, read in place. */
export function meanSimdHeap(backend: BackendWasm, x: Float32Array, plan: MeanPlan, out: Float32Array): boolean {
  const o = plan.sumOrder;
  if (!vectorBody(o) || !simdAvailable()) return false;
  const heap = getTfjsHeap(backend);
  if (heap === null) return meanSimd(x, plan, out);
  // Pointers before allocating: malloc may grow the memory and detach the views (the offsets stay valid).
  const [xs, os, outLength] = [x.byteOffset, out.byteOffset, out.length];
  const [ss, acc] = heap.reserve([o.size1 * 4, ACC_BYTES]);
  try {
    const ov = new Float32Array(heap.memory.buffer, os, outLength);
    const sv = new Float32Array(heap.memory.buffer, ss, o.size1);
    ov.fill(0);
    if (x.length > 0) {
      forEachBlock(o, (xBase, outBase) => {
        if (o.kind === 'innerVector') {
          heap.fns.sumInnerVector(xs + xBase * 4, ss, o.size1, o.size0, o.inStride1, acc);
        } else {
          heap.fns.sumOuterVector(xs + xBase * 4, ss, o.size0, o.size1, o.inStride0, acc);
        }
        for (let j = 0; j < o.size1; j++) ov[outBase + j * o.outStride1] += sv[j];
      });
    }
    divideSums(ov, plan.reduceSize);
  } finally {
    heap.release();
  }
  return true;
}
