/**
 * The max-pooling family on tfjs-node, composed of native TensorFlow ops over tables from the MaxPlan
 * (src/geometry/max_windows.ts); no window arithmetic here, and no tensor data read into JavaScript but one scalar
 * (whether an input's sum is finite picks the values-only path, below).
 *
 * TensorFlow's own MaxPool / MaxPoolWithArgmax ignore NaN (they compare with `>`), have no dilation with strides and
 * no PyTorch ceil rule, so the forward applies ATen's rule itself (taps in row-major order, the order of ATen's loops;
 * a window's missing taps read an appended -inf, which is never chosen over a real tap):
 * - small windows (≤ SCAN_TAPS taps): a scan, one GatherV2 per tap t reading that tap of every output, and
 *   `v > best || isnan(v)` selecting value and index with SelectV2 (first tie wins, last NaN wins);
 * - larger windows (adaptive bins, global pooling), where a scan would issue thousands of ops: one GatherV2 of every
 *   tap ([planes, taps, outputs]), then the first maximum of the NaN-free taps (ArgMax keeps the lower index on
 *   ties), or, if the window holds a NaN, its last NaN, and the value gathered at the chosen tap.
 * TorchMaxPoolValues (a max pool without returnIndices) takes TensorFlow's own MaxPool where that is
 * exact: float32, windows TensorFlow reproduces (src/geometry/tf_max_pool.ts: no dilation; uniform adaptive bins),
 * and an input whose sum is finite — so it holds no NaN and no ±inf, and TensorFlow's NaN-blind `>` and its
 * initial value never matter (every window has an in-bounds tap, and a finite maximum is the same whichever
 * equal value is taken, the first among +0 and -0 included: tested against the scan). The planes become the
 * channel axis (one transpose each way), the padding -inf or TensorFlow's 'SAME'; a 3-d pool runs as two 2-d ones.
 * Everything else runs the scan above and drops the indices.
 * The backward is UnsortedSegmentSum of dy by argmax (CPU:
 * sequential in output order, as PyTorch's scatter). max_unpool's last-write-wins scatter is UnsortedSegmentMax of
 * the write order followed by a gather; the plane gather is a GatherV2 with an appended zero.
 */
import {KernelConfig, KernelFunc, Tensor, TensorInfo, util, zeros} from '@tensorflow/tfjs-core';
import {
  MaxPlan,
  MaxWindowSpec,
  TfMaxWindows,
  hasTaps,
  initialIndex,
  layoutOf,
  perPlan,
  planMax,
  planeLayout,
  unpoolLayout,
  tfMaxPoolWindows,
} from '../../src/geometry';
import {
  TorchGatherPlanes,
  TorchGatherPlanesAttrs,
  TorchGatherPlanesInputs,
  TorchMaxPool,
  TorchMaxPoolAttrs,
  TorchMaxPoolGrad,
  TorchMaxPoolGradAttrs,
  TorchMaxPoolGradInputs,
  TorchMaxPoolInputs,
  TorchMaxPoolValues,
  TorchMaxUnpool,
  TorchMaxUnpoolAttrs,
  TorchMaxUnpoolInputs,
} from '../../src/kernel_names';
import {fromChannelsLast, poolAxes, poolKernel, poolShape, toChannelsLast} from './channels_last';
import {
  gatherPlanesChannelsLast,
  maxPoolChannelsLast,
  maxPoolGradChannelsLast,
  maxPoolValuesChannelsLast,
  maxUnpoolChannelsLast,
} from './channels_last_max';
import {TfAttr, TfBackend, TfOps} from './tf_ops';

/** Per plan: the tap tables of the scan and the per-output tables of the backward. */
interface ScanTables {
  /** per tap, per output: the flat input position read, or the plane size (the appended -inf) */
  taps: Int32Array[];
  /** per output: PyTorch's initial index */
  initial: Int32Array;
  /** per output: 1 if its window has taps on every axis (else it reports the initial index: -inf) */
  keep: Int32Array;
}

