/**
 * Box averages whose windows (or, backward, covering ranges) hold more than MAX_WINDOW_ELEMENTS cells, on webgl:
 * the passes of src/geometry/gpu_tiles.ts, so that no fragment adds up more than that many values.
 *
 *   forward   tile sums of x over the windows → sums of consecutive partials (chunkPasses) → the divisor step
 *   backward  the divisor step on dy (delta = dy / divisor, as the one-pass gather divides each term) → tile sums of
 *             delta over the covering ranges → sums of consecutive partials
 *
 * Float32 only; windows and covering ranges are read from the packed tables (src/geometry/packed_tables.ts), as in
 * the one-pass programs. The tiles' partial sums are added in order, so only the float32 association changes.
 * Channels-last (layout_glsl.ts): dest cells are in the stored order of the output (tiles innermost), so the passes'
 * sums come out stored, and the sources are read at their stored (plane, cell).
 */
import {TensorInfo, util} from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {BoxPlan, PackedTables, WindowSpec, WindowTiles, chunkPasses, divisorStepGlsl} from '../../src/geometry';
import {TorchMeanSumProgram, meanSumValues} from './mean';
import {
  BOX_UNIFORMS,
  CustomUniforms,
  TABLE_SNIPPET,
  boxUniformValues,
  factorSnippet,
  loopBound,
  runPasses,
  shortcuts,
  splitIndex,
  tableRead,
  tableTensor,
} from './webgl_program';
import {CHANNELS_FIRST, GlslLayout, cellOffset, layoutValue, planeBase, splitStored} from './layout_glsl';

/** The box uniforms and the tiling's: cells per tile (`tile`) and tiles (`count`) per axis, tiles per window. */
const TILE_UNIFORMS: CustomUniforms = [
  ...BOX_UNIFORMS,
  {name: 'tile', type: 'ivec3'},
  {name: 'count', type: 'ivec3'},
  {name: 'tiles', type: 'int'},
];

/** Partial sums over one tile of each window: output [planes, dest cells, tiles], tiles innermost. */
class TileSumProgram implements GPGPUProgram {
  variableNames = ['x', 't'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = TILE_UNIFORMS;
  userCode: string;

  /** backward: dest cells are inputs, windows are covering ranges, x is indexed by outputs. */
  /** The loops' constant bounds: the tile sizes rounded up to powers of two, breaking at the uniform `tile`. */
  constructor(size: number, t: WindowTiles, backward: boolean, l: GlslLayout) {
    this.outputShape = [size];
    const [dest, src] = backward ? ['inSize', 'outSize'] : ['outSize', 'inSize'];
    const [lo, hi] = backward ? (['gradStart', 'gradEnd'] as const) : (['start', 'end'] as const);
    const range = (d: number) => {
      const c = 'xyz'[d];
      return `
        int from${d} = ${tableRead(lo, d, `c${d}`)} + j${d} * tile.${c};
        int to${d} = ${tableRead(hi, d, `c${d}`)};
        if (from${d} + tile.${c} < to${d}) to${d} = from${d} + tile.${c};`;
    };
    const loop = (d: number, body: string) => `
        for (int k${d} = 0; k${d} < ${loopBound(t.tile[d])}; k${d}++) {
          if (k${d} >= tile.${'xyz'[d]}) break;
          int i${d} = from${d} + k${d};
          if (i${d} >= to${d}) break;${body}
        }`;
    this.userCode = `
      ${TABLE_SNIPPET}

      void main() {
        int idx = getOutputCoords();
        int tileIndex = imod(idx, tiles);
        int cell = idx / tiles;
        ${splitIndex('tileIndex', 'count', ['jp', 'j0', 'j1', 'j2'])}
        ${splitStored(l, 'cell', dest, ['p', 'c0', 'c1', 'c2'])}
        ${range(0)}${range(1)}${range(2)}
        float acc = 0.0;
        ${loop(
          0,
          loop(
            1,
            `
          int row = ${planeBase(l, 'p', `${src}.x * ${src}.y * ${src}.z`)} + ${cellOffset(l, `(i0 * ${src}.y + i1) * ${src}.z`)};${loop(
            2,
            `
          acc += getX(row + ${cellOffset(l, 'i2')});`,
          )}`,
          ),
        )}
        setOutput(acc);
      }
    `;
  }
}

/** The divisor step of every output (src/geometry/divisor_step.ts): v[o] / divisor(o). */
class DivideProgram implements GPGPUProgram {
  variableNames = ['v', 't'];
  outputShape: number[];
  enableShapeUniforms = true;
  customUniforms = BOX_UNIFORMS;
  userCode: string;

