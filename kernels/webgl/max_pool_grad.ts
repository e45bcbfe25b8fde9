/**
 * TorchMaxPoolGrad on webgl: PyTorch scatters dy[o] to x[plane][index[o]]; a fragment cannot scatter, so each input
 * cell gathers instead, over the outputs whose windows' spans hold it (the plan's gradStart/gradEnd tables), adding
 * dy[o] where index[o] is its own plane position, in row-major output order (the order of PyTorch's scatter).
 * Coverings longer than MAX_WINDOW_ELEMENTS outputs are summed in chunks, one program run each, each run adding to the
 * previous run's partial sums in the same order. Windows that cover padding only send their gradient outside
 * themselves, maybe into a later plane (docs/max-pooling.md §3): one more run adds those, each cell reading its routes
 * from the geometry's table. PyTorch's scatter interleaves those with the covering outputs' in output order, so a
 * cell that gets both sums in another order and may differ in the last bits (the GPU tolerance,
 * test/support/tolerances.ts); elsewhere the float sums are PyTorch's, addition for addition.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {maxSpatialRank, planeStrideCode} from '../../src/geometry';
import {
  GlslLayout,
  LAYOUT_UNIFORM,
  callLayout,
  cellOffset,
  layoutValue,
  planeBase,
  planeCell,
  splitStored,
} from './layout_glsl';
import {TorchMaxPoolGrad, TorchMaxPoolGradAttrs, TorchMaxPoolGradInputs} from '../../src/kernel_names';
import {
  MAX_WINDOW_ELEMENTS,
  PackedMaxTables,
  PackedStrays,
  packMaxTables,
  packStrays,
  passCount,
  planMax,
} from '../../src/geometry';
import {
  MAX_CONSTANTS,
  MAX_UNIFORMS,
  chunkLoop,
  coverEnd,
  coverStart,
  maxUniformValues,
  nestedLoop,
} from './max_program';
import {
  CustomUniforms,
  TABLE_SNIPPET,
  disposeViews,
  flatView,
  loopBound,
  runPasses,
  uniformValues,
  withShape,
  tableTensor,
} from './webgl_program';
import type {FlatView} from './webgl_program';

class MaxPoolGradProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = MAX_UNIFORMS;
  userCode: string;

  /** `single`: the whole covering fits in this one run (nested loops); otherwise it is chunk `passStart`. */
  constructor(size: number, t: PackedMaxTables, continues: boolean, single: boolean, l: GlslLayout) {
    this.outputShape = [size];
    this.variableNames = continues ? ['dy', 'ind', 't', 'prev'] : ['dy', 'ind', 't'];
    const s = [0, 1, 2].map(d => `s${d}`);
    const n = ['n0_', 'n1_', 'n2_'];
    const loop = (body: string) =>
      single ? nestedLoop(s, ['1', '1', '1'], n, t.maxCoverAxis, body) : chunkLoop(s, ['1', '1', '1'], n, body);
    this.userCode = `
      ${MAX_CONSTANTS}
      ${TABLE_SNIPPET}

      void main() {
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'inSize', ['p', 'i0', 'i1', 'i2'])}
        ${[0, 1, 2].map(d => `int s${d} = ${coverStart(d, `i${d}`)};`).join('\n        ')}
        ${[0, 1, 2].map(d => `int n${d}_ = ${coverEnd(d, `i${d}`)} - s${d};`).join('\n        ')}
        int pos = (i0 * inSize.y + i1) * inSize.z + i2;
        int plane = ${planeBase(l, 'p', 'outSize.x * outSize.y * outSize.z')};
        float acc = ${continues ? 'getPrev(idx)' : '0.0'};
        ${loop(`
              int at = plane + ${cellOffset(l, '(j0 * outSize.y + j1) * outSize.z + j2')};
              if (int(floor(getInd(at) + 0.5)) == pos) acc += getDy(at);`)}
        setOutput(acc);
      }
    `;
  }
}

