/**
 * The kit's per-channel affine map (TorchChannelAffine: an eval BatchNorm, channels-last) on wasm: the module of
 * ../simd/assembly/channel_affine.ts in place in tfjs-wasm's heap; the same float32 multiply-then-add in a JavaScript
 * loop where the module cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {TorchChannelAffine, TorchChannelAffineInputs} from '../../src/kernel_names';
import {getTfjsHeap} from '../shared/box_simd';

interface Exports {
  channelAffine(x: number, scale: number, shift: number, out: number, cells: number, C: number): void;
}

function channelAffine(args: {inputs: TorchChannelAffineInputs; backend: BackendWasm}): TensorInfo {
  const {
    inputs: {x, scale, shift},
    backend,
  } = args;
  const out = backend.makeOutput(x.shape, 'float32');
  const C = x.shape[x.shape.length - 1];
  const size = x.shape.reduce((a, b) => a * b, 1);
  if (size === 0) return out;
  const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  const [xv, sv, bv, ov] = [view(x), view(scale), view(shift), view(out)];
  const heap = getTfjsHeap(backend);
  if (heap !== null) {
    (heap.fns as unknown as Exports).channelAffine(
      xv.byteOffset,
      sv.byteOffset,
      bv.byteOffset,
      ov.byteOffset,
      size / C,
      C,
    );
    return out;
  }
  const f = Math.fround;
  for (let i = 0; i < size; i++) ov[i] = f(f(xv[i] * sv[i % C]) + bv[i % C]);
  return out;
}

export const channelAffineConfig: KernelConfig = {
  kernelName: TorchChannelAffine,
  backendName: 'wasm',
  kernelFunc: channelAffine as unknown as KernelFunc,
};