  constructor(plan: BoxPlan, spec: WindowSpec, size: number, l: GlslLayout) {
    this.outputShape = [size];
    const s = shortcuts(plan, spec);
    this.userCode = `
      ${TABLE_SNIPPET}
      ${divisorStepGlsl(plan.divisor.kind, false)}

      void main() {
        int idx = getOutputCoords();
        ${splitStored(l, 'idx', 'outSize', ['p', 'o0', 'o1', 'o2'])}
        ${[0, 1, 2].map(d => factorSnippet(d, `o${d}`, s)).join('\n        ')}
        setOutput(divide(getV(idx), f0, f1, f2));
      }
    `;
  }
}

function divide(
  backend: MathBackendWebGL,
  v: TensorInfo,
  plan: BoxPlan,
  spec: WindowSpec,
  p: PackedTables,
  table: TensorInfo,
  l: GlslLayout,
): TensorInfo {
  const size = util.sizeFromShape(plan.outShape);
  return backend.runWebGLProgram(
    new DivideProgram(plan, spec, size, l),
    [{...v, shape: [size]}, table],
    'float32',
    boxUniformValues(p, plan, shortcuts(plan, spec), layoutValue(l)),
  );
}

/** Tile sums of `x` (flat) over windows (or covering ranges), then their sums: one value per dest cell. */
function tiledSums(
  backend: MathBackendWebGL,
  x: TensorInfo,
  plan: BoxPlan,
  spec: WindowSpec,
  p: PackedTables,
  table: TensorInfo,
  t: WindowTiles,
  backward: boolean,
  cells: number,
  l: GlslLayout,
): TensorInfo {
  // pass 0: the tile sums; then pass k sums chunks[k - 1] consecutive partials of each group of sizes[k - 1]
  const chunks = chunkPasses(t.tiles);
  const sizes = [t.tiles];
  for (const chunk of chunks) sizes.push(Math.ceil(sizes[sizes.length - 1] / chunk));
  return runPasses(backend, 1 + chunks.length, (k, prev) =>
    prev === null
      ? backend.runWebGLProgram(new TileSumProgram(cells * t.tiles, t, backward, l), [x, table], 'float32', [
          ...boxUniformValues(p, plan, shortcuts(plan, spec), layoutValue(l)),
          t.tile,
          t.count,
          [t.tiles],
        ])
      : backend.runWebGLProgram(
          new TorchMeanSumProgram(cells * sizes[k], chunks[k - 1], false),
          [prev],
          'float32',
          meanSumValues(1, sizes[k - 1], 1, sizes[k], chunks[k - 1]),
        ),
  );
}

/** x: a flat view of the input. Returns the flat output. */
export function tiledBoxForward(
  backend: MathBackendWebGL,
  x: TensorInfo,
  plan: BoxPlan,
  spec: WindowSpec,
  p: PackedTables,
  t: WindowTiles,
  l: GlslLayout = CHANNELS_FIRST,
): TensorInfo {
  const table = tableTensor(backend, p.values);
  try {
    const sums = tiledSums(backend, x, plan, spec, p, table, t, false, util.sizeFromShape(plan.outShape), l);
    try {
      return divide(backend, sums, plan, spec, p, table, l);
    } finally {
      backend.disposeIntermediateTensorInfo(sums);
    }
  } finally {
    backend.disposeIntermediateTensorInfo(table);
  }
}

/** dy: a flat view of the gradient. Returns the flat input gradient. */
export function tiledBoxBackward(
  backend: MathBackendWebGL,
  dy: TensorInfo,
  xSize: number,
  plan: BoxPlan,
  spec: WindowSpec,
  p: PackedTables,
  t: WindowTiles,
  l: GlslLayout = CHANNELS_FIRST,
): TensorInfo {
  const table = tableTensor(backend, p.values);
  try {
    const delta = divide(backend, dy, plan, spec, p, table, l);
    try {
      return tiledSums(backend, delta, plan, spec, p, table, t, true, xSize, l);
    } finally {
      backend.disposeIntermediateTensorInfo(delta);
    }
  } finally {
    backend.disposeIntermediateTensorInfo(table);
  }
}
