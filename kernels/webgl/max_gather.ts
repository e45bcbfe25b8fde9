/**
 * TorchGatherPlanes on webgl: out[q][j] = x[q][indices[q][j]], 0 where the index lies outside x's plane. Planes are
 * x's trailing `rank` axes; the indices' trailing `rank` axes form theirs. Also max_unpool's last step here (the
 * winning input of each output cell, gathered from the unpooled input).
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {TorchGatherPlanes, TorchGatherPlanesAttrs, TorchGatherPlanesInputs} from '../../src/kernel_names';
import {CustomUniforms, disposeViews, emptyOutput, flatView, uniformValues, withShape} from './webgl_program';
import type {FlatView} from './webgl_program';
import {logicalShape} from '../../src/geometry';
import {
  CHANNELS_FIRST,
  GlslLayout,
  LAYOUT_UNIFORM,
  callLayout,
  cellOffset,
  layoutValue,
  planeBase,
  planeCell,
} from './layout_glsl';

/** The cells of a plane of x (targetPlane) and of the indices (indexPlane), and C. */
const GATHER_UNIFORMS: CustomUniforms = [
  {name: 'targetPlane', type: 'int'},
  {name: 'indexPlane', type: 'int'},
  ...LAYOUT_UNIFORM,
];

class GatherPlanesProgram implements GPGPUProgram {
  variableNames = ['x', 'ind'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = GATHER_UNIFORMS;
  userCode: string;

  /** `size` outputs; x's planes hold `targetPlane` cells, the indices' `indexPlane` (uniforms); both stored in `l`. */
  constructor(size: number, l: GlslLayout) {
    this.outputShape = [size];
    this.userCode = `
      void main() {
        int idx = getOutputCoords();
        ${planeCell(l, 'idx', 'indexPlane', 'q', 'j')}
        int i = int(floor(getInd(idx) + 0.5));
        setOutput(i >= 0 && i < targetPlane ? getX(${planeBase(l, 'q', 'targetPlane')} + ${cellOffset(l, 'i')}) : 0.0);
      }
    `;
  }
}

/** Gathers `x` (flat, planes of `targetPlane`) at `indices` (flat, planes of `indexPlane`); inputs may be packed. */
export function gatherPlanes(
  backend: MathBackendWebGL,
  x: TensorInfo,
  indices: TensorInfo,
  targetPlane: number,
  indexPlane: number,
  dtype: 'float32' | 'int32',
  l: GlslLayout = CHANNELS_FIRST,
): TensorInfo {
  const size = util.sizeFromShape(indices.shape);
  if (size === 0) return emptyOutput(backend, [0], dtype);
  // An empty x has no cell to gather: every index lies outside its plane.
  if (util.sizeFromShape(x.shape) === 0) {
    return backend.makeTensorInfo([size], dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
  }
  const views: FlatView[] = [];
  try {
    views.push(flatView(backend, x), flatView(backend, indices));
    return backend.runWebGLProgram(
      new GatherPlanesProgram(size, l),
      views.map(v => v.view),
      dtype,
      uniformValues(GATHER_UNIFORMS, {targetPlane: [targetPlane], indexPlane: [indexPlane], ...layoutValue(l)}),
    );
  } finally {
    disposeViews(backend, views);
  }
}

function gather(args: {inputs: TorchGatherPlanesInputs; backend: MathBackendWebGL; attrs: TorchGatherPlanesAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {rank, layout},
  } = args;
  const call = callLayout(layout, indices.shape, rank);
  const plane = (shape: number[]) => util.sizeFromShape(logicalShape(shape, rank, call.layout).slice(-rank));
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  const out = gatherPlanes(backend, x, indices, plane(x.shape), plane(indices.shape), dtype, call);
  return withShape(out, indices.shape);
}

export const gatherPlanesConfig: KernelConfig = {
  kernelName: TorchGatherPlanes,
  backendName: 'webgl',
  kernelFunc: gather as unknown as KernelFunc,
};
