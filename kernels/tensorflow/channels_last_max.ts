/**
 * The max-pooling family with `layout: 'channelsLast'` on tfjs-node: x, dy, values, indices and results stored
 * [...batch, ...spatial, C] (src/geometry/memory_layout.ts). That is TensorFlow's own NHWC, so nothing is
 * transposed: every tensor is viewed [n, cells, C] (or [n, (1,) spatial..., C] for TensorFlow's pools), n·C planes.
 *
 * The rules are max_pool.ts's, on the same MaxPlan (built from the logical shape) and the same tap tables:
 * - values alone: TensorFlow's MaxPool where exact (finite float32 input, windows TensorFlow reproduces), with
 *   'SAME' or explicit padding (-inf padding where cells are cropped); a 3-d pool as two 2-d MaxPools ((H, W) per
 *   depth slice, then D);
 * - values and indices: MaxPoolWithArgmax (1-d, 2-d; same conditions), whose argmax (h'·W' + w')·C + c in one image
 *   becomes the plane's flat cell index; else the scan (≤ SCAN_TAPS taps) or the gather of every tap, which here
 *   gather along the cell axis of [n, cells + 1, C] (an appended row of the lowest value);
 * - the backward (MaxPoolGradWithArgmax, or UnsortedSegmentSum where a window is padding-only), max_unpool and the
 *   plane gather address a (plane, cell) pair as PlaneAddressing says, planeBase(p) + cell · cellStride: the bases
 *   are one [n, 1, C] table added to index · C.
 * Index values keep PyTorch's meaning (the cell's flat position in its plane), ties and NaN as the kernel contract
 * says (src/kernel_names.ts).
 */
import {Tensor, TensorInfo, util, zeros} from '@tensorflow/tfjs-core';
import {
  MaxPlan,
  MaxWindowSpec,
  PlaneAddressing,
  TfMaxWindows,
  logicalShape,
  maxSpatialRank,
  planMax,
  planeAddressing,
  storedShape,
  strayGradients,
  tfMaxPoolWindows,
} from '../../src/geometry';
import {poolAxes, poolKernel, poolShape} from './channels_last';
import {MaxOps, SCAN_TAPS, finiteInput, scanTables, withOps} from './max_pool';
import {TfBackend} from './tf_ops';

type Dtype = 'int32' | 'float32';

const stored = (logical: number[], nd: number) => storedShape(logical, nd, 'channelsLast');

/** The plan of channels-last x pooled as `spec` says, with its addressing, n (batch) and C. */
function planOf(x: TensorInfo, spec: MaxWindowSpec) {
  const nd = maxSpatialRank(spec);
  const logical = logicalShape(x.shape, nd, 'channelsLast');
  const plan = planMax(logical, spec);
  const at = planeAddressing(logical, nd, 'channelsLast');
  return {plan, nd, at, n: at.planes / at.channels, C: at.channels};
}

/**
 * planeBase(p) for every plane p = n·C + c, shaped [n, 1, C] to broadcast against a tensor viewed [n, cells, C]:
 * with index · cellStride added, the stored offset of (plane, cell).
 */
function planeBases(ops: MaxOps, at: PlaneAddressing): Tensor {
  const bases = Int32Array.from({length: at.planes}, (_, p) => at.planeBase(p));
  return ops.constant(bases, [at.planes / at.channels, 1, at.channels], 'int32');
}

/** The stored offsets planeBase(p) + index · cellStride of `indices` viewed [n, cells, C]. */
function storedOffsets(ops: MaxOps, indices: TensorInfo, at: PlaneAddressing): Tensor {
  const n = at.planes / at.channels;
  const view = ops.reshape(indices, [n, util.sizeFromShape(indices.shape) / at.planes, at.channels]);
  return ops.binary('AddV2', ops.binary('Mul', view, ops.constant([at.cellStride], [], 'int32')), planeBases(ops, at));
}

// --- forward ----------------------------------------------------------------------------------------------------

export function maxPoolChannelsLast(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] {
  const {plan, nd} = planOf(x, spec);
  const outShape = stored(plan.outShape, nd);
  if (util.sizeFromShape(outShape) === 0) return [zeros(outShape, x.dtype), zeros(outShape, 'int32')];
  return (x.dtype === 'float32' ? nativeWithIndices(x, spec, backend) : null) ?? exactForward(x, spec, backend);
}

