/**
 * Box averages whose windows (or, backward, covering ranges) hold more than MAX_WINDOW_ELEMENTS cells, on webgpu:
 * the passes of src/geometry/gpu_tiles.ts, so that no invocation adds up more than that many values.
 *
 *   forward   tile sums of x over the windows → sums of consecutive partials (chunkPasses) → the divisor step
 *   backward  the divisor step on dy (delta = dy / divisor, as the one-pass gather divides each term) → tile sums of
 *             delta over the covering ranges → sums of consecutive partials
 *
 * Float32 only; the tables (src/geometry/packed_tables.ts) give every window and covering range, as in the one-pass
 * kernels. The tiles' partial sums are added in order, so only the float32 association changes (GPU tolerance).
 */
import {TensorInfo, util} from '@tensorflow/tfjs-core';
import {
  BoxPlan,
  MemoryLayout,
  PackedTables,
  WindowTiles,
  chunkPasses,
  divisorStepWgsl,
  storedShape,
} from '../../src/geometry';
import {
  cellOffset,
  cellStride,
  layoutKey,
  layoutUniformDecl,
  layoutUniforms,
  planeBase,
  splitStored,
} from './layout_wgsl';
import {CHANNELS_FIRST, ShaderLayout as Layout} from '../shared/call_layout';
import {BOX_UNIFORMS, TABLE_SNIPPET, boxUniforms, splitIndexSnippet} from './box_tables';
import {FlatProgram, runFlat, runPasses, uploadTable} from './program';
import type {ProgramUniforms, WebGPUBackend} from './program';

const TILE_UNIFORMS = 'tile : vec3<i32>, count : vec3<i32>,';

/** Partial sums over one tile of each window: output [planes, dest cells, tiles], tiles innermost. */
class TileSumProgram extends FlatProgram {
  /** backward: dest cells are inputs, windows are covering ranges, src is indexed by outputs. */
  constructor(
    size: number,
    private backward: boolean,
    private layout: MemoryLayout,
  ) {
    super({
      size,
      shaderKey: `torchBoxTileSum_${backward ? 'backward' : 'forward'}${layoutKey(layout)}`,
      variableNames: ['values', 'tbl'],
      uniforms: `${BOX_UNIFORMS} ${TILE_UNIFORMS}${layoutUniformDecl(layout)}`,
    });
  }

  getUserCode(): string {
    const [dest, src, lo, hi] = this.backward
      ? ['inSize', 'outSize', 'coverStart', 'coverEnd']
      : ['outSize', 'inSize', 'winStart', 'winEnd'];
    return `
      ${splitStored(this.layout, 'destCoords', `uniforms.${dest}`, splitIndexSnippet('destCoords', `uniforms.${dest}`))}
      ${splitIndexSnippet('tileCoords', 'uniforms.count')}
      ${TABLE_SNIPPET}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let tiles = uniforms.count.x * uniforms.count.y * uniforms.count.z;
          let c = destCoords(index / tiles);
          let j = tileCoords(index % tiles);
          let from0 = ${lo}(0, c.y) + j.y * uniforms.tile.x;
          let to0 = min(from0 + uniforms.tile.x, ${hi}(0, c.y));
          let from1 = ${lo}(1, c.z) + j.z * uniforms.tile.y;
          let to1 = min(from1 + uniforms.tile.y, ${hi}(1, c.z));
          let from2 = ${lo}(2, c.w) + j.w * uniforms.tile.z;
          let to2 = min(from2 + uniforms.tile.z, ${hi}(2, c.w));
          let plane = ${planeBase(this.layout, 'c.x', `uniforms.${src}.x * uniforms.${src}.y * uniforms.${src}.z`)};
          var acc = 0.0;
          for (var i0 = from0; i0 < to0; i0++) {
            for (var i1 = from1; i1 < to1; i1++) {
              let row = plane + ${cellOffset(this.layout, `(i0 * uniforms.${src}.y + i1) * uniforms.${src}.z`)};
              for (var i = row + ${cellOffset(this.layout, 'from2')}; i < row + ${cellOffset(this.layout, 'to2')}; i += ${cellStride(this.layout)}) {
                acc = acc + f32(values[i]);
              }
            }
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** Sums `chunk` consecutive partials of each group of n: [groups, n] → [groups, ⌈n / chunk⌉]. */
class ChunkSumProgram extends FlatProgram {
  constructor(size: number) {
    super({size, shaderKey: 'torchBoxChunkSum', variableNames: ['x'], uniforms: 'n : i32, chunk : i32, chunks : i32,'});
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let group = index / uniforms.chunks;
          let begin = (index % uniforms.chunks) * uniforms.chunk;
          let end = min(begin + uniforms.chunk, uniforms.n);
          var acc = 0.0;
          for (var r = begin; r < end; r++) {
            acc = acc + x[group * uniforms.n + r];
          }
          setOutputAtIndex(index, acc);
        }
      }`;
  }
}