/** The scan's tables of a plan, memoised per plan as everything derived from one (src/geometry/per_plan.ts). */
export const scanTables = perPlan<ScanTables, MaxPlan, void>(plan => {
  const [a0, a1, a2] = plan.axes3;
  const outPlane = a0.outSize * a1.outSize * a2.outSize;
  const inPlane = a0.inSize * a1.inSize * a2.inSize;
  const maxCount = plan.axes3.map(a => a.count.reduce((m, c) => Math.max(m, c), 0));
  const taps: Int32Array[] = [];
  for (let t0 = 0; t0 < maxCount[0]; t0++) {
    for (let t1 = 0; t1 < maxCount[1]; t1++) {
      for (let t2 = 0; t2 < maxCount[2]; t2++) {
        const table = new Int32Array(outPlane);
        let k = 0;
        for (let o0 = 0; o0 < a0.outSize; o0++) {
          for (let o1 = 0; o1 < a1.outSize; o1++) {
            for (let o2 = 0; o2 < a2.outSize; o2++, k++) {
              const inside = t0 < a0.count[o0] && t1 < a1.count[o1] && t2 < a2.count[o2];
              table[k] = inside
                ? ((a0.start[o0] + t0 * a0.step) * a1.inSize + a1.start[o1] + t1 * a1.step) * a2.inSize +
                  a2.start[o2] +
                  t2 * a2.step
                : inPlane;
            }
          }
        }
        taps.push(table);
      }
    }
  }
  const initial = new Int32Array(outPlane);
  const keep = new Int32Array(outPlane);
  let k = 0;
  for (let o0 = 0; o0 < a0.outSize; o0++) {
    for (let o1 = 0; o1 < a1.outSize; o1++) {
      for (let o2 = 0; o2 < a2.outSize; o2++, k++) {
        initial[k] = initialIndex(plan, o0, o1, o2);
        keep[k] = hasTaps(plan, o0, o1, o2) ? 1 : 0;
      }
    }
  }
  return {taps, initial, keep};
});

/** The TensorFlow ops of this file that TfOps does not wrap. */
export class MaxOps extends TfOps {
  constructor(private readonly tf: TfBackend) {
    super(tf);
  }

  private int(name: string, value: number): TfAttr {
    return {name, type: this.tf.binding.TF_ATTR_INT, value};
  }

  /** [a, b] concatenated along `axis` (ConcatV2). */
  concat(a: TensorInfo, b: TensorInfo, axis: number): Tensor {
    return this.run(
      'ConcatV2',
      [this.int('N', 2), this.type('T', a.dtype), this.type('Tidx', 'int32')],
      [a, b, this.constant([axis], [], 'int32')],
    );
  }

  compare(name: 'Greater' | 'GreaterEqual' | 'Less', a: TensorInfo, b: TensorInfo): Tensor {
    return this.run(name, [this.type('T', a.dtype)], [a, b]);
  }

  isNan(x: TensorInfo): Tensor {
    return this.run('IsNan', [this.type('T', x.dtype)], [x]);
  }

  logical(name: 'LogicalOr' | 'LogicalAnd', a: TensorInfo, b: TensorInfo): Tensor {
    return this.run(name, [], [a, b]);
  }

  select(cond: TensorInfo, a: TensorInfo, b: TensorInfo): Tensor {
    return this.run('SelectV2', [this.type('T', a.dtype)], [cond, a, b]);
  }

  broadcastTo(x: TensorInfo, shape: number[]): Tensor {
    return this.run(
      'BroadcastTo',
      [this.type('T', x.dtype), this.type('Tidx', 'int32')],
      [x, this.constant(shape, [shape.length], 'int32')],
    );
  }

  gatherBy(x: TensorInfo, indices: TensorInfo, axis: number): Tensor {
    return this.run(
      'GatherV2',
      [this.type('Tparams', x.dtype), this.type('Tindices', 'int32'), this.type('Taxis', 'int32')],
      [x, indices, this.constant([axis], [], 'int32')],
    );
  }