/** StrayGradProgram's uniforms: the cells of an input plane and an output plane, the route table's sections, C. */
const STRAY_UNIFORMS: CustomUniforms = [
  {name: 'inPlane', type: 'int'},
  {name: 'outPlane', type: 'int'},
  {name: 'backBase', type: 'int'},
  {name: 'outputBase', type: 'int'},
  ...LAYOUT_UNIFORM,
];

/** prev + the gradients routed to each cell from padding-only windows (a loop bounded by the most routes of a cell). */
class StrayGradProgram implements GPGPUProgram {
  variableNames = ['prev', 'dy', 't'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = STRAY_UNIFORMS;
  userCode: string;

  constructor(size: number, s: PackedStrays, l: GlslLayout) {
    this.outputShape = [size];
    this.userCode = `
      ${TABLE_SNIPPET}

      void main() {
        int idx = getOutputCoords();
        ${planeCell(l, 'idx', 'inPlane', 'p', 'r')}
        float acc = getPrev(idx);
        int k0 = tab(r);
        int n = tab(r + 1) - k0;
        for (int j = 0; j < ${loopBound(s.maxPerCell)}; j++) {
          if (j >= n) break;
          int srcPlane = p - tab(backBase + k0 + j) * ${strayPlaneStep(l)};
          if (srcPlane >= 0) {
            acc += getDy(${planeBase(l, 'srcPlane', 'outPlane')} + ${cellOffset(l, 'tab(outputBase + k0 + j)')});
          }
        }
        setOutput(acc);
      }
    `;
  }
}

/**
 * Planes between a stray gradient's window and its receiving cell per `back` of the stray table: the one place where
 * the layout meets src/geometry/stray_gradients.ts (planeStrideCode: 1 channels-first, C channels-last).
 */
function strayPlaneStep(l: GlslLayout): string {
  return planeStrideCode(l.layout, {channels: 'layoutC', planeSize: ''});
}

function maxPoolGrad(args: {inputs: TorchMaxPoolGradInputs; backend: MathBackendWebGL; attrs: TorchMaxPoolGradAttrs}) {
  const {
    inputs: {dy, indices, x},
    backend,
    attrs: {spec, layout},
  } = args;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return backend.makeTensorInfo(x.shape, 'float32', new Float32Array(0));
  // No output at all (an empty adaptive output): nothing flows back.
  if (util.sizeFromShape(dy.shape) === 0) return backend.makeTensorInfo(x.shape, 'float32', new Float32Array(size));
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const t = packMaxTables(plan);
  const passes = passCount(t.maxCover);
  const strays = packStrays(plan);
  const views: FlatView[] = [];
  let table: TensorInfo | null = null;
  try {
    views.push(flatView(backend, dy), flatView(backend, indices));
    table = tableTensor(backend, t.values);
    const tbl = table;
    // the covering passes, then (if a window covers padding only) the pass adding the gradients routed from it
    const strayPass = (s: PackedStrays, prev: TensorInfo) => {
      const routes = tableTensor(backend, s.values);
      try {
        const program = new StrayGradProgram(size, s, call);
        const values = uniformValues(STRAY_UNIFORMS, {
          inPlane: [s.cells],
          outPlane: [util.sizeFromShape(plan.outSpatial)],
          backBase: [s.backBase],
          outputBase: [s.outputBase],
          ...layoutValue(call),
        });
        return backend.runWebGLProgram(program, [prev, views[0].view, routes], 'float32', values);
      } finally {
        backend.disposeIntermediateTensorInfo(routes);
      }
    };
    const out = runPasses(backend, passes + (strays !== null ? 1 : 0), (pass, prev) =>
      pass < passes
        ? backend.runWebGLProgram(
            new MaxPoolGradProgram(size, t, prev !== null, passes === 1, call),
            [views[0].view, views[1].view, tbl, ...(prev ? [prev] : [])],
            'float32',
            maxUniformValues(t, pass * MAX_WINDOW_ELEMENTS, 0, layoutValue(call)),
          )
        : strayPass(strays as PackedStrays, prev as TensorInfo),
    );
    return withShape(out, x.shape);
  } finally {
    if (table) backend.disposeIntermediateTensorInfo(table);
    disposeViews(backend, views);
  }
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: TorchMaxPoolGrad,
  backendName: 'webgl',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
