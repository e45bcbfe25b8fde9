/**
 * The SIMD path of the cpu and wasm kernels: float32 box averages and their gradient run in small
 * WebAssembly modules (AssemblyScript source ../simd/assembly/box_simd.ts, embedded in ../simd/pool_simd_wasm.ts by
 * scripts/build-simd.mjs; each under 4 KB, so browsers compile them synchronously on the main thread too).
 *
 * Method: each SIMD lane is one output, summing its own window in the scalar loop's row-major order from +0 in
 * float32, so every lane performs the float32 operations of kernels/shared/box_average_scalar.ts and the result is
 * bit-identical to it (and to PyTorch); the module source explains why its zero padding changes no bit. Lanes run
 * along rows (stride 1, or stride 2 split into phase rows, two output rows at a time in the forward; stride 2
 * without padding read in place; uniform windows along the last axis) or across 4 planes (any geometry;
 * interleaved into scratch, or read in place through 4×4 transposes where every window row has 4 taps or more).
 * This file decides which, checks that a plan fits (divisors exact in float32), lays out the tables the modules
 * read, and moves data: the modules work on a memory they import,
 * either one of our own (cpu backend: tensors are copied in and out a chunk of planes at a time) or tfjs-wasm's heap
 * (wasm backend: in place, scratch from its malloc; a heap shared between threads cannot be imported, and is copied
 * like the cpu's).
 *
 * The max-pool forward's modules (../simd/assembly/max_simd.ts, values and indices; ../simd/assembly/max_values.ts,
 * values only) and the mean's (../simd/assembly/sum_cascade.ts) are compiled and instantiated with these; their entry
 * points live in ./max_simd.ts and ./mean_simd.ts, which use the heaps exported here.
 *
 * Every entry point returns false when it cannot run (no WebAssembly SIMD, a plan whose divisors are not exact in
 * float32) and the caller runs the scalar loops, which stay the reference
 * definition and also serve int32 tensors.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {
  BoxPlan,
  DIVISOR_RULE_CODES,
  SimdRowsLayout,
  WindowSpec,
  packTables,
  perPlan,
  simdRowsLayout,
} from '../../src/geometry';
import {POOL_SIMD_WASM} from '../simd/pool_simd_wasm';

interface Exports {
  boxForward(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    K: number,
    S: number,
    P: number,
    M: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
  ): void;
  boxForwardStride1(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    K: number,
    P: number,
    M: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
  ): void;
  boxForwardStride2(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    K: number,
    P: number,
    M: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
  ): void;
  boxBackward(
    dy: number,
    dx: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    S: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
    Qd: number,
    Md: number,
    Mi: number,
  ): void;
  boxForwardPlanes(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
  ): void;
  boxForwardPlanesDirect(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    rule: number,
    divisorOverride: number,
    tab: number,
  ): void;
  boxBackwardPlanes(
    dy: number,
    dx: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    rule: number,
    divisorOverride: number,
    tab: number,
    scratch: number,
  ): void;
  /** PyTorch's float32 sum, the vector bodies (../simd/assembly/sum_cascade.ts), run by ./mean_simd.ts */
  sumInnerVector(x: number, sums: number, rows: number, size0: number, rowStride: number, acc: number): void;
  sumOuterVector(x: number, sums: number, size0: number, size1: number, inStride0: number, acc: number): void;
  /** the max-pool forward (../simd/assembly/max_simd.ts), run by ./max_simd.ts */
  maxForwardRows(
    x: number,
    out: number,
    idx: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    S: number,
    P: number,
    dil: number,
    Wp: number,
    tab: number,
    b0: number,
    b1: number,
    b2: number,
    scratch: number,
  ): void;
  maxForwardRowsStride1(
    x: number,
    out: number,
    idx: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    P: number,
    dil: number,
    Wp: number,
    tab: number,
    b0: number,
    b1: number,
    b2: number,
    scratch: number,
  ): void;
  maxForwardRowsStride2(
    x: number,
    out: number,
    idx: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    P: number,
    dil: number,
    Wp: number,
    tab: number,
    b0: number,
    b1: number,
    b2: number,
    scratch: number,
  ): void;
  /** the values-only max-pool forward (../simd/assembly/max_values.ts), run by ./max_simd.ts */
  maxValues(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    S: number,
    P: number,
    dil: number,
    tab: number,
    b0: number,
    b1: number,
    rows: number,
  ): void;
  maxValuesStride1(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    P: number,
    dil: number,
    tab: number,
    b0: number,
    b1: number,
    rows: number,
  ): void;
  maxValuesStride2(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    P: number,
    dil: number,
    tab: number,
    b0: number,
    b1: number,
    rows: number,
  ): void;
  /** the same, columns first (../simd/assembly/max_columns.ts), run by ./max_simd.ts */
  maxColumns(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    S: number,
    P: number,
    dil: number,
    tab: number,
    b0: number,
    b1: number,
    col: number,
    row: number,
  ): void;
  maxColumnsK2(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    P: number,
    dil: number,
    tab: number,
    b0: number,
    b1: number,
    col: number,
    row: number,
  ): void;
  /** last-axis windows that tile the row (adaptive 56 → 7), four at a time (../simd/assembly/max_columns.ts) */
  maxColumnsTiled(
    x: number,
    out: number,
    planes: number,
    D: number,
    H: number,
    W: number,
    O0: number,
    O1: number,
    O2: number,
    dil0: number,
    dil1: number,
    K: number,
    tab: number,
    b0: number,
    b1: number,
    col: number,
    row: number,
  ): void;
  /** 2d pools with kernel 3, stride 2 along the row, columns first and fused (../simd/assembly/max_k3s2.ts) */
  maxK3S2(
    x: number,
    out: number,
    planes: number,
    H: number,
    W: number,
    O1: number,
    O2: number,
    dil1: number,
    P: number,
    tab: number,
    b1: number,
    row: number,
  ): void;
}

