/**
 * The kit's constructors take PyTorch's `__init__` arguments either positionally, in PyTorch's order, or as one
 * options object with camelCase keys; both forms build the same module (same repr, same parameter shapes). The
 * rejections (unknown key, one positional too many) are rows of test/api/argument_checks.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {nn} from '../../src';
import {expectTypeError} from '../support/expect_type_error';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shapes = (m: nn.Module) => [...m.namedParameters()].map(([k, p]) => [k, p.shape]);

/** [label, positional form, options form] */
const PAIRS: Array<[string, () => nn.Module, () => nn.Module]> = [
  [
    'Conv2d',
    () => new nn.Conv2d(2, 4, 3, 2, 1, 1, 2, false, 'reflect'),
    () => new nn.Conv2d(2, 4, 3, {stride: 2, padding: 1, dilation: 1, groups: 2, bias: false, paddingMode: 'reflect'}),
  ],
  ['Conv1d', () => new nn.Conv1d(2, 2, 3, 1, 'same'), () => new nn.Conv1d(2, 2, 3, {padding: 'same'})],
  ['Conv3d', () => new nn.Conv3d(1, 1, 2, 1, 0, 2), () => new nn.Conv3d(1, 1, 2, {dilation: 2})],
  [
    'ConvTranspose2d',
    () => new nn.ConvTranspose2d(2, 2, 3, 2, 1, 1, 1, false, 1),
    () => new nn.ConvTranspose2d(2, 2, 3, {stride: 2, padding: 1, outputPadding: 1, bias: false}),
  ],
  ['Linear', () => new nn.Linear(2, 3, false), () => new nn.Linear(2, 3, {bias: false})],
  [
    'BatchNorm2d',
    () => new nn.BatchNorm2d(3, 1e-3, null, false),
    () => new nn.BatchNorm2d(3, {eps: 1e-3, momentum: null, affine: false}),
  ],
  ['LayerNorm', () => new nn.LayerNorm([4], 1e-3, true, false), () => new nn.LayerNorm([4], {eps: 1e-3, bias: false})],
  ['GroupNorm', () => new nn.GroupNorm(2, 4, 1e-3, false), () => new nn.GroupNorm(2, 4, {eps: 1e-3, affine: false})],
  ['ReLU', () => new nn.ReLU(true), () => new nn.ReLU({inplace: true})],
  ['LeakyReLU', () => new nn.LeakyReLU(0.2, true), () => new nn.LeakyReLU({negativeSlope: 0.2, inplace: true})],
  ['GELU', () => new nn.GELU('tanh'), () => new nn.GELU({approximate: 'tanh'})],
  ['Softmax', () => new nn.Softmax(1), () => new nn.Softmax({dim: 1})],
  ['Dropout', () => new nn.Dropout(0.2, true), () => new nn.Dropout({p: 0.2, inplace: true})],
  ['Flatten', () => new nn.Flatten(0, 2), () => new nn.Flatten({startDim: 0, endDim: 2})],
  [
    'ModuleList',
    () => new nn.ModuleList(new Set([new nn.ReLU()])),
    () => new nn.ModuleList({modules: [new nn.ReLU()]}),
  ],
];

it.each(PAIRS)('%s: the positional and the options form build the same module', (_, positional, options) => {
  const before = tf.memory().numTensors;
  const [a, b] = [positional(), options()];
  expect(String(a)).toBe(String(b));
  expect(shapes(a)).toEqual(shapes(b));
  tf.dispose([...a.parameters(), ...b.parameters(), ...a.buffers(), ...b.buffers()]);
  expect(tf.memory().numTensors).toBe(before);
});

it('takes device and dtype as PyTorch counts them, None only', () => {
  const L = nn.Linear as unknown as new (...a: unknown[]) => nn.Linear;
  const m = new L(2, 3, true, null, null);
  expect(String(m)).toBe('Linear(in_features=2, out_features=3, bias=True)');
  tf.dispose([...m.parameters()]);
  const C = nn.Conv2d as unknown as new (...a: unknown[]) => unknown;
  expectTypeError(() => new C(1, 1, 3, {device: 'cpu'}), "Conv2d.__init__() argument 'device' must be None");
  expectTypeError(
    () => new C(1, 1, 3, 1, 0, 1, 1, true, 'zeros', null, 'float64'),
    "Conv2d.__init__() argument 'dtype' must be None",
  );
});

it('rejects a positional argument after the options object, as Python rejects one after keywords', () => {
  const R = nn.ReLU as unknown as new (...a: unknown[]) => unknown;
  expectTypeError(() => new R({inplace: true}, true), 'positional argument follows keyword argument');
});
