/**
 * A thin, typed layer over tfjs-node's `backend.executeSingleOutput(opName, attrs, inputs)`: the kernels in this
 * folder compose native TensorFlow ops (as tfjs-node's own kernels do) and never read tensor data into JavaScript.
 *
 * Every tensor an op or a small constant creates is tracked by its `TfOps` and disposed by `dispose()`, except the
 * one handed to `keep()`, which becomes the kernel's output. Kernels use it as
 * `const ops = new TfOps(backend); try { return ops.keep(...); } finally { ops.dispose(); }`, so intermediates are
 * released after a result, and after an error too.
 *
 * Only types are taken from tfjs-node (its backend class is not exported from the package, and the package is an
 * optional install), so importing this file never loads tfjs-node.
 */
import {DataType, Tensor, TensorInfo, tensor} from '@tensorflow/tfjs-core';

/** One TFE op attribute, as tfjs-node's binding takes it. */
export interface TfAttr {
  name: string;
  type: number;
  value: unknown;
}

/** What tfjs-node's binding returns for an op's output: a TensorFlow handle id, its shape and TF dtype enum. */
interface TfOutput {
  id: number;
  shape: number[];
  dtype: number;
}

/**
 * The part of tfjs-node's NodeJSKernelBackend that these kernels call. `executeOp`, `getInputTensorIds` and
 * `createOutputTensor` are what its `executeSingleOutput` is made of; they are called directly only for int64
 * intermediates (see `TfOps.run`).
 */
export interface TfBackend {
  binding: {
    TF_ATTR_INT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_ATTR_TYPE: number;
    TF_FLOAT: number;
    TF_INT32: number;
    TF_INT64: number;
    executeOp(name: string, opAttrs: TfAttr[], inputIds: number[], numOutputs: number): TfOutput[];
  };
  executeSingleOutput(name: string, opAttrs: TfAttr[], inputs: TensorInfo[]): Tensor;
  /** a tensor's values (the max pools read one scalar: whether an input is finite decides their path) */
  readSync(dataId: object): ArrayLike<number>;
  getInputTensorIds(inputs: TensorInfo[]): number[];
  createOutputTensor(metadata: TfOutput): Tensor;
}

/** The element types of these kernels' TensorFlow ops: tfjs's two, and int64 for exact integer window sums. */
export type TfDtype = 'float32' | 'int32' | 'int64';

export class TfOps {
  private readonly temps: Tensor[] = [];
  /** the tensors in `temps`, for `reshape`'s no-op test */
  private readonly created = new WeakSet<TensorInfo>();
  private kept: Tensor | null = null;
  /** dataIds of the tensors whose TensorFlow handle is int64 (tfjs labels them int32) */
  private readonly wide = new WeakSet<object>();

  constructor(private readonly backend: TfBackend) {}

  /** Marks `t` as the kernel's output: `dispose()` leaves it alone. */
  keep(t: Tensor): Tensor {
    this.kept = t;
    return t;
  }

  /** Disposes every tensor created through this object except the kept one. */
  dispose(): void {
    for (const t of this.temps) if (t !== this.kept) t.dispose();
    this.temps.length = 0;
  }

  private track(t: Tensor): Tensor {
    this.temps.push(t);
    this.created.add(t);
    return t;
  }

  /**
   * Runs one TensorFlow op. An int64 output (`wide`: int32 window sums must not wrap, int32 plays torch.int64; by
   * default, when the first input is int64) stays a TensorFlow int64 handle inside a tfjs tensor labelled int32, as
   * tfjs-node's own executeSingleOutput makes it, but without its console warning per call; such tensors only feed
   * other ops here and are never read.
   */
  run(
    name: string,
    attrs: TfAttr[],
    inputs: TensorInfo[],
    wide = inputs.length > 0 && this.wide.has(inputs[0].dataId),
  ): Tensor {
    const b = this.backend;
    if (!wide) return this.track(b.executeSingleOutput(name, attrs, inputs));
    const [out] = b.binding.executeOp(name, attrs, b.getInputTensorIds(inputs), 1);
    const t = this.track(b.createOutputTensor({...out, dtype: b.binding.TF_INT32}));
    if (out.dtype === b.binding.TF_INT64) this.wide.add(t.dataId);
    return t;
  }

  /**
   * Runs a TensorFlow op with `n` outputs; an int64 output becomes a `wide` handle, as in `run` (no console warning
   * per call).
   */
  runOutputs(name: string, attrs: TfAttr[], inputs: TensorInfo[], n: number): Tensor[] {
    const b = this.backend;
    return b.binding.executeOp(name, attrs, b.getInputTensorIds(inputs), n).map(out => {
      const t = this.track(
        b.createOutputTensor(out.dtype === b.binding.TF_INT64 ? {...out, dtype: b.binding.TF_INT32} : out),
      );
      if (out.dtype === b.binding.TF_INT64) this.wide.add(t.dataId);
      return t;
    });
  }

