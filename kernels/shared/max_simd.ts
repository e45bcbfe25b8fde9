/**
 * The SIMD path of the cpu and wasm max pools: the float32 forward of a plain max pool runs in small WebAssembly
 * modules, with the modules, memories and heaps of ./box_simd.ts: values and indices in one pass
 * (../simd/assembly/max_simd.ts explains the lanes and why every lane's result is the scalar loop's bit for bit), or,
 * when no indices are wanted (`indices` null: TorchMaxPoolValues), values alone, separably: rows first
 * (../simd/assembly/max_values.ts says why that is still the scalar loop's result bit for bit), or, where output rows
 * are two or more input rows apart, columns first with the rows whose result could differ redone in scan order
 * (../simd/assembly/max_columns.ts; 2d k3 s2 pools in ../simd/assembly/max_k3s2.ts).
 *
 * This file decides whether a plan fits (a max plan whose last-axis windows are strided taps, src/geometry's
 * stridedTaps, within the module's limits), lays out the tables the module reads (the packed max tables,
 * src/geometry/packed_tables.ts packMaxTables, the one layout) and moves data. Every entry
 * returns false when it cannot run (no WebAssembly SIMD, adaptive bins of uneven lengths along the last axis) and the
 * caller runs the scalar loops of
 * ./max_pool.ts, which stay the reference definition and serve int32 tensors.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {packMaxTables, perPlan, stridedTaps} from '../../src/geometry';
import type {MaxPlan, MaxWindowSpec} from '../../src/geometry';
import {Heap, MAX_COPIED_BYTES, getOwnHeap, getTfjsHeap, simdAvailable} from './box_simd';

interface MaxLayout {
  D: number;
  H: number;
  W: number;
  O0: number;
  O1: number;
  O2: number;
  dil0: number;
  dil1: number;
  K: number;
  S: number;
  P: number;
  dil: number;
  /** the most rows (in-bounds taps along the height axis) of any window */
  rows: number;
  /** padded row length of the scratch rows (-inf both sides) */
  Wp: number;
  tab: Int32Array;
  base: [number, number, number];
}

const layoutOf = perPlan<MaxLayout | null, MaxPlan, MaxWindowSpec>(buildLayout);

function buildLayout(plan: MaxPlan, spec: MaxWindowSpec): MaxLayout | null {
  const [a0, a1, a2] = plan.axes3;
  if ([a0, a1, a2].some(a => a.inSize <= 0 || a.outSize <= 0)) return null;
  const W = a2.inSize;
  const O2 = a2.outSize;
  // The last axis's taps, as the geometry gives them (a plain pool's, or uniform adaptive bins: 56 → 7), checked
  // there against the tables; uneven bins have none and run the scalar loop.
  const w = stridedTaps(a2, spec, plan.axes.length - 1);
  if (w === null) return null;
  const {k: K, s: S, p: P, d: dil} = w;
  // A kernel or stride far past the padded row (kernel 2^31-1 runs in ceil mode: one window) would make the scratch
  // row below as long as the kernel: the scalar loop serves such pools.
  if (K > 2 * (W + 2 * P) + 8 || S > 2 * (W + 2 * P) + 8) return null;
  // The module's arguments are i32: a dilation past int32 (valid in PyTorch where the kernel has one tap: 2^40 with
  // kernel 1) would wrap, so such pools run the scalar loop too.
  if ([dil, a0.step, a1.step, P].some(v => v > 0x7fffffff)) return null;
  // A lane group starts at most at max(O2, 4) - 4 and reads 4 lanes (stride 2: 8 floats) of K taps.
  const Wp = (Math.max(P + W, Math.max(O2, 4) * S + (K - 1) * dil + 8) + 3) & ~3;
  const t = packMaxTables(plan);
  return {
    D: a0.inSize,
    H: a1.inSize,
    W,
    O0: a0.outSize,
    O1: a1.outSize,
    O2,
    dil0: a0.step,
    dil1: a1.step,
    K,
    S,
    P,
    dil,
    rows: a1.count.reduce((m, c) => Math.max(m, c), 0),
    Wp,
    tab: t.values,
    base: t.base,
  };
}

/** Whether the SIMD forward serves this plan (for tests). */
export function maxSimdApplies(plan: MaxPlan, spec: MaxWindowSpec): boolean {
  return simdAvailable() && layoutOf(plan, spec) !== null;
}

/** The module entry the values-only forward runs for this plan, null for the scalar loop (for tests). */
export function maxValuesEntry(plan: MaxPlan, spec: MaxWindowSpec): ValuesEntry | null {
  const l = simdAvailable() ? layoutOf(plan, spec) : null;
  return l === null ? null : valuesEntry(l);
}

/**
 * Table and scratch bytes of one call (the table gets 16 spare bytes: a lane group's v128 read of `first`; the
 * scratch holds two padded planes, which the module pools at once).
 */
function sizes(l: MaxLayout): [number, number] {
  return [l.tab.byteLength + 16, 2 * l.D * l.H * l.Wp * 4];
}