export function maxPoolValuesChannelsLast(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo {
  const {plan, nd} = planOf(x, spec);
  const outShape = stored(plan.outShape, nd);
  if (util.sizeFromShape(outShape) === 0) return zeros(outShape, x.dtype);
  const native = x.dtype === 'float32' ? nativeValues(x, spec, backend) : null;
  if (native !== null) return native;
  const [values, indices] = exactForward(x, spec, backend);
  (indices as Tensor).dispose();
  return values;
}

function exactForward(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] {
  const {plan} = planOf(x, spec);
  return scanTables(plan).taps.length <= SCAN_TAPS ? scan(x, spec, backend) : gatherAll(x, spec, backend);
}

/** x viewed [n, cells, C] with one more cell of the lowest value appended ([n, cells + 1, C]): a missing tap. */
function withLowestCell(ops: MaxOps, x: TensorInfo, n: number, inPlane: number, C: number): Tensor {
  const dtype = x.dtype as Dtype;
  const lowest = dtype === 'int32' ? -2147483648 : -Infinity;
  const column = dtype === 'int32' ? new Int32Array(n * C).fill(lowest) : new Float32Array(n * C).fill(lowest);
  return ops.concat(ops.reshape(x, [n, inPlane, C]), ops.constant(column, [n, 1, C], dtype), 1);
}

/** The scan of max_pool.ts: per tap, `v > best || isnan(v)` takes value and index (first tie, last NaN win). */
function scan(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] {
  const {plan, nd, n, C} = planOf(x, spec);
  const {taps, initial} = scanTables(plan);
  const outPlane = initial.length;
  const inPlane = util.sizeFromShape(plan.inSpatial);
  const outShape = stored(plan.outShape, nd);
  let indices: Tensor | null = null;
  const values = withOps(backend, ops => {
    const padded = withLowestCell(ops, x, n, inPlane, C);
    let best: Tensor = ops.gather(padded, new Int32Array(outPlane).fill(inPlane), [outPlane], 1);
    let index: Tensor = ops.broadcastTo(ops.constant(initial, [outPlane, 1], 'int32'), [n, outPlane, C]);
    for (const table of taps) {
      const tap = ops.constant(table, [outPlane], 'int32');
      const v = ops.gatherBy(padded, tap, 1);
      let wins = ops.compare('Greater', v, best);
      if (x.dtype === 'float32') wins = ops.logical('LogicalOr', wins, ops.isNan(v));
      best = ops.select(wins, v, best);
      index = ops.select(wins, ops.reshape(tap, [outPlane, 1]), index);
    }
    // two outputs: the indices leave this scope as a clone (withOps keeps one tensor)
    indices = ops.reshape(index, outShape).clone();
    return ops.reshape(best, outShape);
  });
  return [values, indices as unknown as Tensor];
}

/**
 * max_pool.ts's gather of every tap ([n, T, outputs, C]), for windows too large to scan: the first maximum of the
 * NaN-free taps (ArgMax keeps the lower index on ties), or the window's last NaN; the value gathered at that tap.
 */
function gatherAll(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] {
  const {plan, nd, n, C} = planOf(x, spec);
  const {taps, initial, keep} = scanTables(plan);
  const outPlane = initial.length;
  const inPlane = util.sizeFromShape(plan.inSpatial);
  const outShape = stored(plan.outShape, nd);
  const Tn = Math.max(taps.length, 1);
  const tapTable = new Int32Array(Tn * outPlane).fill(inPlane);
  taps.forEach((table, t) => tapTable.set(table, t * outPlane));
  let indices: Tensor | null = null;
  const values = withOps(backend, ops => {
    const padded = withLowestCell(ops, x, n, inPlane, C);
    const v = ops.gatherBy(padded, ops.constant(tapTable, [Tn, outPlane], 'int32'), 1);
    const t = ops.chosenTap(v);
    // t: [n, outputs, C], the chosen tap; its table entry t·outputs + o is the chosen cell
    const o = ops.constant(
      Int32Array.from({length: outPlane}, (_, i) => i),
      [outPlane, 1],
      'int32',
    );
    const tOffset = ops.binary('AddV2', ops.binary('Mul', t, ops.constant([outPlane], [], 'int32')), o);
    // windows without in-bounds taps report PyTorch's initial index
    const hasTaps = ops.compare('Greater', ops.constant(keep, [outPlane, 1], 'int32'), ops.constant([0], [], 'int32'));
    const index = ops.select(
      hasTaps,
      ops.gatherBy(ops.constant(tapTable, [Tn * outPlane], 'int32'), tOffset, 0),
      ops.constant(initial, [outPlane, 1], 'int32'),
    );
    indices = ops.reshape(index, outShape).clone();
    // the value at [n, t, o, c] of v: ((n·T + t)·outputs + o)·C + c
    const base = ops.binary(
      'AddV2',
      ops.constant(
        Int32Array.from({length: n}, (_, i) => i * Tn * outPlane * C),
        [n, 1, 1],
        'int32',
      ),
      ops.constant(
        Int32Array.from({length: outPlane * C}, (_, i) => i),
        [outPlane, C],
        'int32',
      ),
    );
    const at = ops.binary('AddV2', ops.binary('Mul', t, ops.constant([outPlane * C], [], 'int32')), base);
    const flat = ops.reshape(v, [n * Tn * outPlane * C]);
    return ops.reshape(ops.gatherBy(flat, ops.reshape(at, [n * outPlane * C]), 0), outShape);
  });
  return [values, indices as unknown as Tensor];
}

/**
 * x as TensorFlow's max pools read it, [n, (1,) spatial..., C]: as stored where the pool pads it itself
 * (`padded`: 'SAME', explicit padding), else padded with -inf (or cropped) for 'VALID' windows.
 */
function image(ops: MaxOps, x: TensorInfo, plan: MaxPlan, n: number, C: number, w: TfMaxWindows, padded: boolean) {
  const t = ops.view(x, [n, ...poolShape(plan.inSpatial, C).slice(1)]);
  return padded ? t : ops.padOrCrop(t, poolAxes(w.before), poolAxes(w.after), -Infinity);
}

/** TensorFlow's MaxPool on a finite float32 input whose windows it reproduces; null otherwise. */
function nativeValues(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): Tensor | null {
  const {plan, nd, n, C} = planOf(x, spec);
  const w = tfMaxPoolWindows(plan, spec);
  if (w === null) return null;
  const ops = new MaxOps(backend);
  try {
    if (!finiteInput(ops, backend, x)) return null;
    // TensorFlow's padding: 'SAME' where its windows are the plan's, else explicit (no padded copy of x), else
    // (cells cropped) -inf padding and 'VALID'
    const explicit = !w.same && [...w.before, ...w.after].every(p => p >= 0);
    const padding = w.same ? 'SAME' : 'VALID';
    const pool = (t: TensorInfo, k: number[], s: number[], pads: number[]) =>
      explicit ? ops.maxPoolExplicit(t, k, s, pads) : ops.maxPool(t, k, s, padding);
    // [before, after] per axis of the image [n, (1,) spatial..., C]
    const after = poolAxes(w.after);
    const pads = poolAxes(w.before).map((b, d) => [b, after[d]]);
    let t: TensorInfo = image(ops, x, plan, n, C, w, w.same || explicit);
    if (w.kernel.length === 3) {
      // (H, W) per depth slice, then D: the first maximum of first maxima (MaxPool3D breaks ±0 ties its own way)
      const [, D, H, W] = t.shape;
      const [kD, kH, kW] = w.kernel;
      const [sD, sH, sW] = w.stride;
      t = pool(ops.reshape(t, [n * D, H, W, C]), [kH, kW], [sH, sW], [...pads[2], ...pads[3]]);
      t = pool(ops.reshape(t, [n, t.shape[0] / n, t.shape[1] * t.shape[2], C]), [kD, 1], [sD, 1], [...pads[1], 0, 0]);
    } else {
      t = pool(t, poolKernel(w.kernel), poolKernel(w.stride), [...pads[1], ...pads[2]]);
    }
    return ops.keep(ops.reshape(t, stored(plan.outShape, nd)));
  } finally {
    ops.dispose();
  }
}

/**
 * [values, indices] from MaxPoolWithArgmax where exact (as max_pool.ts's nativeWithIndices): its argmax counts
 * cells of one padded image, (h'·W' + w')·C + c; the plane's index is (h' − b₀)·W + (w' − b₁).
 */
function nativeWithIndices(x: TensorInfo, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] | null {
  const {plan, nd, n, C} = planOf(x, spec);
  const w = tfMaxPoolWindows(plan, spec);
  if (w === null || w.kernel.length === 3) return null; // no MaxPool3DWithArgmax
  const ops = new MaxOps(backend);
  try {
    if (!finiteInput(ops, backend, x)) return null;
    const t = image(ops, x, plan, n, C, w, w.same);
    const [, Hp, Wp] = t.shape;
    if (Hp * Wp * C > 0x7fffffff) return null; // the argmax is taken as int32
    const [values, argmax] = ops.maxPoolWithArgmax(
      t,
      poolKernel(w.kernel),
      poolKernel(w.stride),
      w.same ? 'SAME' : 'VALID',
    );
    const W = plan.inSpatial[plan.inSpatial.length - 1];
    const [b0, b1] = w.same ? [0, 0] : poolAxes(w.before).slice(1, 3);
    const int = (v: number) => ops.constant([v], [], 'int32');
    const cell = ops.binary('FloorDiv', ops.cast(argmax, 'int32'), int(C));
    const row = ops.binary('FloorDiv', cell, int(Wp));
    const index = ops.binary('Sub', ops.binary('Sub', cell, ops.binary('Mul', row, int(Wp - W))), int(b0 * W + b1));
    const outShape = stored(plan.outShape, nd);
    const indices = ops.reshape(index, outShape).clone();
    return [ops.keep(ops.reshape(values, outShape)), indices];
  } finally {
    ops.dispose();
  }
}

// --- backward, unpool, plane gather ----------------------------------------------------------------------------

/**
 * dx: dy added, in stored order (PyTorch's channels-last loop order), at planeBase(p) + index · C. A padding-only
 * window's index may lie past its plane: its gradient lands at that stored offset, as PyTorch's channels-last
 * backward writes it (docs/max-pooling.md §3), and is dropped past the buffer's end. Where no window is
 * padding-only, every offset lies in its own batch entry and TensorFlow's MaxPoolGradWithArgmax scatters them (the
 * same additions in the same order, sharded by batch entry); otherwise UnsortedSegmentSum does.
 */
export function maxPoolGradChannelsLast(
  dy: TensorInfo,
  indices: TensorInfo,
  x: TensorInfo,
  spec: MaxWindowSpec,
  backend: TfBackend,
): TensorInfo {
  if (util.sizeFromShape(x.shape) === 0 || util.sizeFromShape(dy.shape) === 0) return zeros(x.shape, 'float32');
  const {plan, at} = planOf(x, spec);
  const cells = util.sizeFromShape(x.shape);
  const total = util.sizeFromShape(dy.shape);
  const floats = dy.dtype === 'float32' && x.dtype === 'float32';
  if (floats && strayGradients(plan).maxPerCell === 0 && total <= cells && cells <= 0x7fffffff) {
    return withOps(backend, ops => scatterByArgmax(ops, backend, dy, indices, x, at));
  }
  return withOps(backend, ops => {
    const target = ops.reshape(storedOffsets(ops, indices, at), [total]);
    const ids = ops.select(
      ops.compare('Less', target, ops.constant([cells], [], 'int32')),
      target,
      ops.constant([-1], [], 'int32'),
    );
    return ops.reshape(ops.segment('UnsortedSegmentSum', ops.reshape(dy, [total]), ids, cells), x.shape);
  });
}

/**
 * MaxPoolGradWithArgmax over the views x = [n, 1, cells, C], dy = indices = [n, 1, outputs, C]: it adds each dy at
 * its argmax, the stored offset planeBase(p) + index · C (include_batch_in_index), batch entry by batch entry in
 * stored order. Its window attributes only size the forward output it expects: a 1 × (cells − outputs + 1) 'VALID'
 * window at stride 1 has exactly `outputs` of them. Indices are clipped to the plane, so a malformed one (never
 * from the forward) cannot address another batch entry, which TensorFlow's kernel refuses.
 */
function scatterByArgmax(
  ops: MaxOps,
  backend: TfBackend,
  dy: TensorInfo,
  indices: TensorInfo,
  x: TensorInfo,
  at: PlaneAddressing,
): Tensor {
  const n = at.planes / at.channels;
  const outputs = util.sizeFromShape(dy.shape) / at.planes;
  const int = (v: number) => ops.constant([v], [], 'int32');
  const clipped = ops.run('ClipByValue', [ops.type('T', 'int32')], [indices, int(0), int(at.planeSize - 1)]);
  const argmax = ops.cast(storedOffsets(ops, clipped, at), 'int64');
  const ints = (name: string, value: number[]) => ({name, type: backend.binding.TF_ATTR_INT, value});
  const dx = ops.run(
    'MaxPoolGradWithArgmax',
    [
      ints('ksize', [1, 1, at.planeSize - outputs + 1, 1]),
      ints('strides', [1, 1, 1, 1]),
      {name: 'padding', type: backend.binding.TF_ATTR_STRING, value: 'VALID'},
      {name: 'include_batch_in_index', type: backend.binding.TF_ATTR_BOOL, value: true},
      ops.type('Targmax', 'int64'),
      ops.type('T', 'float32'),
    ],
    [
      ops.reshape(x, [n, 1, at.planeSize, at.channels]),
      ops.reshape(dy, [n, 1, outputs, at.channels]),
      ops.reshape(argmax, [n, 1, outputs, at.channels]),
    ],
  );
  return ops.reshape(dx, x.shape);
}

/** max_unpool: out[planeBase(p) + indices · C] = x, the last write (in a plane's cell order) winning. */
export function maxUnpoolChannelsLast(
  x: TensorInfo,
  indices: TensorInfo,
  outputSize: number[],
  backend: TfBackend,
): TensorInfo {
  const nd = outputSize.length;
  const logicalIn = logicalShape(x.shape, nd, 'channelsLast');
  const logicalOut = [...logicalIn.slice(0, logicalIn.length - nd), ...outputSize];
  const outShape = stored(logicalOut, nd);
  if (util.sizeFromShape(outShape) === 0 || util.sizeFromShape(x.shape) === 0) return zeros(outShape, x.dtype);
  const at = planeAddressing(logicalOut, nd, 'channelsLast');
  const writes = util.sizeFromShape(x.shape);
  const cells = util.sizeFromShape(outShape);
  return withOps(backend, ops => {
    const ids = ops.reshape(storedOffsets(ops, indices, at), [writes]);
    // the last write to each cell: the greatest stored position among those targeting it (within a plane, stored
    // order is cell order)
    const last = ops.segment('UnsortedSegmentMax', ops.range(writes), ids, cells);
    const written = ops.compare('GreaterEqual', last, ops.constant([0], [], 'int32'));
    const read = ops.gatherBy(ops.reshape(x, [writes]), ops.maximum(last, ops.constant([0], [], 'int32')), 0);
    return ops.reshape(ops.select(written, read, ops.constant([0], [], x.dtype as Dtype)), outShape);
  });
}

/** out = x[planeBase(p) + indices · C], 0 where an index lies outside its plane (x's `rank` spatial axes). */
export function gatherPlanesChannelsLast(
  x: TensorInfo,
  indices: TensorInfo,
  rank: number,
  backend: TfBackend,
): TensorInfo {
  if (util.sizeFromShape(indices.shape) === 0) return zeros(indices.shape, x.dtype);
  const at = planeAddressing(logicalShape(x.shape, rank, 'channelsLast'), rank, 'channelsLast');
  const size = util.sizeFromShape(x.shape);
  return withOps(backend, ops => {
    const dtype = x.dtype as Dtype;
    const flat = ops.concat(ops.reshape(x, [size]), ops.constant([0], [1], dtype), 0);
    const valid = ops.logical(
      'LogicalAnd',
      ops.compare('GreaterEqual', indices, ops.constant([0], [], 'int32')),
      ops.compare('Less', indices, ops.constant([at.planeSize], [], 'int32')),
    );
    const offsets = ops.reshape(storedOffsets(ops, indices, at), indices.shape);
    const ids = ops.select(valid, offsets, ops.constant([size], [], 'int32'));
    return ops.reshape(ops.gatherBy(flat, ids, 0), indices.shape);
  });
}
