/**
 * The `dataFormat` option (docs/layouts.md): every pooling op in channels-last gives its channels-first result
 * permuted — values, indices, gradient and double backward — leaks nothing, and refuses a misspelt layout.
 * PyTorch's own channels-last numbers are the parity fixtures' (test/fixtures/channels_last.py); this checks that the
 * two layouts agree with each other on every op and rank, batched and unbatched, including the padding-only windows
 * whose gradient PyTorch's channels-last backward routes differently (geometry/stray_gradients.ts), which are
 * therefore compared with PyTorch's numbers in the fixtures instead.
 */
import * as tf from '@tensorflow/tfjs';
import * as tt from '../../src/index';
import {toChannelsFirstPerm, toChannelsLastPerm} from '../../src/geometry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FORMATS = {1: ['NCW', 'NWC'], 2: ['NCHW', 'NHWC'], 3: ['NCDHW', 'NDHWC']} as const;
type Nd = 1 | 2 | 3;
type Call = (x: tf.Tensor, dataFormat: string) => tf.Tensor | tf.Tensor[];

const fn = (name: string) => (tt as unknown as Record<string, (...a: unknown[]) => tf.Tensor | tf.Tensor[]>)[name];

/** One call per op and rank: the options of each (any dataFormat added). */
function calls(nd: Nd): Array<[string, Call]> {
  const k = nd === 1 ? 3 : 2;
  return [
    [`avgPool${nd}d`, (x, f) => fn(`avgPool${nd}d`)(x, k, {stride: 1, padding: 1, ceilMode: true, dataFormat: f})],
    [`adaptiveAvgPool${nd}d`, (x, f) => fn(`adaptiveAvgPool${nd}d`)(x, nd === 1 ? 3 : 2, {dataFormat: f})],
    [`adaptiveAvgPool${nd}d (mean path)`, (x, f) => fn(`adaptiveAvgPool${nd}d`)(x, 1, {dataFormat: f})],
    [
      `maxPool${nd}d`,
      (x, f) => fn(`maxPool${nd}d`)(x, k, {stride: 1, padding: 1, dilation: 1, returnIndices: true, dataFormat: f}),
    ],
    [`maxPool${nd}d values`, (x, f) => fn(`maxPool${nd}d`)(x, k, {ceilMode: true, dataFormat: f})],
    [`adaptiveMaxPool${nd}d`, (x, f) => fn(`adaptiveMaxPool${nd}d`)(x, 2, {returnIndices: true, dataFormat: f})],
    [`lpPool${nd}d`, (x, f) => fn(`lpPool${nd}d`)(x, 2, k, {dataFormat: f})],
    [
      `maxUnpool${nd}d`,
      (x, f) => {
        const [v, i] = fn(`maxPool${nd}d`)(x, 2, {returnIndices: true, dataFormat: f}) as tf.Tensor[];
        // the indices as data: integers, off the gradient tape
        return fn(`maxUnpool${nd}d`)(v, tf.tensor(i.dataSync(), i.shape, 'int32'), 2, {dataFormat: f});
      },
    ],
  ];
}

const toLast = (t: tf.Tensor, nd: Nd) => tf.transpose(t, toChannelsLastPerm(t.rank, nd));
const toFirst = (t: tf.Tensor, nd: Nd) => tf.transpose(t, toChannelsFirstPerm(t.rank, nd));
const first = (r: tf.Tensor | tf.Tensor[]) => (Array.isArray(r) ? r[0] : r);

/**
 * Bit for bit, except the adaptive pools' output-size-1 path: it is PyTorch's `mean` over the spatial axes, whose
 * summation order follows the memory order (channels-last sums each channel with stride C), so the two layouts may
 * differ in the last bits, as PyTorch's do; the fixtures hold PyTorch's channels-last bits.
 */
function expectSame(name: string, actual: tf.Tensor, expected: tf.Tensor): void {
  const a = Array.from(actual.dataSync());
  const e = Array.from(expected.dataSync());
  if (!name.includes('mean path')) {
    expect(a).toEqual(e);
    return;
  }
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e[i]))));
}