  /** UnsortedSegmentSum / UnsortedSegmentMax of `data` by `ids` into `n` segments (negative ids are dropped). */
  segment(name: 'UnsortedSegmentSum' | 'UnsortedSegmentMax', data: TensorInfo, ids: TensorInfo, n: number): Tensor {
    return this.run(
      name,
      [this.type('T', data.dtype), this.type('Tindices', 'int32'), this.type('Tnumsegments', 'int32')],
      [data, ids, this.constant([n], [], 'int32')],
    );
  }

  maximum(a: TensorInfo, b: TensorInfo): Tensor {
    return this.run('Maximum', [this.type('T', a.dtype)], [a, b]);
  }

  argMax(x: TensorInfo, axis: number): Tensor {
    return this.run(
      'ArgMax',
      [this.type('T', x.dtype), this.type('Tidx', 'int32'), this.type('output_type', 'int32')],
      [x, this.constant([axis], [], 'int32')],
    );
  }

  any(x: TensorInfo, axis: number): Tensor {
    return this.run(
      'Any',
      [{name: 'keep_dims', type: this.tf.binding.TF_ATTR_BOOL, value: false}, this.type('Tidx', 'int32')],
      [x, this.constant([axis], [], 'int32')],
    );
  }

  /**
   * MaxPoolWithArgmax on NHWC float32 x with a 2-d kernel and stride: [values, argmax], argmax an int64 handle
   * holding (h·W + w)·C + c in x's own image (include_batch_in_index false; TensorFlow's CPU kernel has int64 only).
   */
  maxPoolWithArgmax(x: TensorInfo, kernel: number[], stride: number[], padding: 'VALID' | 'SAME'): Tensor[] {
    return this.runOutputs(
      'MaxPoolWithArgmax',
      [
        this.ints('ksize', [1, ...kernel, 1]),
        this.ints('strides', [1, ...stride, 1]),
        this.str('padding', padding),
        {name: 'include_batch_in_index', type: this.tf.binding.TF_ATTR_BOOL, value: false},
        this.type('Targmax', 'int64'),
        this.type('T', 'float32'),
      ],
      [x],
      2,
    );
  }

  /**
   * The tap ATen's scan chooses along axis 1 of v ([planes or n, taps, ...]): the first maximum among non-NaN taps
   * (ArgMax keeps the lower index on ties), unless the window holds a NaN: then the last NaN (the greatest t + 1
   * among NaN taps). int32 has no NaN: the first maximum.
   */
  chosenTap(v: TensorInfo): Tensor {
    if (v.dtype !== 'float32') return this.argMax(v, 1);
    const nan = this.isNan(v);
    const first = this.argMax(this.select(nan, this.constant([-Infinity], [], 'float32'), v), 1);
    const taps = v.shape[1];
    const weights = this.constant(
      Float32Array.from({length: taps}, (_, i) => i + 1),
      [taps, ...v.shape.slice(2).map(() => 1)],
      'float32',
    );
    const lastNan = this.argMax(this.select(nan, weights, this.constant([0], [], 'float32')), 1);
    return this.select(this.any(nan, 1), lastNan, first);
  }

  range(n: number): Tensor {
    return this.constant(
      Int32Array.from({length: n}, (_, i) => i),
      [n],
      'int32',
    );
  }
}

export function withOps<T>(backend: TfBackend, f: (ops: MaxOps) => T & Tensor): T & Tensor {
  const ops = new MaxOps(backend);
  try {
    return ops.keep(f(ops)) as T & Tensor;
  } finally {
    ops.dispose();
  }
}

/** Windows with more taps than this are reduced by one gather + ArgMax instead of a scan (1.5–2× faster for 3×3). */
export const SCAN_TAPS = 16;

function maxPool(args: {inputs: TorchMaxPoolInputs; backend: TfBackend; attrs: TorchMaxPoolAttrs}): TensorInfo[] {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  if (layoutOf(layout) === 'channelsLast') return maxPoolChannelsLast(x, spec, backend);
  const plan = planMax(x.shape, spec);
  if (util.sizeFromShape(plan.outShape) === 0) return [zeros(plan.outShape, x.dtype), zeros(plan.outShape, 'int32')];
  return (x.dtype === 'float32' ? nativeWithIndices(x, plan, spec, backend) : null) ?? exactForward(x, plan, backend);
}

