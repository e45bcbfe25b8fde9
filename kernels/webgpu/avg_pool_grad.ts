/**
 * TorchAvgPoolGrad on webgpu: PyTorch scatters dy[o] / divisor(o) over each window; here every input cell
 * gathers instead, over the outputs whose windows hold it (the plan's gradStart/gradEnd tables), so no atomics
 * are needed and each dx cell is written once. The per-output divisor comes from the same table entries and the
 * same WGSL as the forward, and the terms are added in row-major output order, PyTorch's scatter order.
 */
import {KernelConfig, KernelFunc, util} from '@tensorflow/tfjs-core';
import {
  DivisorRule,
  MemoryLayout,
  divisorStepWgsl,
  packTables,
  planBox,
  spatialRank,
  windowTiles,
} from '../../src/geometry';
import {
  callLayout,
  cellOffset,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  splitStored,
} from './layout_wgsl';
import {tiledBoxBackward} from './tiled_box';
import {TorchAvgPoolGrad, TorchAvgPoolGradAttrs, TorchAvgPoolGradInputs} from '../../src/kernel_names';
import {BOX_UNIFORMS, TABLE_SNIPPET, boxUniforms, splitIndexSnippet} from './box_tables';
import {FlatProgram, fill, runFlat, uploadTable} from './program';
import type {WebGPUBackend} from './program';

class TorchAvgPoolGradProgram extends FlatProgram {
  constructor(
    inSize: number,
    private rule: DivisorRule['kind'],
    private layout: MemoryLayout = 'channelsFirst',
  ) {
    super({
      size: inSize,
      shaderKey: `torchAvgPoolGrad_${rule}${layoutKey(layout)}`,
      variableNames: ['dy', 'tbl'],
      uniforms: BOX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      ${divisorStepWgsl(this.rule)}
      ${splitStored(this.layout, 'inCoords', 'uniforms.inSize', splitIndexSnippet('inCoords', 'uniforms.inSize'))}
      ${TABLE_SNIPPET}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = inCoords(index);
          let end0 = coverEnd(0, c.y);
          let end1 = coverEnd(1, c.z);
          let start2 = coverStart(2, c.w);
          let end2 = coverEnd(2, c.w);
          let plane = ${planeBase(this.layout, 'c.x', 'uniforms.outSize.x * uniforms.outSize.y * uniforms.outSize.z')};
          var acc = 0.0;
          for (var o0 = coverStart(0, c.y); o0 < end0; o0++) {
            let f0 = factor(0, o0);
            for (var o1 = coverStart(1, c.z); o1 < end1; o1++) {
              let f1 = factor(1, o1);
              let row = plane + ${cellOffset(this.layout, '(o0 * uniforms.outSize.y + o1) * uniforms.outSize.z')};
              for (var o2 = start2; o2 < end2; o2++) {
                acc = acc + divideF32(f32(dy[row + ${cellOffset(this.layout, 'o2')}]), f0, f1, factor(2, o2));
              }
            }
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

function avgPoolGrad(args: {inputs: TorchAvgPoolGradInputs; backend: WebGPUBackend; attrs: TorchAvgPoolGradAttrs}) {
  const {
    inputs: {dy, x},
    backend,
    attrs: {spec, layout},
  } = args;
  const call = callLayout(layout, x.shape, spatialRank(spec));
  const plan = planBox(call.logical, spec);
  // No output window (an empty adaptive output): nothing flows back, and dy cannot be bound.
  if (util.sizeFromShape(dy.shape) === 0) return fill(backend, x.shape, 0);
  const p = packTables(plan, spec);
  // Inputs covered by more than MAX_WINDOW_ELEMENTS outputs: tiles and passes (see tiled_box.ts).
  const tiles = windowTiles(p.maxCover);
  if (tiles !== null) return tiledBoxBackward(backend, dy, x.shape, plan, p, tiles, call);
  const program = new TorchAvgPoolGradProgram(util.sizeFromShape(x.shape), plan.divisor.kind, call.layout);
  const uniforms = [...boxUniforms(plan, p), ...layoutUniforms(call)];
  return runFlat(backend, program, [dy], 'float32', uniforms, x.shape, uploadTable(backend, p.values));
}

export const avgPoolGradConfig: KernelConfig = {
  kernelName: TorchAvgPoolGrad,
  backendName: 'webgpu',
  kernelFunc: avgPoolGrad as unknown as KernelFunc,
};
