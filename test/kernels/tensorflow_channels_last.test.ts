/**
 * The tensorflow backend's native channels-last kernels (kernels/tensorflow/channels_last_*.ts): called through
 * `runKernel` with `layout: 'channelsLast'` on a tensor stored [...batch, ...spatial, C], each must give the
 * channels-first kernel's result transposed the same way — bit for bit where the channels-first path is exact (max
 * pools and their indices, int32, max_unpool, the plane gather, max-pool gradients of integer-valued dy), within the
 * tensorflow row of the tolerance table otherwise (float32 average pools and their gradients) — run no Transpose
 * (neither a tfjs kernel in tf.profile nor a native TensorFlow op), and leak no tensor. Padding-only windows
 * (dilation) route their gradient to the stored offset planeBase(p) + index · C (src/geometry/memory_layout.ts), not
 * to the transposed channels-first cell: those cases are checked against a scatter written from that rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../src/index';
import {
  MaxWindowSpec,
  WindowSpec,
  logicalShape,
  planMax,
  planeAddressing,
  strayGradients,
  toChannelsFirstPerm,
  toChannelsLastPerm,
} from '../../src/geometry';
import {
  TorchAvgPool,
  TorchAvgPoolGrad,
  TorchGatherPlanes,
  TorchMaxPool,
  TorchMaxPoolGrad,
  TorchMaxPoolValues,
  TorchMaxUnpool,
} from '../../src/kernel_names';
import {runsChannelsLast} from '../../src/registry';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {withNativeOps} from '../support/native_ops';
import {startBackend} from '../support/node_backends';
import {close} from '../support/run_case';
import {TOLERANCES, Tolerance} from '../support/tolerances';

const EXACT: Tolerance = {rtol: 0, atol: 0};
const FLOAT = TOLERANCES.tensorflow.pool;

type Attrs = Record<string, unknown>;
type Inputs = Record<string, tf.Tensor>;

/** One kernel call's outputs as an array. */
function run(name: string, inputs: Inputs, attrs: Attrs): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

/**
 * The channels-last call: its outputs, with the tfjs kernels (tf.profile) and the native ops it ran; the tensors
 * live in the enclosing tidy.
 */
async function runChannelsLast(name: string, inputs: Inputs, attrs: Attrs) {
  let outputs: tf.Tensor[] = [];
  let ops: string[] = [];
  const profile = await tf.profile(() => {
    [outputs, ops] = withNativeOps(() => run(name, inputs, {...attrs, layout: 'channelsLast'}));
    return outputs;
  });
  return {outputs, ops, kernels: profile.kernelNames};
}

/** x stored channels-first → channels-last, pooled over nd axes. */
const toLast = (x: tf.Tensor, nd: number) => tf.transpose(x, toChannelsLastPerm(x.rank, nd));
const toFirst = (x: tf.Tensor, nd: number) => tf.transpose(x, toChannelsFirstPerm(x.rank, nd));

function expectClose(what: string, actual: tf.Tensor, expected: tf.Tensor, tol: Tolerance): void {
  expect([what, actual.shape, actual.dtype]).toEqual([what, expected.shape, expected.dtype]);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let bad = '';
  for (let i = 0; i < e.length && bad === ''; i++) {
    if (!close(a[i], e[i], tol)) bad = `${what} at ${i}: expected ${e[i]}, got ${a[i]}`;
  }
  expect(bad).toBe('');
}

/** Deterministic pseudo-random data: small integers and signed zeros (ties), or floats in (-4, 4). */
function data(shape: number[], seed: number, kind: 'ties' | 'float' | 'int'): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s;
  };
  if (kind === 'int')
    return tf.tensor(
      Int32Array.from({length: n}, () => (next() % 2001) - 1000),
      shape,
      'int32',
    );
  if (kind === 'float')
    return tf.tensor(
      Float32Array.from({length: n}, () => (next() / 2147483648) * 8 - 4),
      shape,
    );
  const values = Float32Array.from({length: n}, () => {
    const r = next() % 7;
    return r === 0 ? -0 : r === 1 ? 0 : r - 4;
  });
  return tf.tensor(values, shape);
}