/** The scan (or, for large windows, the gather of every tap): PyTorch's rule for any input. */
function exactForward(x: TensorInfo, plan: MaxPlan, backend: TfBackend): TensorInfo[] {
  return scanTables(plan).taps.length <= SCAN_TAPS ? scanForward(x, plan, backend) : gatherAllForward(x, plan, backend);
}

function maxPoolValues(args: {inputs: TorchMaxPoolInputs; backend: TfBackend; attrs: TorchMaxPoolAttrs}): TensorInfo {
  const {
    inputs: {x},
    backend,
    attrs: {spec, layout},
  } = args;
  if (layoutOf(layout) === 'channelsLast') return maxPoolValuesChannelsLast(x, spec, backend);
  const plan = planMax(x.shape, spec);
  if (util.sizeFromShape(plan.outShape) === 0) return zeros(plan.outShape, x.dtype);
  if (x.dtype === 'float32') {
    const native = nativeValues(x, plan, spec, backend);
    if (native !== null) return native;
  }
  // (where TensorFlow's MaxPool does not serve, its MaxPoolWithArgmax does not either)
  const [values, indices] = exactForward(x, plan, backend);
  (indices as Tensor).dispose();
  return values;
}

/**
 * Whether x's sum is finite, so that it holds no NaN and no ±inf (one scalar read): TensorFlow's max pools compare
 * with `<`, blind to NaN, and their initial values and padding must never tie with an input.
 */
export function finiteInput(ops: MaxOps, backend: TfBackend, x: TensorInfo): boolean {
  return Number.isFinite(
    backend.readSync(
      ops.sum(
        x,
        x.shape.map((_, d) => d),
        false,
      ).dataId,
    )[0],
  );
}

/**
 * [values, indices] from TensorFlow's MaxPoolWithArgmax where exact: 1-d and 2-d pools whose windows TensorFlow
 * reproduces (as nativeValues), on a finite float32 input. Its CPU kernel visits each window's cells in row-major order
 * and keeps the first of equal values (`out < in`), PyTorch's choice, sign of zero included; a -inf padding cell,
 * visited first in a padded window, gives way to the first real (finite) one. The argmax counts cells of the padded
 * channels-last image, (h'·W' + w')·planes + plane, and becomes the plane's own flat index (h' − b₀)·W + (w' − b₁),
 * b the padding before each axis (negative: cropped; 'SAME' counts the unpadded input). null where it does not apply.
 */
function nativeWithIndices(x: TensorInfo, plan: MaxPlan, spec: MaxWindowSpec, backend: TfBackend): TensorInfo[] | null {
  const w = tfMaxPoolWindows(plan, spec);
  if (w === null || w.kernel.length === 3) return null; // no MaxPool3DWithArgmax
  const {planes, inSpatial} = plan;
  const ops = new MaxOps(backend);
  try {
    if (!finiteInput(ops, backend, x)) return null;
    const t = channelsLastImage(ops, x, plan, w);
    const [, Hp, Wp] = t.shape;
    if (Hp * Wp * planes > 0x7fffffff) return null; // the argmax is taken as int32
    const [values, argmax] = ops.maxPoolWithArgmax(
      t,
      poolKernel(w.kernel),
      poolKernel(w.stride),
      w.same ? 'SAME' : 'VALID',
    );
    const W = inSpatial[inSpatial.length - 1];
    const before = w.same ? [0, 0] : poolAxes(w.before).slice(1, 3); // (H, W) of the image; 1-d: H = 1, unpadded
    const [b0, b1] = before;
    const int = (v: number) => ops.constant([v], [], 'int32');
    const cell = ops.binary('FloorDiv', ops.cast(argmax, 'int32'), int(planes));
    const row = ops.binary('FloorDiv', cell, int(Wp));
    // (row − b₀)·W + (cell − row·W' − b₁) = cell − row·(W' − W) − (b₀·W + b₁)
    const index = ops.binary('Sub', ops.binary('Sub', cell, ops.binary('Mul', row, int(Wp - W))), int(b0 * W + b1));
    // two outputs: the indices leave this scope as a clone (keep() holds one tensor)
    const indices = fromChannelsLast(ops, index, planes, plan.outShape).clone();
    return [ops.keep(fromChannelsLast(ops, values, planes, plan.outShape)), indices];
  } finally {
    ops.dispose();
  }
}

