/**
 * TorchMaxPoolGrad on webgpu: PyTorch scatters dy[o] to x[plane][index[o]]; here every input cell gathers instead,
 * over the outputs whose windows' spans hold it (the plan's gradStart/gradEnd tables), adding dy[o] where index[o]
 * is its own plane position, in row-major output order (the order of PyTorch's scatter). No atomics; each dx cell is
 * written once. Coverings longer than MAX_TAPS_PER_PASS outputs are summed in chunks, one dispatch each, each adding
 * to the previous dispatch's partial sums in the same order. Windows that cover padding only send their gradient
 * outside themselves, maybe into a later plane (docs/max-pooling.md §3): one more dispatch adds those, each cell
 * reading its routes from the geometry's table. PyTorch's scatter interleaves those with the covering outputs' in
 * output order, so a cell that gets both sums in another order and may differ in the last bits (the GPU tolerance,
 * test/support/tolerances.ts); elsewhere the float sums are PyTorch's, addition for addition.
 */
import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';
import {MemoryLayout, maxSpatialRank, planMax, planeStrideCode} from '../../src/geometry';
import {
  callLayout,
  cellOffset,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  planeCell,
  splitStored,
} from './layout_wgsl';
import {TorchMaxPoolGrad, TorchMaxPoolGradAttrs, TorchMaxPoolGradInputs} from '../../src/kernel_names';
import {MAX_TAPS_PER_PASS, PackedStrays, packMaxTables, packStrays, passCount} from '../shared/max_tables';
import {MAX_TABLE_SNIPPET, MAX_UNIFORMS, chunkLoop, maxUniforms, nestedLoop, splitSnippet} from './max_program';
import {FlatProgram, fill, flat, runFlat, runPasses, uploadTable} from './program';
import type {ProgramUniforms, WebGPUBackend} from './program';
import type {ShaderLayout} from '../shared/call_layout';