  /** The element type of x's TensorFlow handle. */
  dtypeOf(x: TensorInfo): TfDtype {
    if (this.wide.has(x.dataId)) return 'int64';
    if (x.dtype !== 'float32' && x.dtype !== 'int32')
      throw new Error(`tensorflow kernels: unsupported dtype ${x.dtype}`);
    return x.dtype;
  }

  /** TensorFlow's Cast; int64 → int32 keeps the low 32 bits, as the cpu kernel's Int32Array store does. */
  cast(x: TensorInfo, to: TfDtype): Tensor {
    return this.run(
      'Cast',
      [
        this.type('SrcT', this.dtypeOf(x)),
        this.type('DstT', to),
        {name: 'Truncate', type: this.backend.binding.TF_ATTR_BOOL, value: false},
      ],
      [x],
      to === 'int64',
    );
  }

  /** A small constant (shapes, axes, index tables, divisor tables) written from JavaScript. */
  constant(values: number[] | Int32Array | Float32Array, shape: number[], dtype: 'int32' | 'float32'): Tensor {
    return this.track(tensor(values, shape, dtype));
  }

  // --- attributes ---------------------------------------------------------------------------------------------

  type(name: string, dtype: DataType | 'int64'): TfAttr {
    const b = this.backend.binding;
    const value = {float32: b.TF_FLOAT, int32: b.TF_INT32, int64: b.TF_INT64}[dtype as TfDtype];
    if (value === undefined) throw new Error(`tensorflow kernels: unsupported dtype ${dtype}`);
    return {name, type: b.TF_ATTR_TYPE, value};
  }

  protected ints(name: string, value: number[]): TfAttr {
    return {name, type: this.backend.binding.TF_ATTR_INT, value};
  }

  protected str(name: string, value: string): TfAttr {
    return {name, type: this.backend.binding.TF_ATTR_STRING, value};
  }

  // --- ops ----------------------------------------------------------------------------------------------------

  /**
   * x as `shape`. A tensor made here that already has that shape is returned as it is: a Reshape op (and its shape
   * constant) costs 20-40 µs through tfjs-node, a few percent of a pool over [8, 56, 56, 64]. Anything else (the
   * kernel's inputs) gets a new tensor, so that a kept result is never an input; see `view` for an input read only.
   */
  reshape(x: TensorInfo, shape: number[]): Tensor {
    if (this.created.has(x) && sameShape(x.shape, shape)) return x as Tensor;
    const s = this.constant(shape, [shape.length], 'int32');
    return this.run('Reshape', [this.type('T', this.dtypeOf(x)), this.type('Tshape', 'int32')], [x, s]);
  }

  /**
   * x as `shape` for another op to read: x itself (a kernel's input included) when its shape is already `shape`.
   * Never `keep()` the result: it may be the input.
   */
  view(x: TensorInfo, shape: number[]): TensorInfo {
    return sameShape(x.shape, shape) ? x : this.reshape(x, shape);
  }

  transpose(x: TensorInfo, perm: number[]): Tensor {
    const p = this.constant(perm, [perm.length], 'int32');
    return this.run('Transpose', [this.type('T', this.dtypeOf(x)), this.type('Tperm', 'int32')], [x, p]);
  }

  /**
   * Pads with zeros, or with the float32 `fill` (before[d] / after[d] > 0), and crops (< 0) each axis; returns x
   * itself when both are all 0.
   */
  padOrCrop(x: TensorInfo, before: number[], after: number[], fill = 0): TensorInfo {
    let t = x;
    if (before.some(b => b < 0) || after.some(a => a < 0)) {
      const begin = before.map(b => Math.max(-b, 0));
      const size = t.shape.map((s, d) => s - begin[d] - Math.max(-after[d], 0));
      t = this.run(
        'Slice',
        [this.type('T', this.dtypeOf(t)), this.type('Index', 'int32')],
        [t, this.constant(begin, [begin.length], 'int32'), this.constant(size, [size.length], 'int32')],
      );
    }
    if (before.some(b => b > 0) || after.some(a => a > 0)) {
      const pads = before.flatMap((b, d) => [Math.max(b, 0), Math.max(after[d], 0)]);
      const paddings = this.constant(pads, [before.length, 2], 'int32');
      const attrs = [this.type('T', this.dtypeOf(t)), this.type('Tpaddings', 'int32')];
      t =
        fill === 0
          ? this.run('Pad', attrs, [t, paddings])
          : this.run('PadV2', attrs, [t, paddings, this.constant([fill], [], 'float32')]);
    }
    return t;
  }

  /**
   * Elementwise binary op with broadcasting: 'Mul', 'RealDiv', 'AddV2', 'Sub', 'TruncateDiv', 'FloorDiv', and
   * 'MulNoNan' (b == 0 ? +0 : a·b, float32).
   */
  binary(
    name: 'Mul' | 'RealDiv' | 'AddV2' | 'Sub' | 'TruncateDiv' | 'FloorDiv' | 'MulNoNan',
    a: TensorInfo,
    b: TensorInfo,
  ): Tensor {
    return this.run(name, [this.type('T', this.dtypeOf(a))], [a, b]);
  }