/**
 * x as the channels-last image TensorFlow's max pools read ([1, (1,) spatial..., planes]): padded with -inf (or
 * cropped) for 'VALID' windows, as it is for 'SAME' ones (1-d and 2-d; the 3-d pool runs as two 'VALID' 2-d pools).
 */
function channelsLastImage(ops: MaxOps, x: TensorInfo, plan: MaxPlan, w: TfMaxWindows): TensorInfo {
  const t = toChannelsLast(ops, x, plan.planes, poolShape(plan.inSpatial, plan.planes));
  return w.same && w.kernel.length < 3 ? t : ops.padOrCrop(t, poolAxes(w.before), poolAxes(w.after), -Infinity);
}

/** TensorFlow's MaxPool on a finite float32 input whose windows it reproduces; null otherwise. */
function nativeValues(x: TensorInfo, plan: MaxPlan, spec: MaxWindowSpec, backend: TfBackend): Tensor | null {
  const w = tfMaxPoolWindows(plan, spec);
  if (w === null) return null;
  const ops = new MaxOps(backend);
  try {
    if (!finiteInput(ops, backend, x)) return null;
    const {planes} = plan;
    let t = channelsLastImage(ops, x, plan, w);
    if (w.kernel.length === 3) {
      // Depth, height, width as two 2-d MaxPools, (H, W) per depth slice then D: MaxPool3D breaks ties between
      // +0 and -0 differently from the scan (tested), MaxPool like it, and the first maximum of the first maxima is
      // the first maximum.
      const [, D, H, W] = t.shape;
      const [kD, kH, kW] = w.kernel;
      const [sD, sH, sW] = w.stride;
      t = ops.maxPool(ops.reshape(t, [D, H, W, planes]), [kH, kW], [sH, sW], 'VALID');
      t = ops.maxPool(ops.reshape(t, [1, D, t.shape[1] * t.shape[2], planes]), [kD, 1], [sD, 1], 'VALID');
    } else {
      t = ops.maxPool(t, poolKernel(w.kernel), poolKernel(w.stride), w.same ? 'SAME' : 'VALID');
    }
    return ops.keep(fromChannelsLast(ops, t, planes, plan.outShape));
  } finally {
    ops.dispose();
  }
}

function scanForward(x: TensorInfo, plan: MaxPlan, backend: TfBackend): TensorInfo[] {
  const {taps, initial} = scanTables(plan);
  const outPlane = initial.length;
  const inPlane = util.sizeFromShape(plan.inSpatial);
  const lowest = x.dtype === 'int32' ? -2147483648 : -Infinity;
  const lowestColumn = (ops: MaxOps) =>
    ops.constant(
      x.dtype === 'int32' ? new Int32Array(plan.planes).fill(lowest) : new Float32Array(plan.planes).fill(lowest),
      [plan.planes, 1],
      x.dtype as 'int32' | 'float32',
    );
  let indices: Tensor | null = null;
  const values = withOps(backend, ops => {
    const padded = ops.concat(ops.reshape(x, [plan.planes, inPlane]), lowestColumn(ops), 1);
    let best: Tensor = ops.gather(padded, new Int32Array(outPlane).fill(inPlane), [outPlane], 1);
    let index: Tensor = ops.broadcastTo(ops.constant(initial, [outPlane], 'int32'), [plan.planes, outPlane]);
    for (const table of taps) {
      const tapIndex = ops.constant(table, [outPlane], 'int32');
      const v = ops.gatherBy(padded, tapIndex, 1);
      let wins = ops.compare('Greater', v, best);
      if (x.dtype === 'float32') wins = ops.logical('LogicalOr', wins, ops.isNan(v));
      best = ops.select(wins, v, best);
      index = ops.select(wins, tapIndex, index);
    }
    const result = ops.reshape(index, plan.outShape);
    // the indices output survives this scope too
    indices = result.clone();
    return ops.reshape(best, plan.outShape);
  });
  return [values, indices as unknown as Tensor];
}