class MaxPoolGradProgram extends FlatProgram {
  /** `single`: the whole covering fits in this one dispatch (nested loops); otherwise it is chunk `passStart`. */
  constructor(
    inSize: number,
    private continues: boolean,
    private single: boolean,
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: inSize,
      shaderKey: `torchMaxPoolGrad_${continues}_${single}${layoutKey(layout)}`,
      variableNames: continues ? ['dy', 'ind', 'tbl', 'prev'] : ['dy', 'ind', 'tbl'],
      uniforms: MAX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      ${MAX_TABLE_SNIPPET}
      ${splitStored(this.layout, 'inCoords', 'uniforms.inSize', splitSnippet('inCoords', 'uniforms.inSize'))}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = inCoords(index);
          let s = vec3<i32>(coverStart(0, c.y), coverStart(1, c.z), coverStart(2, c.w));
          let e = vec3<i32>(coverEnd(0, c.y), coverEnd(1, c.z), coverEnd(2, c.w));
          let pos = (c.y * uniforms.inSize.y + c.z) * uniforms.inSize.z + c.w;
          let plane = ${planeBase(this.layout, 'c.x', 'uniforms.outSize.x * uniforms.outSize.y * uniforms.outSize.z')};
          var acc = ${this.continues ? 'prev[index]' : '0.0'};
          ${(this.single ? nestedLoop : chunkLoop)(
            's',
            'vec3<i32>(1, 1, 1)',
            'e - s',
            `
                let at = plane + ${cellOffset(this.layout, '(j.x * uniforms.outSize.y + j.y) * uniforms.outSize.z + j.z')};
                if (ind[at] == pos) {
                  acc = acc + f32(dy[at]);
                }`,
          )}
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** prev + the gradients routed to each cell from padding-only windows (a loop bounded by the most routes of a cell). */
class StrayGradProgram extends FlatProgram {
  constructor(
    inSize: number,
    private maxPerCell: number,
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: inSize,
      shaderKey: `torchMaxPoolStrayGrad_${maxPerCell}${layoutKey(layout)}`,
      variableNames: ['prev', 'dy', 'tbl'],
      uniforms: 'cells : i32, outPlane : i32, backBase : i32, outputBase : i32,' + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${planeCell(this.layout, 'index', 'uniforms.cells', 'p', 'r')}
          var acc = f32(prev[index]);
          let k0 = tbl[r];
          let n = tbl[r + 1] - k0;
          for (var j = 0; j < ${this.maxPerCell}; j = j + 1) {
            if (j >= n) { break; }
            let srcPlane = p - tbl[uniforms.backBase + k0 + j] * ${strayPlaneStep(this.layout)};
            if (srcPlane >= 0) {
              let cell = tbl[uniforms.outputBase + k0 + j];
              acc = acc + f32(dy[${planeBase(this.layout, 'srcPlane', 'uniforms.outPlane')} + ${cellOffset(this.layout, 'cell')}]);
            }
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/**
 * Planes between a stray gradient's window and its receiving cell per `back` of the stray table: the one place where
 * the layout meets src/geometry/stray_gradients.ts (planeStrideCode: 1 channels-first, C channels-last).
 */
function strayPlaneStep(layout: MemoryLayout): string {
  return planeStrideCode(layout, {channels: 'uniforms.channels', planeSize: ''});
}

function strayUniforms(s: PackedStrays, outPlane: number): ProgramUniforms {
  return [
    {type: 'int32', data: [s.cells]},
    {type: 'int32', data: [outPlane]},
    {type: 'int32', data: [s.backBase]},
    {type: 'int32', data: [s.outputBase]},
  ];
}

/** `prev` (the flat input gradient so far) plus the gradients routed to each cell from padding-only windows. */
function addStrays(
  backend: WebGPUBackend,
  s: PackedStrays,
  prev: TensorInfo,
  dy: TensorInfo,
  outPlane: number,
  call: ShaderLayout,
) {
  const size = util.sizeFromShape(prev.shape);
  const program = new StrayGradProgram(size, s.maxPerCell, call.layout);
  return runFlat(
    backend,
    program,
    [prev, dy],
    'float32',
    [...strayUniforms(s, outPlane), ...layoutUniforms(call)],
    [size],
    uploadTable(backend, s.values),
  );
}

function maxPoolGrad(args: {inputs: TorchMaxPoolGradInputs; backend: WebGPUBackend; attrs: TorchMaxPoolGradAttrs}) {
  const {
    inputs: {dy, indices, x},
    backend,
    attrs: {spec, layout},
  } = args;
  const size = util.sizeFromShape(x.shape);
  if (size === 0) return backend.makeTensorInfo(x.shape, 'float32', new Float32Array(0));
  // No output at all (an empty adaptive output): nothing flows back, and dy cannot be bound.
  if (util.sizeFromShape(dy.shape) === 0) return fill(backend, x.shape, 0);
  const call = callLayout(layout, x.shape, maxSpatialRank(spec));
  const plan = planMax(call.logical, spec);
  const t = packMaxTables(plan);
  const passes = passCount(t.maxCover);
  const strays = packStrays(plan);
  const table = uploadTable(backend, t.values);
  try {
    // the covering passes, then (if a window covers padding only) the pass adding the gradients routed from it
    const out = runPasses(backend, passes + (strays !== null ? 1 : 0), (pass, prev) =>
      pass < passes
        ? backend.runWebGPUProgram(
            new MaxPoolGradProgram(size, prev !== null, passes === 1, call.layout),
            [flat(dy), flat(indices), table, ...(prev ? [prev] : [])],
            'float32',
            [...maxUniforms(t, pass * MAX_TAPS_PER_PASS), ...layoutUniforms(call)],
          )
        : addStrays(backend, strays as PackedStrays, prev as TensorInfo, dy, util.sizeFromShape(plan.outSpatial), call),
    );
    return {dataId: out.dataId, shape: x.shape, dtype: 'float32'};
  } finally {
    backend.disposeData(table.dataId);
  }
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: TorchMaxPoolGrad,
  backendName: 'webgpu',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