/**
 * Whether the values-only forward runs columns first (../simd/assembly/max_columns.ts): where output rows are two or
 * more input rows apart on average (row strides ≥ 2, adaptive 56 → 7), so that reducing each output row's column
 * maxima along the last axis is less work than reducing every input row (rows first, max_values.ts).
 */
function columnsFirst(l: MaxLayout): boolean {
  return l.D * l.H >= 2 * l.O0 * l.O1;
}

/** Floats of one row result of the values-only modules (Q: the output row rounded up to whole lane groups). */
const rowFloats = (l: MaxLayout) => (Math.max(l.O2, 4) + 3) & ~3;

/** Floats of the columns-first module's row of column maxima (the input row rounded up to whole lane groups). */
const colFloats = (l: MaxLayout) => (Math.max(l.W, 4) + 3) & ~3;

/**
 * Scratch bytes of the values-only modules: rows first, one row result per input row of a plane; columns first, one
 * row of column maxima (W floats) and one row result.
 */
function rowsBytes(l: MaxLayout): number {
  if (columnsFirst(l)) return (colFloats(l) + rowFloats(l)) * 4;
  return l.D * l.H * rowFloats(l) * 4;
}

/**
 * Whether the columns-first values run ../simd/assembly/max_k3s2.ts: 2d pools (one depth) with kernel 3, stride 2
 * and dilation 1 along the row (padding is at most 1 there: PyTorch's half-kernel rule) whose windows span at most
 * three rows (the module's row loop is unrolled for three).
 */
const k3s2 = (l: MaxLayout) =>
  l.D === 1 && l.O0 === 1 && l.K === 3 && l.S === 2 && l.dil === 1 && l.P <= 1 && l.rows <= 3;

/**
 * Whether the columns-first values run max_columns.ts's tiled rows: last-axis windows that tile the row four at a
 * time (kernel = stride, a multiple of 4, no padding or dilation, at least four windows, all whole: adaptive 56 → 7).
 */
const tiled = (l: MaxLayout) =>
  l.K === l.S && l.K % 4 === 0 && l.dil === 1 && l.P === 0 && l.O2 >= 4 && l.O2 * l.K <= l.W;

/**
 * Bytes past the input that a values-only call may read (max_k3s2.ts's chunks that reach past a row's end are
 * loaded whole, their outside lanes discarded): the heap must hold them.
 */
const READ_PAST = 128;

type ValuesEntry =
  'maxValues' | 'maxValuesStride1' | 'maxValuesStride2' | 'maxK3S2' | 'maxColumnsTiled' | 'maxColumnsK2' | 'maxColumns';

/** The one choice of the values-only module entry (run calls it; maxValuesEntry shows it to tests). */
function valuesEntry(l: MaxLayout): ValuesEntry {
  if (!columnsFirst(l)) return l.S === 1 ? 'maxValuesStride1' : l.S === 2 ? 'maxValuesStride2' : 'maxValues';
  if (k3s2(l)) return 'maxK3S2';
  return tiled(l) ? 'maxColumnsTiled' : l.S === 2 && l.K === 2 ? 'maxColumnsK2' : 'maxColumns';
}

/** Values and indices (idx a pointer), or values alone (idx null; scratch then holds rowsBytes). */
function run(
  heap: Heap,
  l: MaxLayout,
  x: number,
  out: number,
  idx: number | null,
  planes: number,
  tab: number,
  scratch: number,
): void {
  if (idx === null) {
    const row = scratch + colFloats(l) * 4; // columns first: the row result after the row of column maxima
    const entry = valuesEntry(l);
    switch (entry) {
      case 'maxK3S2':
        heap.fns.maxK3S2(x, out, planes, l.H, l.W, l.O1, l.O2, l.dil1, l.P, tab, l.base[1], row);
        break;
      case 'maxColumnsTiled':
        heap.fns.maxColumnsTiled(
          x,
          out,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          l.dil0,
          l.dil1,
          l.K,
          tab,
          l.base[0],
          l.base[1],
          scratch,
          row,
        );
        break;
      case 'maxColumnsK2':
        heap.fns.maxColumnsK2(
          x,
          out,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          l.dil0,
          l.dil1,
          l.P,
          l.dil,
          tab,
          l.base[0],
          l.base[1],
          scratch,
          row,
        );
        break;
      case 'maxColumns':
        heap.fns.maxColumns(
          x,
          out,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          l.dil0,
          l.dil1,
          l.K,
          l.S,
          l.P,
          l.dil,
          tab,
          l.base[0],
          l.base[1],
          scratch,
          row,
        );
        break;
      case 'maxValues':
        heap.fns.maxValues(
          x,
          out,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          l.dil0,
          l.dil1,
          l.K,
          l.S,
          l.P,
          l.dil,
          tab,
          l.base[0],
          l.base[1],
          scratch,
        );
        break;
      default: // maxValuesStride1, maxValuesStride2: the stride is the entry's
        heap.fns[entry](
          x,
          out,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          l.dil0,
          l.dil1,
          l.K,
          l.P,
          l.dil,
          tab,
          l.base[0],
          l.base[1],
          scratch,
        );
    }
    return;
  }
  if (l.S === 1 || l.S === 2) {
    heap.fns[l.S === 1 ? 'maxForwardRowsStride1' : 'maxForwardRowsStride2'](
      x,
      out,
      idx,
      planes,
      l.D,
      l.H,
      l.W,
      l.O0,
      l.O1,
      l.O2,
      l.dil0,
      l.dil1,
      l.K,
      l.P,
      l.dil,
      l.Wp,
      tab,
      l.base[0],
      l.base[1],
      l.base[2],
      scratch,
    );
  } else {
    heap.fns.maxForwardRows(
      x,
      out,
      idx,
      planes,
      l.D,
      l.H,
      l.W,
      l.O0,
      l.O1,
      l.O2,
      l.dil0,
      l.dil1,
      l.K,
      l.S,
      l.P,
      l.dil,
      l.Wp,
      tab,
      l.base[0],
      l.base[1],
      l.base[2],
      scratch,
    );
  }
}