function gatherAllForward(x: TensorInfo, plan: MaxPlan, backend: TfBackend): TensorInfo[] {
  const {taps, initial, keep} = scanTables(plan);
  const outPlane = initial.length;
  const inPlane = util.sizeFromShape(plan.inSpatial);
  const T = taps.length;
  const dtype = x.dtype as 'int32' | 'float32';
  const lowest = dtype === 'int32' ? -2147483648 : -Infinity;
  const tapTable = new Int32Array(Math.max(T, 1) * outPlane).fill(inPlane);
  taps.forEach((table, t) => tapTable.set(table, t * outPlane));
  let indices: Tensor | null = null;
  const values = withOps(backend, ops => {
    const column =
      dtype === 'int32' ? new Int32Array(plan.planes).fill(lowest) : new Float32Array(plan.planes).fill(lowest);
    const padded = ops.concat(ops.reshape(x, [plan.planes, inPlane]), ops.constant(column, [plan.planes, 1], dtype), 1);
    // every tap of every window: [planes, T, outPlane] (a window's missing taps read the appended lowest value)
    const Tn = Math.max(T, 1);
    const v = ops.gatherBy(padded, ops.constant(tapTable, [Tn, outPlane], 'int32'), 1);
    const t = ops.chosenTap(v);
    const o = ops.constant(
      Int32Array.from({length: outPlane}, (_, i) => i),
      [outPlane],
      'int32',
    );
    const tOffset = ops.binary('AddV2', ops.binary('Mul', t, ops.constant([outPlane], [], 'int32')), o);
    // windows without in-bounds taps report PyTorch's initial index
    const hasTaps = ops.compare('Greater', ops.constant(keep, [outPlane], 'int32'), ops.constant([0], [], 'int32'));
    const index = ops.select(
      hasTaps,
      ops.gatherBy(ops.constant(tapTable, [Tn * outPlane], 'int32'), tOffset, 0),
      ops.constant(initial, [outPlane], 'int32'),
    );
    indices = ops.reshape(index, plan.outShape).clone();
    const planeOffset = ops.constant(
      Int32Array.from({length: plan.planes}, (_, p) => p * Tn * outPlane),
      [plan.planes, 1],
      'int32',
    );
    const at = ops.reshape(ops.binary('AddV2', tOffset, planeOffset), [plan.planes * outPlane]);
    return ops.reshape(ops.gatherBy(ops.reshape(v, [plan.planes * Tn * outPlane]), at, 0), plan.outShape);
  });
  return [values, indices as unknown as Tensor];
}

function maxPoolGrad(args: {
  inputs: TorchMaxPoolGradInputs;
  backend: TfBackend;
  attrs: TorchMaxPoolGradAttrs;
}): TensorInfo {
  const {
    inputs: {dy, indices, x},
    backend,
    attrs: {spec, layout},
  } = args;
  if (layoutOf(layout) === 'channelsLast') return maxPoolGradChannelsLast(dy, indices, x, spec, backend);
  const plan = planMax(x.shape, spec);
  if (util.sizeFromShape(x.shape) === 0 || util.sizeFromShape(dy.shape) === 0) return zeros(x.shape, 'float32');
  const outPlane = util.sizeFromShape(plan.outSpatial);
  const inPlane = util.sizeFromShape(plan.inSpatial);
  const cells = plan.planes * inPlane;
  return withOps(backend, ops => {
    const offsets = ops.constant(
      Int32Array.from({length: plan.planes}, (_, p) => p * inPlane),
      [plan.planes, 1],
      'int32',
    );
    // PyTorch's scatter into the whole buffer: a padding-only window's index may name a later plane's cell
    // (docs/max-pooling.md §3); one past the last plane is dropped (id -1)
    const target = ops.reshape(ops.binary('AddV2', ops.reshape(indices, [plan.planes, outPlane]), offsets), [
      plan.planes * outPlane,
    ]);
    const ids = ops.select(
      ops.compare('Less', target, ops.constant([cells], [], 'int32')),
      target,
      ops.constant([-1], [], 'int32'),
    );
    const dx = ops.segment('UnsortedSegmentSum', ops.reshape(dy, [plan.planes * outPlane]), ids, cells);
    return ops.reshape(dx, x.shape);
  });
}

