/**
 * The SIMD path of the channels-last kernels on cpu and wasm: float32 box averages, their gradient and the max-pool
 * forward in the modules of ../simd/assembly/channels_last_avg.ts and channels_last_max.ts, lanes across channels
 * (every window tap a contiguous load of 4 channels; XNNPACK's NHWC order). Each lane performs the float32
 * operations of ./channels_last_scalar.ts, so results are bit-identical to it.
 *
 * Memories are box_simd.ts's: our own for the cpu backend (tensors copied in and out a chunk of batch entries, or a
 * slab of rows of a large entry, at a time), tfjs-wasm's heap for the wasm backend (in place). Every entry point returns false when it cannot run (no
 * WebAssembly SIMD or mode 'off', a divisor not exact in float32, a batch entry too large to copy) and the caller
 * runs the scalar loops.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {BoxPlan, DIVISOR_RULE_CODES, MaxPlan, WindowSpec, packTables} from '../../src/geometry';
import {Heap, MAX_COPIED_BYTES, getOwnHeap, getTfjsHeap, simdAvailable} from './box_simd';
import type {ChannelsLastTensor} from './channels_last_scalar';
import {packMaxTables} from './max_tables';

interface Exports {
  clAvgForward(...args: number[]): void;
  clAvgBackward(...args: number[]): void;
  clMaxForward(...args: number[]): void;
  clMaxValues(...args: number[]): void;
}

/** One module call over `batches` batch entries at x, y (and y2: the indices, or 0), with its tables and scratch. */
interface Pass {
  tab: Int32Array;
  /** floats per batch entry of x, y and y2 (0 where there is no y2) */
  inPer: number;
  outPer: number;
  out2Per: number;
  scratchBytes: number;
  /** every output: [0, O0, 0, O1] */
  outRange: Range;
  /** the forwards: how a batch entry splits into slabs of rows (the modules then take an output range) */
  slab: Slab | null;
  run(
    fns: Exports,
    x: number,
    y: number,
    y2: number,
    batches: number,
    tab: number,
    scratch: number,
    range: Range,
  ): void;
}

/** Outputs o0 in [range[0], range[1]), o1 in [range[2], range[3]) */
type Range = [number, number, number, number];

/**
 * A batch entry cut along its outermost spatial axis of plan.axes3 that is not trivial (0: depth in 3d, else 1): a
 * block of outputs [lo, hi) along it reads the input rows `inputRows(lo, hi)`, a contiguous slab of a channels-last
 * entry, so the cpu backend copies a cache-sized slab at a time rather than a whole entry.
 */
interface Slab {
  axis: 0 | 1;
  outSize: number;
  /** floats of one index along the axis, input and output */
  sliceIn: number;
  sliceOut: number;
  /** the input rows the outputs [lo, hi) read (lo ≥ hi: none) */
  inputRows(lo: number, hi: number): [number, number];
}

function slabOf<A extends {inSize: number; outSize: number}>(
  axes: A[],
  C: number,
  rows: (a: A, lo: number, hi: number) => [number, number],
): Slab {
  const axis = axes[0].inSize > 1 || axes[0].outSize > 1 ? 0 : 1;
  const inner = axis === 0 ? axes[1].inSize * axes[2].inSize : axes[2].inSize;
  const innerOut = axis === 0 ? axes[1].outSize * axes[2].outSize : axes[2].outSize;
  return {
    axis,
    outSize: axes[axis].outSize,
    sliceIn: inner * C,
    sliceOut: innerOut * C,
    inputRows: (lo, hi) => rows(axes[axis], lo, hi),
  };
}

/** Largest divisor the module's float32 arithmetic represents exactly. */
const EXACT_INT = 1 << 24;
/** Input bytes per chunk when copying into our own memory. */
const CHUNK_BYTES = 256 << 10;

function boxArgs(plan: BoxPlan, t: ChannelsLastTensor, productBelow: number): number[] | null {
  const [a0, a1, a2] = plan.axes3;
  const max = (f: Int32Array) => f.reduce((m, v) => Math.max(m, v), 0);
  const product = max(a0.factor) * max(a1.factor) * max(a2.factor);
  const d = plan.divisor;
  if (d.kind === 'override' ? Math.abs(d.value) > EXACT_INT : product > EXACT_INT) return null;
  const dov = d.kind === 'override' ? d.value : 0;
  const sizes = [a0.inSize, a1.inSize, a2.inSize, a0.outSize, a1.outSize, a2.outSize];
  return [t.addr.channels, ...sizes, DIVISOR_RULE_CODES[d.kind], dov, productBelow];
}