describe.each([1, 2, 3] as const)('%dd', nd => {
  const [cf, cl] = FORMATS[nd];
  describe.each([
    ['batched', [2, 3, ...new Array<number>(nd).fill(4)]],
    ['unbatched', [3, ...new Array<number>(nd).fill(4)]],
  ])('%s', (_, shape) => {
    it.each(calls(nd))('%s: channels-last is the channels-first result permuted, gradients too', (name, call) => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 11);
      const xl = toLast(x, nd);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const a = call(x, cf);
        const b = call(xl, cl);
        const as = Array.isArray(a) ? a : [a];
        const bs = Array.isArray(b) ? b : [b];
        expect(bs.length).toBe(as.length);
        as.forEach((t, i) => {
          expect(bs[i].dtype).toBe(t.dtype);
          expect(bs[i].shape).toEqual(toLast(t, nd).shape);
          expectSame(name, toFirst(bs[i], nd), t);
        });
        const dy = tf.randomNormal(as[0].shape, 0, 1, 'float32', 5);
        const ga = tf.grad((v: tf.Tensor) => first(call(v, cf)))(x, dy);
        const gb = tf.grad((v: tf.Tensor) => first(call(v, cl)))(xl, toLast(dy, nd));
        expect(gb.shape).toEqual(xl.shape);
        expectSame(name, toFirst(gb, nd), ga);
        // double backward: the gradient of <grad, w> with respect to dy (max_unpool's gradient, a gather, has none
        // in this package; the 3d mean's broadcast backward goes through tfjs's Tile, whose gradient stops at rank 4)
        if (name.startsWith('maxUnpool') || (nd === 3 && name.includes('mean path') && shape.length === 5)) return;
        const w = tf.randomNormal(x.shape, 0, 1, 'float32', 9);
        const gga = tf.grad((d: tf.Tensor) => tf.sum(tf.mul(tf.grad((v: tf.Tensor) => first(call(v, cf)))(x, d), w)))(
          dy,
        );
        const ggb = tf.grad((d: tf.Tensor) =>
          tf.sum(tf.mul(tf.grad((v: tf.Tensor) => first(call(v, cl)))(xl, d), toLast(w, nd))),
        )(toLast(dy, nd));
        expectSame(name, toFirst(ggb, nd), gga);
      });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, xl]);
    });
  });
});

describe('dataFormat errors', () => {
  const x = tf.ones([1, 4, 4, 2]);
  const x1 = tf.ones([1, 4, 2]);
  const x3 = tf.ones([1, 2, 2, 2, 2]);
  const idx = tf.zeros([1, 4, 4, 2], 'int32');
  afterAll(() => tf.dispose([x, x1, x3, idx]));

  it.each([
    [
      'avgPool2d',
      () => tt.avgPool2d(x, 2, {dataFormat: 'nhwc' as 'NHWC'}),
      "avg_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'nhwc'",
    ],
    [
      'avgPool1d',
      () => tt.avgPool1d(x1, 2, {dataFormat: 'NHWC' as 'NWC'}),
      "avg_pool1d(): dataFormat must be 'NCW' or 'NWC', but got 'NHWC'",
    ],
    [
      'avgPool3d',
      () => tt.avgPool3d(x3, 2, {dataFormat: 'NHWC'}),
      "avg_pool3d(): dataFormat must be 'NCDHW' or 'NDHWC', but got 'NHWC'",
    ],
    [
      'maxPool2d',
      () => tt.maxPool2d(x, 2, {dataFormat: 'channelsLast' as 'NHWC'}),
      "max_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'channelsLast'",
    ],
    [
      'maxPool2d with indices',
      () => tt.maxPool2d(x, 2, {returnIndices: true, dataFormat: null as unknown as 'NHWC'}),
      "max_pool2d_with_indices(): dataFormat must be 'NCHW' or 'NHWC', but got None",
    ],
    [
      'adaptiveAvgPool2d',
      () => tt.adaptiveAvgPool2d(x, 2, {dataFormat: 'NDHWC' as 'NHWC'}),
      "adaptive_avg_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'NDHWC'",
    ],
    [
      'adaptiveMaxPool3d',
      () => tt.adaptiveMaxPool3d(x3, 2, {dataFormat: 'NHWC'}),
      "adaptive_max_pool3d(): dataFormat must be 'NCDHW' or 'NDHWC', but got 'NHWC'",
    ],
    [
      'lpPool2d',
      () => tt.lpPool2d(x, 2, 2, {dataFormat: 'NCWH' as 'NHWC'}),
      "lp_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'NCWH'",
    ],
    [
      'maxUnpool2d',
      () => tt.maxUnpool2d(x, idx, 2, {dataFormat: 3 as unknown as 'NHWC'}),
      "max_unpool2d(): dataFormat must be 'NCHW' or 'NHWC', but got number",
    ],
  ])('%s: a ValueError naming both layouts, and no leak', (_, call, message) => {
    const before = tf.memory().numTensors;
    expect(call).toThrow(message);
    try {
      call();
    } catch (e) {
      expect((e as Error).name).toBe('ValueError');
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('adaptive average pools reject any other option key as PyTorch rejects a keyword', () => {
    expect(() => tt.adaptiveAvgPool2d(x, 2, {dataformat: 'NHWC'} as never)).toThrow(
      "adaptive_avg_pool2d() got an unexpected keyword argument 'dataformat'; did you mean 'dataFormat'?",
    );
    expect(() => tt.adaptiveAvgPool1d(x1, 2, 3 as never)).toThrow(
      'adaptive_avg_pool1d() takes 2 positional arguments but 3 were given',
    );
  });

  it('checks and messages use the logical (channels-first) shape, as PyTorch prints a channels-last tensor', () => {
    // [N, H, W, C] = [1, 4, 4, 2] is logically (1, 2, 4, 4): a kernel of 5 is too large for H = 4
    expect(() => tt.avgPool2d(x, 5, {dataFormat: 'NHWC'})).toThrow(
      'Given input size: (2x4x4). Calculated output size: (2x0x0). Output size is too small',
    );
    const empty = tf.ones([1, 4, 0, 2]);
    expect(() => tt.maxPool2d(empty, 2, {dataFormat: 'NHWC'})).toThrow(
      'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 2, 4, 0]',
    );
    empty.dispose();
  });
});