const pool = (
  kernelSize: number[],
  stride = kernelSize,
  padding = kernelSize.map(() => 0),
  ceilMode = false,
  countIncludePad = true,
  divisorOverride: number | null = null,
): WindowSpec => ({kind: 'pool', kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride});
const adaptive = (outputSize: number[]): WindowSpec & MaxWindowSpec => ({kind: 'adaptive', outputSize});
const max = (
  kernelSize: number[],
  stride = kernelSize,
  padding = kernelSize.map(() => 0),
  ceilMode = false,
  dilation = kernelSize.map(() => 1),
): MaxWindowSpec => ({kind: 'max', kernelSize, stride, padding, dilation, ceilMode});

/** name, logical (channels-first) input shape, spec */
const avgCases: Array<[string, number[], WindowSpec]> = [
  ['1d k3 s2 p1', [2, 5, 11], pool([3], [2], [1])],
  ['1d unbatched k4 s3 ceil', [3, 14], pool([4], [3], [0], true)],
  ['2d k2', [2, 6, 8, 8], pool([2, 2])],
  ['2d k3 s2 p1 ceil, exclude pad', [2, 4, 9, 10], pool([3, 3], [2, 2], [1, 1], true, false)],
  ['2d k3 s1 p1 (SAME), exclude pad', [1, 5, 7, 6], pool([3, 3], [1, 1], [1, 1], false, false)],
  ['2d k3 s1 p1 include pad', [2, 3, 7, 6], pool([3, 3], [1, 1], [1, 1])],
  ['2d k2 s3 (cropped)', [1, 4, 10, 11], pool([2, 2], [3, 3])],
  ['2d divisor override -3', [2, 3, 6, 7], pool([2, 3], [2, 2], [1, 1], false, true, -3)],
  ['2d unbatched k3 s2', [4, 9, 9], pool([3, 3], [2, 2])],
  ['3d k2', [2, 3, 4, 6, 6], pool([2, 2, 2])],
  ['3d k3 s2 p1 ceil', [1, 4, 5, 7, 6], pool([3, 3, 3], [2, 2, 2], [1, 1, 1], true)],
  ['3d unbatched k2 s1 p1 (SAME) exclude pad', [3, 4, 5, 5], pool([2, 2, 2], [1, 1, 1], [1, 1, 1], false, false)],
  ['adaptive 1d 12→4', [2, 3, 12], adaptive([4])],
  ['adaptive 1d 10→4 (uneven)', [2, 3, 10], adaptive([4])],
  ['adaptive 2d 10→3 (uneven)', [2, 5, 10, 7], adaptive([3, 4])],
  ['adaptive 2d global', [3, 4, 6, 5], adaptive([1, 1])],
  ['adaptive 3d 6→(3, 2, 4)', [2, 3, 6, 6, 8], adaptive([3, 2, 4])],
  ['adaptive 3d uneven unbatched', [4, 5, 7, 3], adaptive([2, 3, 2])],
];

/** name, logical input shape, spec, data */
const maxCases: Array<[string, number[], MaxWindowSpec, 'ties' | 'float' | 'int' | 'nan']> = [
  ['1d k4 s3 p2 ceil', [3, 4, 17], max([4], [3], [2], true), 'ties'],
  ['1d unbatched k3', [5, 12], max([3]), 'ties'],
  ['2d k3 s2 p1', [2, 16, 13, 11], max([3, 3], [2, 2], [1, 1]), 'ties'],
  ['2d k3 s2 p1 even sizes (explicit padding)', [2, 8, 12, 14], max([3, 3], [2, 2], [1, 1]), 'ties'],
  ['2d k3 s2 ceil', [1, 8, 12, 9], max([3, 3], [2, 2], [0, 0], true), 'ties'],
  ['2d k3 s1 p1 (SAME)', [2, 3, 7, 10], max([3, 3], [1, 1], [1, 1]), 'ties'],
  ['2d k2 s3 (cropped)', [1, 4, 10, 11], max([2, 2], [3, 3]), 'ties'],
  ['2d unbatched k2', [5, 8, 8], max([2, 2]), 'ties'],
  ['2d dilation 2', [2, 4, 11, 11], max([3, 3], [1, 1], [1, 1], false, [2, 2]), 'ties'],
  ['2d k3 s2 p1 with NaN and inf (scan)', [2, 3, 8, 8], max([3, 3], [2, 2], [1, 1]), 'nan'],
  ['2d k5 s2 p2 (25 taps: gather of every tap) with NaN', [2, 3, 9, 9], max([5, 5], [2, 2], [2, 2]), 'nan'],
  ['2d int32 k3 s2 p1 ceil', [2, 3, 9, 8], max([3, 3], [2, 2], [1, 1], true), 'int'],
  ['3d k3 s2 p1', [1, 4, 5, 6, 7], max([3, 3, 3], [2, 2, 2], [1, 1, 1]), 'ties'],
  ['3d k3 s1 p1 (SAME)', [2, 3, 4, 5, 6], max([3, 3, 3], [1, 1, 1], [1, 1, 1]), 'ties'],
  ['3d unbatched k2 s1 p1 ceil', [3, 4, 5, 3], max([2, 2, 2], [1, 1, 1], [1, 1, 1], true), 'ties'],
  ['3d int32 k2', [2, 3, 4, 4, 4], max([2, 2, 2]), 'int'],
  ['adaptive 2d 12→4', [2, 6, 12, 12], adaptive([4, 4]), 'ties'],
  ['adaptive 2d 10→4 (uneven)', [2, 6, 10, 10], adaptive([4, 4]), 'ties'],
  ['adaptive 3d global (gather of every tap)', [2, 3, 4, 5, 6], adaptive([1, 1, 1]), 'nan'],
  ['adaptive 1d int32 uneven', [2, 3, 11], adaptive([4]), 'int'],
];

