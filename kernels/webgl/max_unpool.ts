/**
 * TorchMaxUnpool on webgl. PyTorch zero-fills the output and writes out[plane][indices[j]] = x[j] in flat input
 * order, so on duplicates the last write wins. A fragment cannot scatter and webgl has no atomics, so each output
 * cell searches its plane's indices for the last j naming it (passes of MAX_TAPS_PER_PASS indices each, each run
 * continuing from the previous run's find), then gathers x at the found j (0 where none was found).
 * The search costs (output plane) × (index plane) comparisons per plane: right for the sizes of tests and small
 * models, slow for large unpools (a scatter through point rendering would be the fast form).
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {planeLayout} from '../../src/geometry';
import {TorchMaxUnpool, TorchMaxUnpoolAttrs, TorchMaxUnpoolInputs} from '../../src/kernel_names';
import {MAX_TAPS_PER_PASS, passCount} from '../shared/max_tables';
import {gatherPlanes} from './max_gather';
import {CustomUniforms, disposeViews, emptyOutput, flatView, withShape} from './webgl_program';

const UNIFORMS: CustomUniforms = [{name: 'passStart', type: 'int'}];

/** For each output cell, the last j < passStart + CHUNK of its plane whose index names it (-1: none yet). */
class LastWriterProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = false;
  customUniforms = UNIFORMS;
  userCode: string;

  constructor(size: number, targetPlane: number, indexPlane: number, continues: boolean) {
    this.outputShape = [size];
    this.variableNames = continues ? ['ind', 'prev'] : ['ind'];
    this.userCode = `
      void main() {
        int idx = getOutputCoords();
        int q = idx / ${targetPlane};
        int cell = idx - q * ${targetPlane};
        float found = ${continues ? 'getPrev(idx)' : '-1.0'};
        int left = ${indexPlane} - passStart;
        for (int k = 0; k < ${MAX_TAPS_PER_PASS}; k++) {
          if (k >= left) break;
          int j = passStart + k;
          if (int(floor(getInd(q * ${indexPlane} + j) + 0.5)) == cell) found = float(j);
        }
        setOutput(found);
      }
    `;
  }
}

function maxUnpool(args: {inputs: TorchMaxUnpoolInputs, backend: MathBackendWebGL, attrs: TorchMaxUnpoolAttrs}) {
  const {inputs: {x, indices}, backend, attrs: {outputSize}} = args;
  const nd = outputSize.length;
  const outShape = [...x.shape.slice(0, x.shape.length - nd), ...outputSize];
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const size = util.sizeFromShape(outShape);
  if (size === 0) return emptyOutput(backend, outShape, dtype);
  const {targetPlane, indexPlane} = planeLayout(indices.shape, outputSize);
  // No input cell: nothing is written, the output stays zero.
  if (indexPlane === 0 || util.sizeFromShape(x.shape) === 0) {
    return backend.makeTensorInfo(outShape, dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
  }
  const iv = flatView(backend, indices);
  let prev: TensorInfo | null = null;
  try {
    for (let pass = 0; pass < passCount(indexPlane); pass++) {
      const program = new LastWriterProgram(size, targetPlane, indexPlane, prev !== null);
      const next: TensorInfo = backend.runWebGLProgram(program, prev ? [iv.view, prev] : [iv.view], 'int32',
                                                       [[pass * MAX_TAPS_PER_PASS]]);
      if (prev) backend.disposeIntermediateTensorInfo(prev);
      prev = next;
    }
    const out = gatherPlanes(backend, x, prev as TensorInfo, indexPlane, targetPlane, dtype);
    return withShape(out, outShape);
  } finally {
    if (prev) backend.disposeIntermediateTensorInfo(prev);
    disposeViews(backend, [iv]);
  }
}

export const maxUnpoolConfig: KernelConfig = {
  kernelName: TorchMaxUnpool,
  backendName: 'webgl',
  kernelFunc: maxUnpool as unknown as KernelFunc,
};