/** Input bytes per chunk when tensors are copied into our own memory (cache-sized). */
const CHUNK_BYTES = 256 << 10;

/**
 * Forward max pool of a float32 tensor held in a JS typed array (cpu backend): values and indices, or the values
 * alone where `indices` is null.
 */
export function maxPoolSimd(
  x: Float32Array,
  plan: MaxPlan,
  spec: MaxWindowSpec,
  out: Float32Array,
  indices: Int32Array | null,
): boolean {
  const l = simdAvailable() ? layoutOf(plan, spec) : null;
  if (l === null) return false;
  if (out.length === 0) return true;
  const planeIn = l.D * l.H * l.W;
  const planeOut = l.O0 * l.O1 * l.O2;
  const [tabBytes, scratchBytes] = sizes(l);
  // A plane that does not fit in our own memory (an adaptive pool's output can be far larger than its input) runs
  // in the kernel's JS loop instead (box_simd.ts MAX_COPIED_BYTES).
  const fits = Math.floor((MAX_COPIED_BYTES - tabBytes - scratchBytes - READ_PAST) / (4 * (planeIn + 2 * planeOut)));
  if (fits < 1) return false;
  const chunk = Math.min(plan.planes, Math.max(1, Math.floor(CHUNK_BYTES / 4 / planeIn)), fits);
  const heap = getOwnHeap();
  const [tab, xs, ys, is, scratch] = heap.reserve([
    tabBytes,
    chunk * planeIn * 4 + READ_PAST,
    chunk * planeOut * 4,
    indices ? chunk * planeOut * 4 : 0,
    indices ? scratchBytes : rowsBytes(l),
  ]);
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, tab, l.tab.length).set(l.tab);
  const xv = new Float32Array(buffer, xs, chunk * planeIn);
  const yv = new Float32Array(buffer, ys, chunk * planeOut);
  const iv = new Int32Array(buffer, is, indices ? chunk * planeOut : 0);
  for (let p = 0; p < plan.planes; p += chunk) {
    const n = Math.min(chunk, plan.planes - p);
    xv.set(x.subarray(p * planeIn, (p + n) * planeIn));
    run(heap, l, xs, ys, indices ? is : null, n, tab, scratch);
    out.set(n === chunk ? yv : yv.subarray(0, n * planeOut), p * planeOut);
    indices?.set(n === chunk ? iv : iv.subarray(0, n * planeOut), p * planeOut);
  }
  return true;
}

/**
 * Forward max pool in tfjs-wasm's heap: x, out and indices are views of tensors of `backend` (values alone where
 * `indices` is null).
 */
export function maxPoolSimdHeap(
  backend: BackendWasm,
  x: Float32Array,
  plan: MaxPlan,
  spec: MaxWindowSpec,
  out: Float32Array,
  indices: Int32Array | null,
): boolean {
  const l = simdAvailable() ? layoutOf(plan, spec) : null;
  if (l === null) return false;
  if (out.length === 0) return true;
  const heap = getTfjsHeap(backend);
  if (heap === null) return maxPoolSimd(x, plan, spec, out, indices);
  // Pointers before allocating: malloc may grow the memory and detach the views (the offsets stay valid).
  const [xs, ys, is] = [x.byteOffset, out.byteOffset, indices ? indices.byteOffset : null];
  const [tab, scratch] = heap.reserve([sizes(l)[0], indices ? sizes(l)[1] : rowsBytes(l)]);
  if (xs + x.byteLength + READ_PAST > heap.memory.buffer.byteLength) {
    // the input ends the memory (not expected: the allocator keeps its records past its last block): copy it into
    // our own memory, which leaves the room (views again: reserve may have grown the memory and detached them)
    heap.release();
    const buffer = heap.memory.buffer;
    return maxPoolSimd(
      new Float32Array(buffer, xs, x.length),
      plan,
      spec,
      new Float32Array(buffer, ys, out.length),
      is === null ? null : new Int32Array(buffer, is, out.length),
    );
  }
  try {
    new Int32Array(heap.memory.buffer, tab, l.tab.length).set(l.tab);
    run(heap, l, xs, ys, is, plan.planes, tab, scratch);
  } finally {
    heap.release();
  }
  return true;
}