/** Max pools whose padding-only windows (dilation) send gradients to cells outside their window. */
const strayCases: Array<[string, number[], MaxWindowSpec]> = [
  ['1d k2 d3 p1', [2, 3, 2], max([2], [1], [1], false, [3])],
  ['2d k2 d3 p1', [2, 3, 2, 4], max([2, 2], [1, 1], [1, 1], false, [3, 3])],
  ['3d k2 d3 p1 unbatched', [2, 2, 3, 2], max([2, 2, 2], [1, 1, 1], [1, 1, 1], false, [3, 3, 3])],
];

function maxInput(shape: number[], seed: number, kind: 'ties' | 'float' | 'int' | 'nan'): tf.Tensor {
  if (kind !== 'nan') return data(shape, seed, kind);
  const values = data(shape, seed, 'ties').dataSync().slice();
  [NaN, Infinity, -Infinity, NaN].forEach((v, i) => (values[(i * 37 + seed) % values.length] = v));
  return tf.tensor(values, shape);
}

/** Integer-valued float32 gradients: their sums are exact in any order. */
const integerDy = (shape: number[], seed: number) => data(shape, seed, 'int').toFloat();

describeIfAvailable('tensorflow channels-last kernels', nodeBackendProblem('tensorflow'), () => {
  beforeAll(async () => {
    const problem = await startBackend('tensorflow');
    if (problem !== null) throw new Error(`backend tensorflow cannot start: ${problem}`);
  });

  /** The checks shared by every channels-last call: no Transpose anywhere, no leak. */
  async function check(name: string, inputs: Inputs, attrs: Attrs, expected: tf.Tensor[], tol: Tolerance[]) {
    const {outputs, ops, kernels} = await runChannelsLast(name, inputs, attrs);
    expect(kernels).toContain(name);
    expect(kernels).not.toContain('Transpose');
    expect(ops.filter(op => op === 'Transpose')).toEqual([]);
    expect(outputs.length).toBe(expected.length);
    outputs.forEach((t, i) => expectClose(`${name} output ${i}`, t, expected[i], tol[i]));
  }

  it('registers every pooling kernel as channels-last native', () => {
    for (const name of [
      TorchAvgPool,
      TorchAvgPoolGrad,
      TorchMaxPool,
      TorchMaxPoolValues,
      TorchMaxPoolGrad,
      TorchMaxUnpool,
      TorchGatherPlanes,
    ]) {
      expect([name, runsChannelsLast('tensorflow', name)]).toEqual([name, true]);
    }
  });

  it('the native-op log sees the channels-first path transpose (so its silence channels-last means something)', () => {
    tf.tidy(() => {
      const x = data([2, 3, 4, 4, 4], 1, 'float');
      const [, ops] = withNativeOps(() => run(TorchAvgPool, {x}, {spec: pool([2, 2, 2])}));
      expect(ops).toContain('Transpose');
    });
  });

  describe.each(['float', 'int'] as const)('avg pools, %s', kind => {
    it.each(avgCases)('%s: forward and gradient', async (_, shape, spec) => {
      const nd = spec.kind === 'pool' ? spec.kernelSize.length : spec.outputSize.length;
      const before = tf.memory().numTensors;
      tf.engine().startScope();
      try {
        const x = data(shape, 3, kind);
        const [first] = run(TorchAvgPool, {x}, {spec});
        const xl = toLast(x, nd);
        await check(TorchAvgPool, {x: xl}, {spec}, [toLast(first, nd)], [kind === 'int' ? EXACT : FLOAT]);
        if (kind === 'float') {
          const dy = data(first.shape, 5, 'float');
          const [dx] = run(TorchAvgPoolGrad, {dy, x}, {spec});
          await check(TorchAvgPoolGrad, {dy: toLast(dy, nd), x: xl}, {spec}, [toLast(dx, nd)], [FLOAT]);
        }
      } finally {
        tf.engine().endScope();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it.each(maxCases)(
    '%s: values, indices, values alone, gradient, unpool and plane gather',
    async (_, shape, spec, kind) => {
      const nd = spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
      const before = tf.memory().numTensors;
      tf.engine().startScope();
      try {
        for (let seed = 1; seed <= 3; seed++) {
          const x = maxInput(shape, seed, kind);
          const xl = toLast(x, nd);
          const [values, indices] = run(TorchMaxPool, {x}, {spec});
          const [vl, il] = [toLast(values, nd), toLast(indices, nd)];
          await check(TorchMaxPool, {x: xl}, {spec}, [vl, il], [EXACT, EXACT]);
          await check(TorchMaxPoolValues, {x: xl}, {spec}, [vl], [EXACT]);
          if (x.dtype === 'float32') {
            const dy = integerDy(values.shape, seed + 10);
            const [dx] = run(TorchMaxPoolGrad, {dy, indices, x}, {spec});
            await check(TorchMaxPoolGrad, {dy: toLast(dy, nd), indices: il, x: xl}, {spec}, [toLast(dx, nd)], [EXACT]);
          }
          // max_unpool of the pooled values at their indices (duplicates where windows overlap: the last write wins)
          const outputSize = x.shape.slice(x.rank - nd);
          const [unpooled] = run(TorchMaxUnpool, {x: values, indices}, {outputSize});
          await check(TorchMaxUnpool, {x: vl, indices: il}, {outputSize}, [toLast(unpooled, nd)], [EXACT]);
          // the plane gather at the indices, some shifted outside the plane (which read 0)
          const plane = outputSize.reduce((a, b) => a * b, 1);
          const shift = tf.mul(
            data(indices.shape, seed, 'int').mod(tf.scalar(3, 'int32')).abs(),
            tf.scalar(Math.floor(plane / 2) + 1, 'int32'),
          );
          const outside = tf.add(indices, tf.scalar(plane, 'int32'));
          const inPlane = tf.greater(data(indices.shape, seed + 1, 'int'), 0);
          const shiftedOut = tf.where(inPlane, tf.sub(indices, shift), outside);
          const [gathered] = run(TorchGatherPlanes, {x, indices: shiftedOut}, {rank: nd});
          await check(
            TorchGatherPlanes,
            {x: xl, indices: toLast(shiftedOut, nd)},
            {rank: nd},
            [toLast(gathered, nd)],
            [EXACT],
          );
        }
      } finally {
        tf.engine().endScope();
      }
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.each(strayCases)(
    '%s: padding-only windows send their gradient to planeBase(p) + index · C, dropped past the end',
    async (_, shape, spec) => {
      const nd = spec.kind === 'max' ? spec.kernelSize.length : spec.outputSize.length;
      const plan = planMax(shape, spec);
      expect(strayGradients(plan).maxPerCell).toBeGreaterThan(0);
      const before = tf.memory().numTensors;
      tf.engine().startScope();
      try {
        const x = data(shape, 7, 'float');
        const xl = toLast(x, nd);
        const [values, indices] = run(TorchMaxPool, {x}, {spec});
        const il = toLast(indices, nd);
        await check(TorchMaxPool, {x: xl}, {spec}, [toLast(values, nd), il], [EXACT, EXACT]);
        const dyl = toLast(integerDy(values.shape, 8), nd);
        // the rule, as a loop over dy in stored order
        const at = planeAddressing(logicalShape(xl.shape, nd, 'channelsLast'), nd, 'channelsLast');
        const expected = new Float32Array(xl.size);
        const [dyv, iv] = [dyl.dataSync(), il.dataSync()];
        const outCells = dyl.size / at.planes;
        for (let k = 0; k < dyl.size; k++) {
          const c = k % at.channels;
          const n = Math.floor(k / (outCells * at.channels));
          const target = at.planeBase(n * at.channels + c) + iv[k] * at.cellStride;
          if (target < expected.length) expected[target] += dyv[k];
        }
        await check(TorchMaxPoolGrad, {dy: dyl, indices: il, x: xl}, {spec}, [tf.tensor(expected, xl.shape)], [EXACT]);
      } finally {
        tf.engine().endScope();
      }
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.each([
    ['avg 2d k3 s2 p1', TorchAvgPool, [2, 6, 9, 9], pool([3, 3], [2, 2], [1, 1]), 'AvgPool'],
    ['avg 2d gradient', TorchAvgPoolGrad, [2, 6, 9, 9], pool([3, 3], [2, 2], [1, 1]), 'AvgPoolGrad'],
    ['avg 3d k2', TorchAvgPool, [2, 3, 4, 6, 6], pool([2, 2, 2]), 'AvgPool'],
    ['max values 2d k3 s2 p1', TorchMaxPoolValues, [2, 6, 9, 9], max([3, 3], [2, 2], [1, 1]), 'MaxPool'],
    ['max values 2d k3 s2 p1 even', TorchMaxPoolValues, [2, 6, 12, 12], max([3, 3], [2, 2], [1, 1]), 'MaxPool'],
    ['max values 3d k3 s2 p1', TorchMaxPoolValues, [1, 4, 5, 6, 7], max([3, 3, 3], [2, 2, 2], [1, 1, 1]), 'MaxPool'],
    ['max gradient 2d k3 s2 p1', TorchMaxPoolGrad, [2, 6, 9, 9], max([3, 3], [2, 2], [1, 1]), 'MaxPoolGradWithArgmax'],
    ['max gradient 3d k2', TorchMaxPoolGrad, [2, 3, 4, 6, 6], max([2, 2, 2]), 'MaxPoolGradWithArgmax'],
    ['max 2d k3 s2 ceil', TorchMaxPool, [2, 6, 9, 9], max([3, 3], [2, 2], [0, 0], true), 'MaxPoolWithArgmax'],
  ] as Array<[string, string, number[], WindowSpec | MaxWindowSpec, string]>)(
    "%s runs TensorFlow's own NHWC op on the stored tensor",
    (_, name, shape, spec, op) => {
      tf.tidy(() => {
        const nd = shape.length - 2;
        const xl = toLast(data(shape, 4, 'float'), nd);
        const inputs: Inputs = {x: xl};
        if (name === TorchAvgPoolGrad) {
          const [y] = run(TorchAvgPool, {x: xl}, {spec, layout: 'channelsLast'});
          inputs.dy = tf.onesLike(y);
        }
        if (name === TorchMaxPoolGrad) {
          const [y, indices] = run(TorchMaxPool, {x: xl}, {spec, layout: 'channelsLast'});
          [inputs.dy, inputs.indices] = [tf.onesLike(y), indices];
        }
        const [, ops] = withNativeOps(() => run(name, inputs, {spec, layout: 'channelsLast'}));
        expect(ops).toContain(op);
        expect(ops).not.toContain('Transpose');
        // max pools pad in the op ('SAME' or explicit padding), never by a padded copy of x
        if (name === TorchMaxPoolValues) expect(ops).not.toContain('PadV2');
      });
    },
  );

  it('an empty batch gives empty outputs in the stored shape', async () => {
    const before = tf.memory().numTensors;
    tf.engine().startScope();
    try {
      const xl = tf.zeros([0, 6, 6, 3]);
      await check(TorchAvgPool, {x: xl}, {spec: pool([2, 2])}, [tf.zeros([0, 3, 3, 3])], [EXACT]);
      await check(
        TorchMaxPool,
        {x: xl},
        {spec: max([2, 2])},
        [tf.zeros([0, 3, 3, 3]), tf.zeros([0, 3, 3, 3], 'int32')],
        [EXACT, EXACT],
      );
      await check(TorchMaxPoolValues, {x: xl}, {spec: max([2, 2])}, [tf.zeros([0, 3, 3, 3])], [EXACT]);
    } finally {
      tf.engine().endScope();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a channels-last result read back channels-first is the channels-first result', () => {
    tf.tidy(() => {
      const x = data([2, 3, 6, 6], 2, 'ties');
      const [values] = run(TorchMaxPool, {x: toLast(x, 2)}, {spec: max([2, 2]), layout: 'channelsLast'});
      const [want] = run(TorchMaxPool, {x}, {spec: max([2, 2])});
      expectClose('round trip', toFirst(values, 2), want, EXACT);
    });
  });
});