/** The divisor step of every output (src/geometry/divisor_step.ts): v[o] / divisor(o). */
class DivideProgram extends FlatProgram {
  constructor(
    size: number,
    private rule: BoxPlan['divisor']['kind'],
    private layout: MemoryLayout,
  ) {
    super({
      size,
      shaderKey: `torchBoxDivide_${rule}${layoutKey(layout)}`,
      variableNames: ['v', 'tbl'],
      uniforms: BOX_UNIFORMS + layoutUniformDecl(layout),
    });
  }

  getUserCode(): string {
    return `
      ${divisorStepWgsl(this.rule)}
      ${splitStored(this.layout, 'outCoords', 'uniforms.outSize', splitIndexSnippet('outCoords', 'uniforms.outSize'))}
      ${TABLE_SNIPPET}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = outCoords(index);
          setOutputAtIndex(index, divideF32(f32(v[index]), factor(0, c.y), factor(1, c.z), factor(2, c.w)));
        }
      }`;
  }
}

function divide(
  backend: WebGPUBackend,
  v: TensorInfo,
  plan: BoxPlan,
  p: PackedTables,
  shape: number[],
  l: Layout,
): TensorInfo {
  return runFlat(
    backend,
    new DivideProgram(util.sizeFromShape(shape), plan.divisor.kind, l.layout),
    [v],
    'float32',
    [...boxUniforms(plan, p), ...layoutUniforms(l)],
    shape,
    uploadTable(backend, p.values),
  );
}

/** Tile sums of `src` over windows (or covering ranges), then their sums: one value per dest cell. */
function tiledSums(
  backend: WebGPUBackend,
  src: TensorInfo,
  plan: BoxPlan,
  p: PackedTables,
  t: WindowTiles,
  backward: boolean,
  cells: number,
  l: Layout,
): TensorInfo {
  const tileUniforms: ProgramUniforms = [
    {type: 'int32', data: t.tile},
    {type: 'int32', data: t.count},
  ];
  // pass 0: the tile sums; then pass k sums chunks[k - 1] consecutive partials of each group of sizes[k - 1]
  const chunks = chunkPasses(t.tiles);
  const sizes = [t.tiles];
  for (const chunk of chunks) sizes.push(Math.ceil(sizes[sizes.length - 1] / chunk));
  return runPasses(backend, 1 + chunks.length, (k, prev) =>
    prev === null
      ? runFlat(
          backend,
          new TileSumProgram(cells * t.tiles, backward, l.layout),
          [src],
          'float32',
          [...boxUniforms(plan, p), ...tileUniforms, ...layoutUniforms(l)],
          [cells * t.tiles],
          uploadTable(backend, p.values),
        )
      : runFlat(
          backend,
          new ChunkSumProgram(cells * sizes[k]),
          [prev],
          'float32',
          [sizes[k - 1], chunks[k - 1], sizes[k]].map(v => ({type: 'int32' as const, data: [v]})),
          [cells * sizes[k]],
        ),
  );
}

export function tiledBoxForward(
  backend: WebGPUBackend,
  x: TensorInfo,
  plan: BoxPlan,
  p: PackedTables,
  t: WindowTiles,
  l: Layout = CHANNELS_FIRST,
): TensorInfo {
  const sums = tiledSums(backend, x, plan, p, t, false, util.sizeFromShape(plan.outShape), l);
  try {
    const out = divide(backend, sums, plan, p, plan.outShape, l);
    return {...out, shape: storedShape(plan.outShape, plan.outSpatial.length, l.layout)};
  } finally {
    backend.disposeData(sums.dataId);
  }
}

export function tiledBoxBackward(
  backend: WebGPUBackend,
  dy: TensorInfo,
  xShape: number[],
  plan: BoxPlan,
  p: PackedTables,
  t: WindowTiles,
  l: Layout = CHANNELS_FIRST,
): TensorInfo {
  const delta = divide(backend, dy, plan, p, plan.outShape, l);
  try {
    const dx = tiledSums(backend, delta, plan, p, t, true, util.sizeFromShape(xShape), l);
    return {dataId: dx.dataId, shape: xShape, dtype: 'float32'};
  } finally {
    backend.disposeData(delta.dataId);
  }
}
