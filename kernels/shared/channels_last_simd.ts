/**
 * The SIMD path of the channels-last kernels on cpu and wasm: float32 box averages, their gradient and the max-pool
 * forward in the modules of ../simd/assembly/channels_last_avg.ts and channels_last_max.ts, lanes across channels
 * (every window tap a contiguous load of 4 channels; XNNPACK's NHWC order). Each lane performs the float32
 * operations of ./channels_last_scalar.ts, so results are bit-identical to it.
 *
 * Memories are box_simd.ts's: our own for the cpu backend (tensors copied in and out a chunk of batch entries at a
 * time), tfjs-wasm's heap for the wasm backend (in place). Every entry point returns false when it cannot run (no
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
  run(fns: Exports, x: number, y: number, y2: number, batches: number, tab: number, scratch: number): void;
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
    run: (fns, x, y, _y2, batches, tab, scratch) => fns.clAvgForward(x, y, batches, ...args, tab, scratch),
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
    run: withIndices
      ? (fns, x, y, y2, batches, tab, scratch) => fns.clMaxForward(x, y, y2, batches, ...args, tab, ...m.base, scratch)
      : (fns, x, y, _y2, batches, tab, scratch) => fns.clMaxValues(x, y, batches, ...args, tab, ...m.base, scratch),
  };
}

function cellsOut(plan: BoxPlan | MaxPlan): number {
  return plan.axes3.reduce((n, a) => n * a.outSize, 1);
}

/** A pass over tensors held in JS typed arrays, a chunk of batch entries at a time through our own memory. */
function runCopied(pass: Pass, batches: number, x: Float32Array, y: Float32Array, y2: Int32Array | null): boolean {
  const per = 4 * (pass.inPer + pass.outPer + pass.out2Per);
  const fits = Math.floor((MAX_COPIED_BYTES - pass.tab.byteLength - pass.scratchBytes) / Math.max(per, 1));
  if (fits < 1) return false;
  const chunk = Math.min(batches, fits, Math.max(1, Math.floor(CHUNK_BYTES / 4 / Math.max(pass.inPer, 1))));
  const heap: Heap = getOwnHeap();
  const [tab, xs, ys, y2s, scratch] = heap.reserve([
    pass.tab.byteLength,
    chunk * pass.inPer * 4,
    chunk * pass.outPer * 4,
    chunk * pass.out2Per * 4,
    pass.scratchBytes,
  ]);
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, tab, pass.tab.length).set(pass.tab);
  const xv = new Float32Array(buffer, xs, chunk * pass.inPer);
  const yv = new Float32Array(buffer, ys, chunk * pass.outPer);
  const y2v = new Int32Array(buffer, y2s, chunk * pass.out2Per);
  const fns = heap.fns as unknown as Exports;
  for (let n = 0; n < batches; n += chunk) {
    const k = Math.min(chunk, batches - n);
    xv.set(x.subarray(n * pass.inPer, (n + k) * pass.inPer));
    pass.run(fns, xs, ys, y2 ? y2s : 0, k, tab, scratch);
    y.set(yv.subarray(0, k * pass.outPer), n * pass.outPer);
    if (y2) y2.set(y2v.subarray(0, k * pass.out2Per), n * pass.out2Per);
  }
  return true;
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
    pass.run(heap.fns as unknown as Exports, xs, ys, y2s, batches, tab, scratch);
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
