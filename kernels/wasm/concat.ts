/**
 * nn.functional.cat on wasm (TorchConcat): the rows of src/geometry/concat_rows.ts copied by the module of
 * ../simd/assembly/copy_rows.ts in tfjs-wasm's heap, one call per input; a JavaScript row loop (tfjs's own) where
 * the module cannot run.
 */
import {KernelConfig, KernelFunc, TensorInfo, backend_util} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {concatRows} from '../../src/geometry';
import {TorchConcat, TorchConcatAttrs} from '../../src/kernel_names';
import {getTfjsHeap} from '../shared/box_simd';

interface Exports {
  copyRows(dst: number, dstStride: number, src: number, srcStride: number, rows: number, bytes: number): void;
}

function concat(args: {inputs: TensorInfo[]; backend: BackendWasm; attrs: TorchConcatAttrs}): TensorInfo {
  const {backend, attrs} = args;
  const inputs = Object.values(args.inputs);
  const {axis} = attrs;
  const out = backend.makeOutput(
    backend_util.computeOutShape(
      inputs.map(t => t.shape),
      axis,
    ),
    inputs[0].dtype,
  );
  const {rows, widths, total} = concatRows(
    inputs.map(t => t.shape),
    axis,
  );
  if (rows * total === 0) return out;
  const outValues = backend.typedArrayFromHeap(out);
  const views = inputs.map(t => backend.typedArrayFromHeap(t));
  const heap = getTfjsHeap(backend);
  if (heap !== null) {
    const fns = heap.fns as unknown as Exports;
    const size = outValues.BYTES_PER_ELEMENT;
    let column = 0;
    views.forEach((v, i) => {
      fns.copyRows(
        outValues.byteOffset + column * size,
        total * size,
        v.byteOffset,
        widths[i] * size,
        rows,
        widths[i] * size,
      );
      column += widths[i];
    });
    return out;
  }
  for (let r = 0; r < rows; r++) {
    let at = r * total;
    views.forEach((v, i) => {
      outValues.set(v.subarray(r * widths[i], (r + 1) * widths[i]), at);
      at += widths[i];
    });
  }
  return out;
}

export const concatConfig: KernelConfig = {
  kernelName: TorchConcat,
  backendName: 'wasm',
  kernelFunc: concat as unknown as KernelFunc,
};