// ------------------------------------------------------------------------------------------------------------------
// Module and memories

/**
 * 'auto': lanes along rows for stride 1 along the last axis, lanes across planes otherwise; 'rows' / 'planes' force
 * one (rows only where windows are uniform; 'planes' through the interleaved copy, 'direct' the forward's planes read
 * in place); 'off': the scalar loops. For tests and benchmarks.
 */
export type BoxSimdMode = 'auto' | 'rows' | 'planes' | 'direct' | 'off';
let mode: BoxSimdMode = 'auto';
let compiled: WebAssembly.Module[] | null | undefined;

export function setBoxSimdMode(m: BoxSimdMode): void {
  mode = m;
}

/**
 * The compiled modules, or null where WebAssembly SIMD is missing. Each module is under 4 KB, the size browsers
 * compile and instantiate synchronously on the main thread (scripts/build-simd.mjs checks it).
 */
function wasmModules(): WebAssembly.Module[] | null {
  if (mode === 'off') return null;
  if (compiled === undefined) {
    compiled = null;
    try {
      if (typeof WebAssembly === 'object' && typeof atob === 'function') {
        const modules = Object.values(POOL_SIMD_WASM).map(b64 => {
          const text = atob(b64);
          const bytes = new Uint8Array(text.length);
          for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
          // validate() is false where WebAssembly has no SIMD (the modules use v128 throughout).
          return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
        });
        if (modules.every(m => m !== null)) compiled = modules as WebAssembly.Module[];
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the SIMD modules can run here (WebAssembly SIMD present, mode not 'off'). */
export function simdAvailable(): boolean {
  return wasmModules() !== null;
}

/** The modules' functions working in `memory`. */
function instantiate(memory: WebAssembly.Memory): Exports {
  const fns = {};
  for (const m of wasmModules()!) Object.assign(fns, new WebAssembly.Instance(m, {env: {memory}}).exports);
  return fns as Exports;
}

/** A memory the module works in, with a way to get scratch bytes in it. */
export interface Heap {
  memory: WebAssembly.Memory;
  fns: Exports;
  /** byte offsets of regions of the given sizes (16-byte aligned); valid until release() */
  reserve(sizes: number[]): number[];
  release(): void;
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Our own memory for the cpu backend: one bump region from offset 0, grown on demand. */
let ownHeap: Heap | undefined;
export function getOwnHeap(): Heap {
  if (ownHeap === undefined) {
    const memory = new WebAssembly.Memory({initial: 1});
    ownHeap = {
      memory,
      fns: instantiate(memory),
      reserve(sizes) {
        const offsets: number[] = [];
        let end = 0;
        for (const s of sizes) {
          offsets.push(end);
          end += align16(s);
        }
        const have = memory.buffer.byteLength;
        if (end > have) memory.grow(Math.ceil((end - have) / 65536));
        return offsets;
      },
      release() {},
    };
  }
  return ownHeap;
}

interface TfjsWasmModule {
  _malloc(n: number): number;
  _free(p: number): void;
  asm?: {memory?: WebAssembly.Memory};
  wasmMemory?: WebAssembly.Memory;
}

/** tfjs-wasm's own heap (null when it is shared between threads, which our module cannot import). */
const tfjsHeaps = new WeakMap<object, Heap | null>();
export function getTfjsHeap(backend: BackendWasm): Heap | null {
  const wasm = backend.wasm as unknown as TfjsWasmModule;
  if (wasmModules() === null) return null;
  let heap = tfjsHeaps.get(wasm);
  if (heap === undefined) {
    heap = null;
    const memory = wasm.asm?.memory ?? wasm.wasmMemory;
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    let fns: Exports | null = null;
    if (memory !== undefined && typeof memory.grow === 'function' && !shared && typeof wasm._malloc === 'function') {
      try {
        fns = instantiate(memory);
      } catch {
        fns = null; // a memory our modules cannot import: the caller copies into our own memory instead
      }
    }
    if (fns !== null) {
      let block = 0;
      heap = {
        memory: memory!,
        fns,
        reserve(sizes) {
          const total = sizes.reduce((a, s) => a + align16(s), 0);
          block = wasm._malloc(total + 16) >>> 0;
          if (block === 0) throw new Error(`tfjs-torch-ops: wasm heap allocation of ${total} bytes failed`);
          let at = align16(block);
          return sizes.map(s => {
            const o = at;
            at += align16(s);
            return o;
          });
        },
        release() {
          if (block !== 0) wasm._free(block);
          block = 0;
        },
      };
    }
    tfjsHeaps.set(wasm, heap);
  }
  return heap;
}

// ------------------------------------------------------------------------------------------------------------------
// Layout: does a plan fit, and the tables the module reads

/** Largest divisor the module's float32 arithmetic represents exactly (the scalar loops divide in float64). */
const EXACT_INT = 1 << 24;

interface Layout {
  D: number;
  H: number;
  W: number;
  O0: number;
  O1: number;
  O2: number;
  rule: number;
  divisorOverride: number;
  /** the plan's packed tables (src/geometry/packed_tables.ts), read by every module through table_layout.ts */
  tab: Int32Array;
  /** lanes along rows, when the last axis's windows are strided (src/geometry/simd_layout.ts; null otherwise) */
  rows: SimdRowsLayout | null;
  /** the shortest window along the last axis (taps per window row) */
  minRow2: number;
}

const layoutOf = perPlan(buildLayout);

function buildLayout(plan: BoxPlan, spec: WindowSpec): Layout | null {
  const [a0, a1, a2] = plan.axes3;
  if (a2.outSize <= 0 || a2.inSize <= 0) return null;
  // Divisors: exact in float32 (they are, for any real pool; a 2^24-element window is not one).
  const rule = DIVISOR_RULE_CODES[plan.divisor.kind];
  const divisorOverride = plan.divisor.kind === 'override' ? plan.divisor.value : 0;
  const max = (f: Int32Array) => f.reduce((m, v) => Math.max(m, v), 0);
  if (
    plan.divisor.kind === 'override'
      ? Math.abs(divisorOverride) > EXACT_INT
      : plan.divisor.kind === 'product'
        ? max(a0.factor) * max(a1.factor) * max(a2.factor) > EXACT_INT
        : Math.max(max(a0.factor), max(a1.factor), max(a2.factor)) > EXACT_INT
  ) {
    return null;
  }
  return {
    D: a0.inSize,
    H: a1.inSize,
    W: a2.inSize,
    O0: a0.outSize,
    O1: a1.outSize,
    O2: a2.outSize,
    rule,
    divisorOverride,
    tab: packTables(plan, spec).values,
    rows: simdRowsLayout(plan, spec),
    minRow2: a2.end.reduce((m, e, o) => Math.min(m, e - a2.start[o]), Infinity),
  };
}

/** Which SIMD path a plan's forward takes under the current mode (null: the scalar loops). For tests. */
export function boxSimdPath(plan: BoxPlan, spec: WindowSpec): 'rows' | 'planes' | null {
  const l = wasmModules() === null ? null : layoutOf(plan, spec);
  return l === null ? null : useRows(l, true) ? 'rows' : 'planes';
}

/**
 * Lanes along rows where loads are cheap (stride 1 along the last axis; stride 2 read straight from the input, or in
 * the forward through phase rows split two vectors at a time: module alone, k3 s2 p1 over [8,64,56,56] 0.69 ms
 * against 0.91 across planes, ceil mode 0.75 against 0.95, 3d k3 s2 p1 over [2,16,16,32,32] 0.25 against 0.30) or
 * across planes (everything else, where de-interleaving rows would cost more than interleaving planes; the backward
 * at stride 2 with padding).
 */
function useRows(l: Layout, forward: boolean): l is Layout & {rows: SimdRowsLayout} {
  const r = l.rows;
  return (
    r !== null &&
    (mode === 'rows' || (mode === 'auto' && (r.S === 1 || r.M === 0 || (forward && r.S === 2 && l.O2 >= 4))))
  );
}

/**
 * Lanes across planes read in place (boxForwardPlanesDirect) where every window's row along the last axis holds at
 * least 4 taps: each transposed block of 4 loads is then used whole.
 */
function useDirectPlanes(l: Layout): boolean {
  return mode === 'direct' || (mode === 'auto' && l.minRow2 >= 4);
}

/** The module call of one forward or backward pass, with the tables it reads and the scratch bytes it needs. */
interface Pass {
  tab: Int32Array;
  scratchBytes: number;
  /** planes per chunk must be a multiple of this when copying (lanes across planes take 4 at a time) */
  quantum: number;
  run(fns: Exports, x: number, y: number, planes: number, tab: number, scratch: number): void;
}

function forwardPass(l: Layout): Pass {
  if (useRows(l, true)) {
    const r = l.rows;
    // Stride 1, or 2 through phase rows, along the last axis and rows of at least 4 outputs: the modules that
    // compute two output rows at a time (they need O2 more floats of scratch).
    const pairs = l.O2 >= 4 && (r.S === 1 || (r.S === 2 && r.M !== 0));
    const entry = r.S === 1 ? 'boxForwardStride1' : 'boxForwardStride2';
    const run: Pass['run'] = pairs
      ? (fns, x, y, planes, tab, scratch) =>
          fns[entry](
            x,
            y,
            planes,
            l.D,
            l.H,
            l.W,
            l.O0,
            l.O1,
            l.O2,
            r.K,
            r.P,
            r.M,
            l.rule,
            l.divisorOverride,
            tab,
            scratch,
          )
      : (fns, x, y, planes, tab, scratch) =>
          fns.boxForward(
            x,
            y,
            planes,
            l.D,
            l.H,
            l.W,
            l.O0,
            l.O1,
            l.O2,
            r.K,
            r.S,
            r.P,
            r.M,
            l.rule,
            l.divisorOverride,
            tab,
            scratch,
          );
    const scratchBytes = (l.D * l.H * r.S * r.M + r.K + 4 + (pairs ? (l.O2 + 3) & ~3 : 0)) * 4;
    return {tab: l.tab, quantum: 1, scratchBytes, run};
  }
  if (useDirectPlanes(l)) {
    return {
      tab: l.tab,
      quantum: 4,
      scratchBytes: 0,
      run: (fns, x, y, planes, tab) =>
        fns.boxForwardPlanesDirect(x, y, planes, l.D, l.H, l.W, l.O0, l.O1, l.O2, l.rule, l.divisorOverride, tab),
    };
  }
  return {
    tab: l.tab,
    quantum: 4,
    scratchBytes: 16 * l.D * l.H * l.W,
    run: (fns, x, y, planes, tab, scratch) =>
      fns.boxForwardPlanes(x, y, planes, l.D, l.H, l.W, l.O0, l.O1, l.O2, l.rule, l.divisorOverride, tab, scratch),
  };
}

function backwardPass(l: Layout): Pass {
  if (useRows(l, false)) {
    const r = l.rows;
    return {
      tab: l.tab,
      quantum: 1,
      scratchBytes: (l.O0 * l.O1 * r.Md + r.S * r.Mi + 4) * 4,
      run: (fns, dy, dx, planes, tab, scratch) =>
        fns.boxBackward(
          dy,
          dx,
          planes,
          l.D,
          l.H,
          l.W,
          l.O0,
          l.O1,
          l.O2,
          r.S,
          l.rule,
          l.divisorOverride,
          tab,
          scratch,
          r.Qd,
          r.Md,
          r.Mi,
        ),
    };
  }
  return {
    tab: l.tab,
    quantum: 4,
    scratchBytes: 16 * l.O0 * l.O1 * l.O2,
    run: (fns, dy, dx, planes, tab, scratch) =>
      fns.boxBackwardPlanes(dy, dx, planes, l.D, l.H, l.W, l.O0, l.O1, l.O2, l.rule, l.divisorOverride, tab, scratch),
  };
}

/** Input bytes per chunk when tensors are copied into our own memory: in + out + scratch stay cache-sized. */
const CHUNK_BYTES = 256 << 10;
/**
 * The most bytes a chunk may take in our own memory (a wasm32 memory: at most 4 GiB, all regions together). An
 * adaptive pool can make an output plane far larger than its input plane (8×8 → 20000×20000: 1.6 GB a plane); such
 * a plane runs in the kernel's JS loop instead, which writes tfjs's output array directly.
 */
export const MAX_COPIED_BYTES = 2 ** 30;

/**
 * Runs a pass over tensors held in JS typed arrays: a chunk of planes at a time through our own memory. False (and
 * nothing done) when one plane does not fit in MAX_COPIED_BYTES.
 */
function runCopied(
  pass: Pass,
  planes: number,
  x: Float32Array,
  planeIn: number,
  y: Float32Array,
  planeOut: number,
): boolean {
  const fits = Math.floor((MAX_COPIED_BYTES - pass.tab.byteLength - pass.scratchBytes) / (4 * (planeIn + planeOut)));
  let chunk = Math.min(planes, Math.max(1, Math.floor(CHUNK_BYTES / 4 / planeIn)), Math.max(1, fits));
  if (chunk < planes) chunk = Math.max(pass.quantum, chunk - (chunk % pass.quantum));
  if (chunk > fits) return false;
  const heap = getOwnHeap();
  const [tab, xs, ys, scratch] = heap.reserve([
    pass.tab.byteLength,
    chunk * planeIn * 4,
    chunk * planeOut * 4,
    pass.scratchBytes,
  ]);
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, tab, pass.tab.length).set(pass.tab);
  const xv = new Float32Array(buffer, xs, chunk * planeIn);
  const yv = new Float32Array(buffer, ys, chunk * planeOut);
  for (let p = 0; p < planes; p += chunk) {
    const n = Math.min(chunk, planes - p);
    xv.set(x.subarray(p * planeIn, (p + n) * planeIn));
    pass.run(heap.fns, xs, ys, n, tab, scratch);
    y.set(n === chunk ? yv : yv.subarray(0, n * planeOut), p * planeOut);
  }
  return true;
}

/** Runs a pass in place in tfjs-wasm's heap (x and y are views of it); false if the heap cannot be imported. */
function runInHeap(backend: BackendWasm, pass: Pass, planes: number, x: Float32Array, y: Float32Array): boolean {
  const heap = getTfjsHeap(backend);
  if (heap === null) return false;
  // Pointers before allocating: malloc may grow the memory and detach the views (the offsets stay valid).
  const [xs, ys] = [x.byteOffset, y.byteOffset];
  const [tab, scratch] = heap.reserve([pass.tab.byteLength, pass.scratchBytes]);
  try {
    new Int32Array(heap.memory.buffer, tab, pass.tab.length).set(pass.tab);
    pass.run(heap.fns, xs, ys, planes, tab, scratch);
  } finally {
    heap.release();
  }
  return true;
}

// ------------------------------------------------------------------------------------------------------------------
// Entry points

/** A plan's forward pass (input planes to output planes) or backward pass (output planes to input planes). */
type Direction = 'forward' | 'backward';

/** The pass of `direction` and the cells per plane it reads and writes, or null where no module serves the plan. */
function planePass(direction: Direction, plan: BoxPlan, spec: WindowSpec) {
  const l = wasmModules() === null ? null : layoutOf(plan, spec);
  if (l === null) return null;
  const cellsIn = l.D * l.H * l.W;
  const cellsOut = l.O0 * l.O1 * l.O2;
  return direction === 'forward'
    ? {pass: () => forwardPass(l), from: cellsIn, to: cellsOut}
    : {pass: () => backwardPass(l), from: cellsOut, to: cellsIn};
}

/** Runs one direction over tensors held in JS typed arrays (cpu backend); false when no module serves the plan. */
function runPlanes(direction: Direction, plan: BoxPlan, spec: WindowSpec, src: Float32Array, dst: Float32Array) {
  const p = planePass(direction, plan, spec);
  if (p === null) return false;
  return dst.length === 0 || runCopied(p.pass(), plan.planes, src, p.from, dst, p.to);
}

/** Runs one direction in tfjs-wasm's heap (src, dst views of its tensors), else through copies. */
function runPlanesHeap(
  direction: Direction,
  backend: BackendWasm,
  plan: BoxPlan,
  spec: WindowSpec,
  src: Float32Array,
  dst: Float32Array,
): boolean {
  const p = planePass(direction, plan, spec);
  if (p === null) return false;
  if (dst.length === 0) return true;
  return runInHeap(backend, p.pass(), plan.planes, src, dst) || runPlanes(direction, plan, spec, src, dst);
}

/** Forward box average of a float32 tensor held in a JS typed array (cpu backend). */
export function boxAverageSimd(x: Float32Array, plan: BoxPlan, spec: WindowSpec, out: Float32Array): boolean {
  return runPlanes('forward', plan, spec, x, out);
}

/** Forward box average in tfjs-wasm's heap: x and out are views of tensors of `backend`. */
export function boxAverageSimdHeap(
  backend: BackendWasm,
  x: Float32Array,
  plan: BoxPlan,
  spec: WindowSpec,
  out: Float32Array,
): boolean {
  return runPlanesHeap('forward', backend, plan, spec, x, out);
}

/** Gradient of the box average (cpu backend). */
export function boxAverageGradSimd(dy: Float32Array, plan: BoxPlan, spec: WindowSpec, dx: Float32Array): boolean {
  return runPlanes('backward', plan, spec, dy, dx);
}

/** Gradient of the box average in tfjs-wasm's heap. */
export function boxAverageGradSimdHeap(
  backend: BackendWasm,
  dy: Float32Array,
  plan: BoxPlan,
  spec: WindowSpec,
  dx: Float32Array,
): boolean {
  return runPlanesHeap('backward', backend, plan, spec, dy, dx);
}