  sum(x: TensorInfo, axes: number[], keepDims: boolean): Tensor {
    return this.run(
      'Sum',
      [
        {name: 'keep_dims', type: this.backend.binding.TF_ATTR_BOOL, value: keepDims},
        this.type('T', this.dtypeOf(x)),
        this.type('Tidx', 'int32'),
      ],
      [x, this.constant(axes, [axes.length], 'int32')],
    );
  }

  /** TensorFlow's Mean: the sum over `axes`, divided by float32(the number of elements summed). */
  mean(x: TensorInfo, axes: number[], keepDims: boolean): Tensor {
    return this.run(
      'Mean',
      [
        {name: 'keep_dims', type: this.backend.binding.TF_ATTR_BOOL, value: keepDims},
        this.type('T', this.dtypeOf(x)),
        this.type('Tidx', 'int32'),
      ],
      [x, this.constant(axes, [axes.length], 'int32')],
    );
  }

  /** tf.gather along `axis` with an int32 index table of shape `indexShape` (GatherV2). */
  gather(x: TensorInfo, indices: Int32Array, indexShape: number[], axis: number): Tensor {
    return this.run(
      'GatherV2',
      [this.type('Tparams', this.dtypeOf(x)), this.type('Tindices', 'int32'), this.type('Taxis', 'int32')],
      [x, this.constant(indices, indexShape, 'int32'), this.constant([axis], [], 'int32')],
    );
  }

  /** AvgPool on NHWC x with a 2-d kernel and stride ('SAME' divides by the in-bounds cells of each window). */
  avgPool(x: TensorInfo, kernel: number[], stride: number[], padding: 'VALID' | 'SAME' = 'VALID'): Tensor {
    return this.run('AvgPool', this.poolAttrs(kernel, stride, 'NHWC', padding), [x]);
  }

  /** AvgPoolGrad: the gradient of `avgPool` with NHWC input shape `inShape`. */
  avgPoolGrad(
    inShape: number[],
    dy: TensorInfo,
    kernel: number[],
    stride: number[],
    padding: 'VALID' | 'SAME' = 'VALID',
  ): Tensor {
    return this.run('AvgPoolGrad', this.poolAttrs(kernel, stride, 'NHWC', padding), [
      this.constant(inShape, [4], 'int32'),
      dy,
    ]);
  }

  /**
   * AvgPool3D on NCDHW x (kernel and stride: the three spatial axes). Only oneDNN's kernels take NCDHW (the
   * op throws without them), and its primitive cache ignores the layout: see channelsFirst in box_average_tf_ops.ts.
   */
  avgPool3dChannelsFirst(x: TensorInfo, kernel: number[], stride: number[], padding: 'VALID' | 'SAME'): Tensor {
    return this.run('AvgPool3D', this.poolAttrs(kernel, stride, 'NCDHW', padding), [x]);
  }

  /** AvgPool3DGrad: the gradient of `avgPool3dChannelsFirst` with NCDHW input shape `inShape`. */
  avgPool3dGradChannelsFirst(
    inShape: number[],
    dy: TensorInfo,
    kernel: number[],
    stride: number[],
    padding: 'VALID' | 'SAME',
  ): Tensor {
    return this.run('AvgPool3DGrad', this.poolAttrs(kernel, stride, 'NCDHW', padding), [
      this.constant(inShape, [5], 'int32'),
      dy,
    ]);
  }

  /** MaxPool on NHWC float32 x with a 2-d kernel and stride. */
  maxPool(x: TensorInfo, kernel: number[], stride: number[], padding: 'VALID' | 'SAME'): Tensor {
    return this.run('MaxPool', this.poolAttrs(kernel, stride, 'NHWC', padding), [x]);
  }

  /**
   * MaxPool on NHWC float32 x with explicit padding: `pads` = [before, after] of H, then W (≥ 0). Padded cells are
   * never chosen, as -inf padding, without writing a padded copy of x.
   */
  maxPoolExplicit(x: TensorInfo, kernel: number[], stride: number[], pads: number[]): Tensor {
    const attrs = [
      ...this.poolAttrs(kernel, stride, 'NHWC').filter(a => a.name !== 'padding'),
      this.str('padding', 'EXPLICIT'),
      this.ints('explicit_paddings', [0, 0, ...pads, 0, 0]),
    ];
    return this.run('MaxPool', attrs, [x]);
  }

  private poolAttrs(
    kernel: number[],
    stride: number[],
    format: 'NHWC' | 'NCDHW' = 'NHWC',
    padding: 'VALID' | 'SAME' = 'VALID',
  ): TfAttr[] {
    // Channels-last for 2-d pools: TensorFlow's CPU pools support no other layout without oneDNN, and with oneDNN
    // (TF 2.9) the pooling primitive cache does not key on the layout, so an NCHW call and tfjs-node's own NHWC
    // avgPool on the same logical dims return wrong results from whichever runs second.
    const window = (v: number[]) => (format === 'NHWC' ? [1, ...v, 1] : [1, 1, ...v]);
    return [
      this.type('T', 'float32'),
      this.ints('ksize', window(kernel)),
      this.ints('strides', window(stride)),
      this.str('padding', padding),
      this.str('data_format', format),
    ];
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