function maxUnpool(args: {inputs: TorchMaxUnpoolInputs; backend: TfBackend; attrs: TorchMaxUnpoolAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {outputSize, layout},
  } = args;
  if (layoutOf(layout) === 'channelsLast') return maxUnpoolChannelsLast(x, indices, outputSize, backend);
  const {outShape, planes, targetPlane, indexPlane} = unpoolLayout(x.shape, outputSize);
  if (util.sizeFromShape(outShape) === 0 || util.sizeFromShape(x.shape) === 0) return zeros(outShape, x.dtype);
  return withOps(backend, ops => {
    const offsets = ops.constant(
      Int32Array.from({length: planes}, (_, p) => p * targetPlane),
      [planes, 1],
      'int32',
    );
    const ids = ops.reshape(ops.binary('AddV2', ops.reshape(indices, [planes, indexPlane]), offsets), [
      planes * indexPlane,
    ]);
    // the last write to each cell: the greatest write position among those targeting it
    const last = ops.segment('UnsortedSegmentMax', ops.range(planes * indexPlane), ids, planes * targetPlane);
    const written = ops.compare('GreaterEqual', last, ops.constant([0], [], 'int32'));
    const read = ops.gatherBy(
      ops.reshape(x, [planes * indexPlane]),
      ops.maximum(last, ops.constant([0], [], 'int32')),
      0,
    );
    const zero = ops.constant([0], [], x.dtype as 'int32' | 'float32');
    return ops.reshape(ops.select(written, read, zero), outShape);
  });
}

function gatherPlanes(args: {inputs: TorchGatherPlanesInputs; backend: TfBackend; attrs: TorchGatherPlanesAttrs}) {
  const {
    inputs: {x, indices},
    backend,
    attrs: {rank, layout},
  } = args;
  if (layoutOf(layout) === 'channelsLast') return gatherPlanesChannelsLast(x, indices, rank, backend);
  if (util.sizeFromShape(indices.shape) === 0) return zeros(indices.shape, x.dtype);
  const {planes, targetPlane, indexPlane} = planeLayout(indices.shape, x.shape.slice(x.shape.length - rank));
  return withOps(backend, ops => {
    const dtype = x.dtype as 'int32' | 'float32';
    const flat = ops.concat(ops.reshape(x, [planes * targetPlane]), ops.constant([0], [1], dtype), 0);
    const idx = ops.reshape(indices, [planes, indexPlane]);
    const valid = ops.logical(
      'LogicalAnd',
      ops.compare('GreaterEqual', idx, ops.constant([0], [], 'int32')),
      ops.compare('Less', idx, ops.constant([targetPlane], [], 'int32')),
    );
    const offsets = ops.constant(
      Int32Array.from({length: planes}, (_, p) => p * targetPlane),
      [planes, 1],
      'int32',
    );
    const ids = ops.select(valid, ops.binary('AddV2', idx, offsets), ops.constant([planes * targetPlane], [], 'int32'));
    return ops.reshape(ops.gatherBy(flat, ids, 0), indices.shape);
  });
}

function config(kernelName: string, kernelFunc: unknown): KernelConfig {
  return {kernelName, backendName: 'tensorflow', kernelFunc: kernelFunc as KernelFunc};
}

export const maxFamilyConfigs: KernelConfig[] = [
  config(TorchMaxPool, maxPool),
  config(TorchMaxPoolValues, maxPoolValues),
  config(TorchMaxPoolGrad, maxPoolGrad),
  config(TorchMaxUnpool, maxUnpool),
  config(TorchGatherPlanes, gatherPlanes),
];
