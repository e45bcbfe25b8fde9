/**
 * The kit's 3 × 3 stride-1 convolution on cpu and wasm: Winograd F(2×2, 3×3) in the module of
 * ../simd/assembly/winograd.ts, on the plan of src/geometry/winograd.ts. Memories are box_simd.ts's: tfjs-wasm's heap
 * for the wasm backend (in place), our own for the cpu backend (x, the packed filter and the bias copied in, the
 * output copied out). Both entry points return false when the module cannot run (no WebAssembly SIMD, a heap shared
 * between threads, more than MAX_COPIED_BYTES to copy) and the kernel convolves directly instead.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import type {WinogradPlan} from '../../src/geometry';
import {Heap, MAX_COPIED_BYTES, getOwnHeap, getTfjsHeap, simdAvailable} from './box_simd';

interface Exports {
  wgConv(...args: number[]): void;
}

/** Byte offsets, in the module's memory, of the call's tensors (bias 0: none). */
interface Operands {
  x: number;
  packed: number;
  bias: number;
  out: number;
}

function call(heap: Heap, plan: WinogradPlan, at: Operands, relu: boolean, v: number, m: number): void {
  const p = plan;
  (heap.fns as unknown as Exports).wgConv(
    at.x,
    at.packed,
    at.bias,
    at.out,
    v,
    m,
    p.batch,
    p.inH,
    p.inW,
    p.inChannels,
    p.outChannels,
    p.padTop,
    p.padLeft,
    p.outH,
    p.outW,
    p.tilesW,
    p.tiles,
    relu ? 1 : 0,
    p.block,
  );
}

/** In place in tfjs-wasm's heap: `at` holds the tensors' offsets there. */
export function winogradInHeap(backend: BackendWasm, plan: WinogradPlan, at: Operands, relu: boolean): boolean {
  const heap = getTfjsHeap(backend);
  if (heap === null) return false;
  const [v, m] = heap.reserve([plan.scratchV * 4, plan.scratchM * 4]);
  try {
    call(heap, plan, at, relu, v, m);
  } finally {
    heap.release();
  }
  return true;
}

/** Copied through our own memory (the cpu backend): the result is written into `out`. */
export function winogradCopied(
  plan: WinogradPlan,
  x: Float32Array,
  packed: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
  relu: boolean,
): boolean {
  if (!simdAvailable()) return false;
  const sizes = [x.length, packed.length, bias ? bias.length : 0, out.length, plan.scratchV, plan.scratchM].map(
    n => n * 4,
  );
  if (sizes.reduce((a, b) => a + b + 16, 0) > MAX_COPIED_BYTES) return false;
  const heap = getOwnHeap();
  const [xs, ps, bs, os, v, m] = heap.reserve(sizes);
  const buffer = heap.memory.buffer;
  new Float32Array(buffer, xs, x.length).set(x);
  new Float32Array(buffer, ps, packed.length).set(packed);
  if (bias) new Float32Array(buffer, bs, bias.length).set(bias);
  call(heap, plan, {x: xs, packed: ps, bias: bias ? bs : 0, out: os}, relu, v, m);
  out.set(new Float32Array(heap.memory.buffer, os, out.length));
  return true;
}
