/**
 * The kit's convolutions on cpu and wasm, in the WebAssembly SIMD modules: 3 × 3 stride 1 by Winograd F(2×2, 3×3)
 * (../simd/assembly/winograd.ts, src/geometry/winograd.ts) and 1 × 1 stride 1 as one matrix product
 * (../simd/assembly/pointwise.ts, src/geometry/pointwise_conv.ts). Memories are box_simd.ts's: tfjs-wasm's heap for
 * the wasm backend (in place), our own for the cpu backend (x, the packed filter and the bias copied in, the output
 * copied out). Both entry points return false when the module cannot run (no WebAssembly SIMD, a heap shared between
 * threads, more than MAX_COPIED_BYTES to copy) and the kernel convolves directly instead.
 */
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {planPointwise, planWinograd} from '../../src/geometry';
import type {PointwisePlan, WinogradPlan} from '../../src/geometry';
import {TorchConv2dWinograd, TorchKitConvAttrs, TorchKitConvInputs} from '../../src/kernel_names';
import {Heap, MAX_COPIED_BYTES, getOwnHeap, getTfjsHeap, simdAvailable} from './box_simd';

interface Exports {
  wgConv(...args: number[]): void;
  pwConv(...args: number[]): void;
}

/** Byte offsets, in the module's memory, of the call's tensors (bias 0: none). */
export interface Operands {
  x: number;
  packed: number;
  bias: number;
  out: number;
}

/** One module call: its output shape, the scratch it needs (floats per region) and how it runs. */
export interface ConvCall {
  outShape: number[];
  scratch: number[];
  run(fns: Exports, at: Operands, scratch: number[]): void;
}

/**
 * The module call of a kit convolution kernel (TorchConv2dWinograd or TorchConv2dPointwise) on float32 inputs, or
 * null where its plan refuses the shapes or x is not float32 (the kernel then convolves directly).
 */
export function kitConvCall(kernelName: string, inputs: TorchKitConvInputs, attrs: TorchKitConvAttrs): ConvCall | null {
  const {x, filter} = inputs;
  if (x.dtype !== 'float32') return null;
  if (kernelName === TorchConv2dWinograd) {
    const plan = planWinograd(x.shape, filter.shape[3], attrs.pads);
    return plan && winogradCall(plan, attrs.relu);
  }
  const plan = planPointwise(x.shape, filter.shape[3]);
  return plan && pointwiseCall(plan, attrs.relu);
}

function winogradCall(plan: WinogradPlan, relu: boolean): ConvCall {
  const p = plan;
  return {
    outShape: p.outShape,
    scratch: [p.scratchV, p.scratchM],
    run: (fns, at, [v, m]) =>
      fns.wgConv(
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
      ),
  };
}

function pointwiseCall(plan: PointwisePlan, relu: boolean): ConvCall {
  const p = plan;
  return {
    outShape: p.outShape,
    scratch: [],
    run: (fns, at) =>
      fns.pwConv(at.x, at.packed, at.bias, at.out, p.rows, p.inChannels, p.outChannels, relu ? 1 : 0, p.block),
  };
}

/** In place in tfjs-wasm's heap: `at` holds the tensors' offsets there. */
export function convInHeap(backend: BackendWasm, call: ConvCall, at: Operands): boolean {
  const heap = getTfjsHeap(backend);
  if (heap === null) return false;
  const scratch = call.scratch.length > 0 ? heap.reserve(call.scratch.map(n => n * 4)) : [];
  try {
    call.run(heap.fns as unknown as Exports, at, scratch);
  } finally {
    heap.release();
  }
  return true;
}

/** Copied through our own memory (the cpu backend): the result is written into `out`. */
export function convCopied(
  call: ConvCall,
  x: Float32Array,
  packed: Float32Array,
  bias: Float32Array | null,
  out: Float32Array,
): boolean {
  if (!simdAvailable()) return false;
  const sizes = [x.length, packed.length, bias ? bias.length : 0, out.length, ...call.scratch].map(n => n * 4);
  if (sizes.reduce((a, b) => a + b + 16, 0) > MAX_COPIED_BYTES) return false;
  const heap: Heap = getOwnHeap();
  const [xs, ps, bs, os, ...scratch] = heap.reserve(sizes);
  const buffer = heap.memory.buffer;
  new Float32Array(buffer, xs, x.length).set(x);
  new Float32Array(buffer, ps, packed.length).set(packed);
  if (bias) new Float32Array(buffer, bs, bias.length).set(bias);
  call.run(heap.fns as unknown as Exports, {x: xs, packed: ps, bias: bias ? bs : 0, out: os}, scratch);
  out.set(new Float32Array(heap.memory.buffer, os, out.length));
  return true;
}