function avgForwardPass(plan: BoxPlan, spec: WindowSpec, t: ChannelsLastTensor, productBelow: number): Pass | null {
  const args = boxArgs(plan, t, productBelow);
  if (args === null) return null;
  const C = t.addr.channels;
  return {
    tab: packTables(plan, spec).values,
    inPer: t.addr.planeSize * C,
    outPer: cellsOut(plan) * C,
    out2Per: 0,
    // one window's tap offsets
    scratchBytes: 4 * plan.axes3.reduce((n, a) => n * a.end.reduce((m, e, o) => Math.max(m, e - a.start[o]), 0), 1),
    outRange: [0, plan.axes3[0].outSize, 0, plan.axes3[1].outSize],
    slab: slabOf(plan.axes3, C, (a, lo, hi) => {
      let [first, last] = [Infinity, -Infinity];
      for (let o = lo; o < hi; o++) {
        if (a.end[o] > a.start[o]) [first, last] = [Math.min(first, a.start[o]), Math.max(last, a.end[o])];
      }
      return first < last ? [first, last] : [0, 0];
    }),
    run: (fns, x, y, _y2, batches, tab, scratch, range) =>
      fns.clAvgForward(x, y, batches, ...args, tab, scratch, ...range),
  };
}

function avgBackwardPass(plan: BoxPlan, spec: WindowSpec, t: ChannelsLastTensor, productBelow: number): Pass | null {
  const args = boxArgs(plan, t, productBelow);
  if (args === null) return null;
  const C = t.addr.channels;
  const outPer = cellsOut(plan) * C;
  return {
    tab: packTables(plan, spec).values,
    inPer: outPer,
    outPer: t.addr.planeSize * C,
    out2Per: 0,
    scratchBytes: outPer * 4,
    outRange: [0, plan.axes3[0].outSize, 0, plan.axes3[1].outSize],
    slab: null,
    run: (fns, dy, dx, _y2, batches, tab, scratch) => fns.clAvgBackward(dy, dx, batches, ...args, tab, scratch),
  };
}

function maxForwardPass(plan: MaxPlan, t: ChannelsLastTensor, withIndices: boolean): Pass {
  const m = packMaxTables(plan);
  const C = t.addr.channels;
  const outPer = cellsOut(plan) * C;
  const args = [C, ...m.inSize, ...m.outSize, ...m.step];
  return {
    tab: m.values,
    inPer: t.addr.planeSize * C,
    outPer,
    out2Per: withIndices ? outPer : 0,
    // one window's taps (offset and cell) and its initial index
    scratchBytes: 8 * m.maxTaps + 4,
    outRange: [0, plan.axes3[0].outSize, 0, plan.axes3[1].outSize],
    slab: slabOf(plan.axes3, C, (a, lo, hi) => {
      let [first, last] = [Infinity, -Infinity];
      for (let o = lo; o < hi; o++) {
        if (a.count[o] > 0) {
          [first, last] = [Math.min(first, a.first[o]), Math.max(last, a.first[o] + (a.count[o] - 1) * a.step + 1)];
        }
      }
      return first < last ? [first, last] : [0, 0];
    }),
    run: withIndices
      ? (fns, x, y, y2, batches, tab, scratch, range) =>
          fns.clMaxForward(x, y, y2, batches, ...args, tab, ...m.base, scratch, ...range)
      : (fns, x, y, _y2, batches, tab, scratch, range) =>
          fns.clMaxValues(x, y, batches, ...args, tab, ...m.base, scratch, ...range),
  };
}

function cellsOut(plan: BoxPlan | MaxPlan): number {
  return plan.axes3.reduce((n, a) => n * a.outSize, 1);
}

/**
 * A pass over tensors held in JS typed arrays, through our own memory: a chunk of batch entries at a time, or, where
 * one entry's input passes CHUNK_BYTES and the pass has slabs, a slab of rows of one entry at a time (a copy the
 * module then reads while it is still in cache).
 */
function runCopied(pass: Pass, batches: number, x: Float32Array, y: Float32Array, y2: Int32Array | null): boolean {
  const blocks = pass.slab !== null && pass.inPer * 4 > CHUNK_BYTES ? slabBlocks(pass.slab) : null;
  const [inFloats, outFloats, chunk] =
    blocks !== null
      ? [
          Math.max(...blocks.map(b => (b.rows[1] - b.rows[0]) * pass.slab!.sliceIn)),
          Math.max(...blocks.map(b => (b.hi - b.lo) * pass.slab!.sliceOut)),
          1,
        ]
      : [
          pass.inPer,
          pass.outPer,
          Math.min(batches, Math.max(1, Math.floor(CHUNK_BYTES / 4 / Math.max(pass.inPer, 1)))),
        ];
  const out2Floats = pass.out2Per > 0 ? outFloats : 0;
  const bytes = pass.tab.byteLength + pass.scratchBytes + 4 * chunk * (inFloats + outFloats + out2Floats) + 64;
  if (bytes > MAX_COPIED_BYTES) return false;
  const heap: Heap = getOwnHeap();
  const [tab, xs, ys, y2s, scratch] = heap.reserve([
    pass.tab.byteLength,
    chunk * inFloats * 4,
    chunk * outFloats * 4,
    chunk * out2Floats * 4,
    pass.scratchBytes,
  ]);
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, tab, pass.tab.length).set(pass.tab);
  const xv = new Float32Array(buffer, xs, chunk * inFloats);
  const yv = new Float32Array(buffer, ys, chunk * outFloats);
  const y2v = new Int32Array(buffer, y2s, chunk * out2Floats);
  const fns = heap.fns as unknown as Exports;
  const copyOut = (n: number, at: number) => {
    y.set(yv.subarray(0, n), at);
    if (y2) y2.set(y2v.subarray(0, n), at);
  };
  if (blocks !== null) {
    const slab = pass.slab!;
    const full = pass.outRange;
    for (let n = 0; n < batches; n++) {
      for (const {lo, hi, rows} of blocks) {
        const from = n * pass.inPer + rows[0] * slab.sliceIn;
        xv.set(x.subarray(from, from + (rows[1] - rows[0]) * slab.sliceIn));
        const range: Range = slab.axis === 0 ? [lo, hi, full[2], full[3]] : [full[0], full[1], lo, hi];
        // x at the slab's place in the entry: the module reads rows rows[0].. at their own offsets (wraps in u32)
        pass.run(fns, (xs - rows[0] * slab.sliceIn * 4) | 0, ys, y2 ? y2s : 0, 1, tab, scratch, range);
        copyOut((hi - lo) * slab.sliceOut, n * pass.outPer + lo * slab.sliceOut);
      }
    }
    return true;
  }
  for (let n = 0; n < batches; n += chunk) {
    const k = Math.min(chunk, batches - n);
    xv.set(x.subarray(n * pass.inPer, (n + k) * pass.inPer));
    pass.run(fns, xs, ys, y2 ? y2s : 0, k, tab, scratch, pass.outRange);
    copyOut(k * pass.outPer, n * pass.outPer);
  }
  return true;
}

/** Output blocks along the slab's axis whose input rows stay within CHUNK_BYTES (at least one output each). */
function slabBlocks(slab: Slab): {lo: number; hi: number; rows: [number, number]}[] {
  const blocks = [];
  for (let lo = 0; lo < slab.outSize;) {
    let hi = lo + 1;
    while (hi < slab.outSize) {
      const [a, b] = slab.inputRows(lo, hi + 1);
      if ((b - a) * slab.sliceIn * 4 > CHUNK_BYTES) break;
      hi++;
    }
    blocks.push({lo, hi, rows: slab.inputRows(lo, hi)});
    lo = hi;
  }
  return blocks;
}

/** A pass in place in tfjs-wasm's heap (x, y, y2 are views of it); false if the heap cannot be imported. */
function runInHeap(
  backend: BackendWasm,
  pass: Pass,
  batches: number,
  x: Float32Array,
  y: Float32Array,
  y2: Int32Array | null,
): boolean {
  const heap = getTfjsHeap(backend);
  if (heap === null) return false;
  // Pointers before allocating: malloc may grow the memory and detach the views (the offsets stay valid).
  const [xs, ys, y2s] = [x.byteOffset, y.byteOffset, y2 ? y2.byteOffset : 0];
  const [tab, scratch] = heap.reserve([pass.tab.byteLength, pass.scratchBytes]);
  try {
    new Int32Array(heap.memory.buffer, tab, pass.tab.length).set(pass.tab);
    pass.run(heap.fns as unknown as Exports, xs, ys, y2s, batches, tab, scratch, pass.outRange);
  } finally {
    heap.release();
  }
  return true;
}

/** Runs `pass` in tfjs-wasm's heap when `backend` is given (copying where it cannot be imported), else copied. */
function run(
  backend: BackendWasm | null,
  pass: Pass | null,
  t: ChannelsLastTensor,
  x: Float32Array,
  y: Float32Array,
  y2: Int32Array | null,
): boolean {
  if (pass === null) return false;
  if (y.length === 0) return true;
  return (backend !== null && runInHeap(backend, pass, t.batches, x, y, y2)) || runCopied(pass, t.batches, x, y, y2);
}

/** Forward box average of a channels-last float32 tensor; `backend` given: x and out are views of its heap. */
export function boxAverageChannelsLastSimd(
  backend: BackendWasm | null,
  x: Float32Array,
  plan: BoxPlan,
  spec: WindowSpec,
  t: ChannelsLastTensor,
  productBelow: number,
  out: Float32Array,
): boolean {
  return simdAvailable() && run(backend, avgForwardPass(plan, spec, t, productBelow), t, x, out, null);
}

/** Gradient of the channels-last box average: dy (the output's layout) to dx (x's). */
export function boxAverageGradChannelsLastSimd(
  backend: BackendWasm | null,
  dy: Float32Array,
  plan: BoxPlan,
  spec: WindowSpec,
  t: ChannelsLastTensor,
  productBelow: number,
  dx: Float32Array,
): boolean {
  return simdAvailable() && run(backend, avgBackwardPass(plan, spec, t, productBelow), t, dy, dx, null);
}

/** Max-pool forward of a channels-last float32 tensor: values, and indices where `indices` is given. */
export function maxPoolChannelsLastSimd(
  backend: BackendWasm | null,
  x: Float32Array,
  plan: MaxPlan,
  t: ChannelsLastTensor,
  out: Float32Array,
  indices: Int32Array | null,
): boolean {
  return simdAvailable() && run(backend, maxForwardPass(plan, t, indices !== null), t, x, out, indices);
}
