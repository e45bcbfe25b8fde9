/**
 * One table for the whole public surface: every function and constructor exported by the package's
 * index, its `nn` namespace and its `layers` entry rejects an unknown option key and a stray extra argument with
 * PyTorch's TypeError, and leaks no tensor doing so. The table's keys are compared with the exports, so a new export
 * without a row fails here until someone decides what it must reject (or says why it is exempt).
 *
 * Texts: the modules' are what PyTorch 2.15 prints for the same calls (`nn.MaxPool2d(2, ceilmode=True)`,
 * `nn.MaxPool2d(2, 1, 1, 1, 1, 1, 1, 1, 1)`); the functions' use PyTorch's words with the JavaScript signature's
 * counts (the options object counted as one argument), which coincide with PyTorch's where the signatures do
 * (`adaptive_avg_pool2d() takes 2 positional arguments but 3 were given`). A "did you mean" suffix may follow an
 * unknown-key message (src/ops/keyword_args.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tt from '../../src';
import {nn} from '../../src';
import * as ttl from '../../src/layers';
import {expectTypeError} from '../support/expect_type_error';

type Call = () => unknown;
/** [call with an unknown key, its message, call with one argument too many, its message] */
type Checked = [Call, string, Call, string];
/** an export with nothing to reject, and why */
type Exempt = {exempt: string};
type Row = Checked | Exempt;

let x1: tf.Tensor;
let x2: tf.Tensor;
let x3: tf.Tensor;
let i1: tf.Tensor;
let i2: tf.Tensor;
let i3: tf.Tensor;
beforeAll(async () => {
  await tf.setBackend('cpu');
  [x1, x2, x3] = [tf.ones([1, 1, 4]), tf.ones([1, 1, 4, 4]), tf.ones([1, 1, 2, 2, 2])];
  [i1, i2, i3] = [x1, x2, x3].map(x => tf.zeros(x.shape, 'int32'));
});
afterAll(() => tf.dispose([x1, x2, x3, i1, i2, i3]));

const any = (v: unknown) => v as never;
/** A public function without its TypeScript signature, so a test can call it as plain JavaScript would. */
const loose = (f: unknown) => f as (...a: unknown[]) => unknown;
const ONES = [1, 1, 1, 1, 1, 1, 1, 1];
const unknown = (fn: string, key = 'ceilmode') => `${fn}() got an unexpected keyword argument '${key}'`;
const takes = (fn: string, range: string, given: number) =>
  `${fn}() takes ${range} positional arguments but ${given} were given`;

/** A functional op: `args()` the arguments before its options object, which gets the unknown key. */
function op(
  call: (...args: never[]) => unknown,
  args: () => unknown[],
  name: string,
  extraName: string,
  range: string,
): Checked {
  const f = call as unknown as (...a: unknown[]) => unknown;
  return [
    () => f(...args(), {ceilmode: true}),
    unknown(name),
    () => f(...args(), {}, 1),
    takes(extraName, range, args().length + 2),
  ];
}

/** A pooling module: keywords as one object, then PyTorch's positional form with eight ones too many. */
function module(cls: new (...a: never[]) => unknown, required: unknown[], init: string, range: string): Checked {
  const ctor = cls as unknown as new (...a: unknown[]) => unknown;
  return [
    () => new ctor(...required, {ceilmode: true}),
    unknown(init),
    () => new ctor(...required, ...ONES),
    takes(init, range, required.length + ONES.length + 1),
  ];
}

/**
 * A kit module (`init` the `__init__` PyTorch names, taking `min` to `max` positional arguments with self): keywords
 * as one object, then one positional argument past PyTorch's last (None, which PyTorch counts before reading it).
 */
function kit(
  cls: new (...a: never[]) => unknown,
  required: unknown[],
  init: string,
  min: number,
  max: number,
): Checked {
  const ctor = cls as unknown as new (...a: unknown[]) => unknown;
  const range =
    min === max ? `${max} positional argument${max === 1 ? '' : 's'}` : `from ${min} to ${max} positional arguments`;
  return [
    () => new ctor(...required, {ceilmode: true}),
    unknown(init),
    () => new ctor(...required, ...Array(max - required.length).fill(null)),
    `${init}() takes ${range} but ${max + 1} were given`,
  ];
}

/** A layer: its class and its factory take one config. */
function layer(make: (...a: never[]) => unknown, config: object, className: string, isClass: boolean): Checked {
  const build = (...a: unknown[]) =>
    isClass
      ? new (make as unknown as new (...b: unknown[]) => unknown)(...a)
      : (make as unknown as (...b: unknown[]) => unknown)(...a);
  return [
    () => build({...config, ceilmode: true}),
    unknown(`${className}.__init__`),
    () => build(config, 1),
    `${className}.__init__() takes 2 positional arguments but 3 were given`,
  ];
}

const INDEX: Record<string, Row> = {
  mean: [
    () => tt.mean(x2, 1, any({dtype: 'float32', keepDim: true})),
    unknown('mean', 'keepDim'),
    () => loose(tt.mean)(x2, 1, {}, 1),
    takes('mean', 'from 2 to 3', 4),
  ], // as torch.mean(x, 1, False, 1)
  avgPool1d: op(tt.avgPool1d, () => [x1, 2], 'avg_pool1d', 'avg_pool1d', 'from 2 to 3'),
  avgPool2d: op(tt.avgPool2d, () => [x2, 2], 'avg_pool2d', 'avg_pool2d', 'from 2 to 3'),
  avgPool3d: op(tt.avgPool3d, () => [x3, 2], 'avg_pool3d', 'avg_pool3d', 'from 2 to 3'),
  adaptiveAvgPool1d: [
    () => loose(tt.adaptiveAvgPool1d)(x1, 2, {returnIndices: true}),
    unknown('adaptive_avg_pool1d', 'returnIndices'),
    () => loose(tt.adaptiveAvgPool1d)(x1, 2, true),
    takes('adaptive_avg_pool1d', '2', 3),
  ],
  adaptiveAvgPool2d: [
    () => loose(tt.adaptiveAvgPool2d)(x2, 2, {returnIndices: true}),
    unknown('adaptive_avg_pool2d', 'returnIndices'),
    () => loose(tt.adaptiveAvgPool2d)(x2, 2, true),
    takes('adaptive_avg_pool2d', '2', 3),
  ],
  adaptiveAvgPool3d: [
    () => loose(tt.adaptiveAvgPool3d)(x3, 2, {returnIndices: true}),
    unknown('adaptive_avg_pool3d', 'returnIndices'),
    () => loose(tt.adaptiveAvgPool3d)(x3, 2, true),
    takes('adaptive_avg_pool3d', '2', 3),
  ],
  maxPool1d: op(tt.maxPool1d, () => [x1, 2], '_max_pool1d', '_max_pool1d', 'from 2 to 3'),
  maxPool2d: op(tt.maxPool2d, () => [x2, 2], '_max_pool2d', '_max_pool2d', 'from 2 to 3'),
  maxPool3d: op(tt.maxPool3d, () => [x3, 2], '_max_pool3d', '_max_pool3d', 'from 2 to 3'),
  adaptiveMaxPool1d: op(
    tt.adaptiveMaxPool1d,
    () => [x1, 2],
    '_adaptive_max_pool1d',
    '_adaptive_max_pool1d',
    'from 2 to 3',
  ),
  adaptiveMaxPool2d: [
    () => tt.adaptiveMaxPool2d(x2, 2, any({ceilmode: true})),
    unknown('_adaptive_max_pool2d'),
    // PyTorch: F.adaptive_max_pool2d(x, 2, True, 1)
    () => loose(tt.adaptiveMaxPool2d)(x2, 2, {returnIndices: true}, 1),
    takes('adaptive_max_pool2d_with_indices', 'from 2 to 3', 4),
  ],
  adaptiveMaxPool3d: op(
    tt.adaptiveMaxPool3d,
    () => [x3, 2],
    '_adaptive_max_pool3d',
    '_adaptive_max_pool3d',
    'from 2 to 3',
  ),
  maxUnpool1d: op(tt.maxUnpool1d, () => [x1, i1, 2], 'max_unpool1d', 'max_unpool1d', 'from 3 to 4'),
  maxUnpool2d: op(tt.maxUnpool2d, () => [x2, i2, 2], 'max_unpool2d', 'max_unpool2d', 'from 3 to 4'),
  maxUnpool3d: op(tt.maxUnpool3d, () => [x3, i3, 2], 'max_unpool3d', 'max_unpool3d', 'from 3 to 4'),
  lpPool1d: op(tt.lpPool1d, () => [x1, 2, 2], 'lp_pool1d', 'lp_pool1d', 'from 3 to 4'),
  lpPool2d: op(tt.lpPool2d, () => [x2, 2, 2], 'lp_pool2d', 'lp_pool2d', 'from 3 to 4'),
  lpPool3d: op(tt.lpPool3d, () => [x3, 2, 2], 'lp_pool3d', 'lp_pool3d', 'from 3 to 4'),
  TorchError: {exempt: 'the error class itself: (type, message), not a PyTorch function'},
  poolOutputSize: {exempt: 'a pure output-size formula over numbers, documented for kernel authors; no options'},
  nn: {exempt: 'the namespace, whose members have rows below'},
};

const NN: Record<string, Row> = {
  AvgPool1d: module(nn.AvgPool1d, [2], 'AvgPool1d.__init__', 'from 2 to 6'),
  AvgPool2d: module(nn.AvgPool2d, [2], 'AvgPool2d.__init__', 'from 2 to 7'),
  AvgPool3d: module(nn.AvgPool3d, [2], 'AvgPool3d.__init__', 'from 2 to 7'),
  AdaptiveAvgPool1d: module(nn.AdaptiveAvgPool1d, [2], '_AdaptiveAvgPoolNd.__init__', '2'),
  AdaptiveAvgPool2d: module(nn.AdaptiveAvgPool2d, [2], '_AdaptiveAvgPoolNd.__init__', '2'),
  AdaptiveAvgPool3d: module(nn.AdaptiveAvgPool3d, [2], '_AdaptiveAvgPoolNd.__init__', '2'),
  MaxPool1d: module(nn.MaxPool1d, [2], '_MaxPoolNd.__init__', 'from 2 to 7'),
  MaxPool2d: module(nn.MaxPool2d, [2], '_MaxPoolNd.__init__', 'from 2 to 7'),
  MaxPool3d: module(nn.MaxPool3d, [2], '_MaxPoolNd.__init__', 'from 2 to 7'),
  AdaptiveMaxPool1d: module(nn.AdaptiveMaxPool1d, [2], '_AdaptiveMaxPoolNd.__init__', 'from 2 to 3'),
  AdaptiveMaxPool2d: module(nn.AdaptiveMaxPool2d, [2], '_AdaptiveMaxPoolNd.__init__', 'from 2 to 3'),
  AdaptiveMaxPool3d: module(nn.AdaptiveMaxPool3d, [2], '_AdaptiveMaxPoolNd.__init__', 'from 2 to 3'),
  MaxUnpool1d: module(nn.MaxUnpool1d, [2], 'MaxUnpool1d.__init__', 'from 2 to 4'),
  MaxUnpool2d: module(nn.MaxUnpool2d, [2], 'MaxUnpool2d.__init__', 'from 2 to 4'),
  MaxUnpool3d: module(nn.MaxUnpool3d, [2], 'MaxUnpool3d.__init__', 'from 2 to 4'),
  LPPool1d: module(nn.LPPool1d, [2, 2], '_LPPoolNd.__init__', 'from 3 to 5'),
  LPPool2d: module(nn.LPPool2d, [2, 2], '_LPPoolNd.__init__', 'from 3 to 5'),
  LPPool3d: module(nn.LPPool3d, [2, 2], '_LPPoolNd.__init__', 'from 3 to 5'),
  PoolModule: {exempt: 'the abstract base of the average-pool modules: no arguments of its own'},
  // the porting kit: PyTorch 2.15's texts for nn.Conv2d(1, 1, 3, ceilmode=True), nn.Conv2d(1, 1, 3, 1, 0, 1, 1,
  // True, 'zeros', None, None, None), ... (device and dtype count as PyTorch counts them)
  Conv1d: kit(nn.Conv1d, [1, 1, 3], 'Conv1d.__init__', 4, 12),
  Conv2d: kit(nn.Conv2d, [1, 1, 3], 'Conv2d.__init__', 4, 12),
  Conv3d: kit(nn.Conv3d, [1, 1, 3], 'Conv3d.__init__', 4, 12),
  ConvTranspose2d: kit(nn.ConvTranspose2d, [1, 1, 3], 'ConvTranspose2d.__init__', 4, 13),
  ConvNd: {exempt: 'the abstract base of Conv1d/2d/3d, whose rows check its arguments'},
  Linear: kit(nn.Linear, [2, 3], 'Linear.__init__', 3, 6),
  BatchNorm1d: kit(nn.BatchNorm1d, [3], '_BatchNorm.__init__', 2, 8),
  BatchNorm2d: kit(nn.BatchNorm2d, [3], '_BatchNorm.__init__', 2, 8),
  BatchNorm3d: kit(nn.BatchNorm3d, [3], '_BatchNorm.__init__', 2, 8),
  BatchNormNd: {exempt: "the abstract base of BatchNorm1d/2d/3d (PyTorch's _BatchNorm), whose rows check it"},
  LayerNorm: kit(nn.LayerNorm, [3], 'LayerNorm.__init__', 2, 7),
  GroupNorm: kit(nn.GroupNorm, [1, 2], 'GroupNorm.__init__', 3, 7),
  ReLU: kit(nn.ReLU, [], 'ReLU.__init__', 1, 2),
  ReLU6: kit(nn.ReLU6, [], 'ReLU6.__init__', 1, 2),
  LeakyReLU: kit(nn.LeakyReLU, [], 'LeakyReLU.__init__', 1, 3),
  GELU: kit(nn.GELU, [], 'GELU.__init__', 1, 2),
  SiLU: kit(nn.SiLU, [], 'SiLU.__init__', 1, 2),
  Hardswish: kit(nn.Hardswish, [], 'Hardswish.__init__', 1, 2),
  Hardsigmoid: kit(nn.Hardsigmoid, [], 'Hardsigmoid.__init__', 1, 2),
  Sigmoid: kit(nn.Sigmoid, [], 'Sigmoid.__init__', 1, 1),
  Tanh: kit(nn.Tanh, [], 'Tanh.__init__', 1, 1),
  Softmax: kit(nn.Softmax, [], 'Softmax.__init__', 1, 2),
  Dropout: kit(nn.Dropout, [], '_DropoutNd.__init__', 1, 3),
  Flatten: kit(nn.Flatten, [], 'Flatten.__init__', 1, 3),
  Unflatten: kit(nn.Unflatten, [1, [2, 2]], 'Unflatten.__init__', 3, 3),
  ModuleList: kit(nn.ModuleList, [], 'ModuleList.__init__', 1, 2),
  // a plain object is ModuleDict's mapping and Sequential's positional modules: PyTorch's nn.ModuleDict({'ceilmode':
  // True}) and nn.Sequential(nn.ReLU(), 1)
  ModuleDict: [
    () => new nn.ModuleDict(any({ceilmode: true})),
    'bool is not a Module subclass',
    () => new (nn.ModuleDict as unknown as new (...a: unknown[]) => unknown)({}, null),
    'ModuleDict.__init__() takes from 1 to 2 positional arguments but 3 were given',
  ],
  Sequential: [
    () => new nn.Sequential(any({ceilmode: true})),
    unknown('Sequential.__init__'),
    () => new nn.Sequential(new nn.ReLU(), any(1)),
    'int is not a Module subclass',
  ],
  Module: {exempt: "the abstract base a port extends; its subclass's constructor defines the arguments"},
  Identity: {exempt: 'PyTorch\'s Identity takes and ignores any arguments ("argument-insensitive"), as the kit\'s'},
  // safetensors.torch.load(data) and save(tensors, metadata=None)'s texts; readSafetensorsHeader has no Python twin
  loadSafetensors: [
    () => loose(nn.loadSafetensors)(new Uint8Array(0), {ceilmode: true}),
    unknown('load'),
    () => loose(nn.loadSafetensors)(new Uint8Array(0), 1),
    'load() takes 1 positional argument but 2 were given',
  ],
  saveSafetensors: [
    () => loose(nn.saveSafetensors)(new Map(), undefined, {ceilmode: true}),
    unknown('save'),
    () => loose(nn.saveSafetensors)(new Map(), undefined, 1),
    takes('save', 'from 1 to 2', 3),
  ],
  readSafetensorsHeader: [
    () => loose(nn.readSafetensorsHeader)(new Uint8Array(0), {ceilmode: true}),
    unknown('readSafetensorsHeader'),
    () => loose(nn.readSafetensorsHeader)(new Uint8Array(0), 1),
    'readSafetensorsHeader() takes 1 positional argument but 2 were given',
  ],
  SafetensorError: {exempt: 'the error class itself: (message), not a PyTorch function'},
  // torch.ao.quantization.fuse_modules(model, modules_to_fuse, inplace=False, ...): the kit takes inplace only
  fuseModules: [
    () => loose(nn.fuseModules)(new nn.Sequential(), [], {ceilmode: true}),
    unknown('fuse_modules'),
    () => loose(nn.fuseModules)(new nn.Sequential(), [], true, 1),
    takes('fuse_modules', 'from 2 to 3', 4),
  ],
};

const LAYER_CONFIGS: Record<string, object> = {
  AvgPool1d: {kernelSize: 2},
  AvgPool2d: {kernelSize: 2},
  AvgPool3d: {kernelSize: 2},
  AdaptiveAvgPool1d: {outputSize: 2},
  AdaptiveAvgPool2d: {outputSize: 2},
  AdaptiveAvgPool3d: {outputSize: 2},
  MaxPool1d: {kernelSize: 2},
  MaxPool2d: {kernelSize: 2},
  MaxPool3d: {kernelSize: 2},
  AdaptiveMaxPool1d: {outputSize: 2},
  AdaptiveMaxPool2d: {outputSize: 2},
  AdaptiveMaxPool3d: {outputSize: 2},
  LPPool1d: {normType: 2, kernelSize: 2},
  LPPool2d: {normType: 2, kernelSize: 2},
  LPPool3d: {normType: 2, kernelSize: 2},
};

/** Each layer twice: `TorchMaxPool2d` (the class) and `maxPool2dLayer` (its factory). */
const LAYERS: Record<string, Row> = Object.fromEntries(
  Object.entries(LAYER_CONFIGS).flatMap(([base, config]) => {
    const className = `Torch${base}`;
    const factory = `${base.replace(/^LP/, 'lp').replace(/^./, c => c.toLowerCase())}Layer`;
    const exports = ttl as unknown as Record<string, (...a: never[]) => unknown>;
    return [
      [className, layer(exports[className], config, className, true)],
      [factory, layer(exports[factory], config, className, false)],
    ];
  }),
);

const functionExports = (m: object) =>
  Object.keys(m)
    .filter(k => typeof (m as Record<string, unknown>)[k] === 'function' || k === 'nn')
    .sort();

it('has a row for every public function and constructor, and none for what is not exported', () => {
  // the index's other exports are kernel name strings (data, not callables)
  const strings = Object.keys(tt).filter(k => typeof (tt as Record<string, unknown>)[k] === 'string');
  expect(strings.every(k => k.startsWith('Torch'))).toBe(true);
  expect(Object.keys(INDEX).sort()).toEqual(functionExports(tt));
  expect(Object.keys(NN).sort()).toEqual(functionExports(nn));
  expect(Object.keys(LAYERS).sort()).toEqual(functionExports(ttl));
});

const ROWS = [
  ...Object.entries(INDEX),
  ...Object.entries(NN).map(([k, r]) => [`nn.${k}`, r] as const),
  ...Object.entries(LAYERS).map(([k, r]) => [`layers.${k}`, r] as const),
];
const CHECKED = ROWS.filter((e): e is [string, Checked] => Array.isArray(e[1]));

it.each(CHECKED)(
  '%s rejects an unknown key and an extra argument',
  (_, [unknownKey, keyMessage, extra, extraMessage]) => {
    expect(expectTypeError(unknownKey, keyMessage).slice(keyMessage.length)).toMatch(/^(; did you mean '\w+'\?)?$/);
    expect(expectTypeError(extra, extraMessage)).toBe(extraMessage);
  },
);

it.each(ROWS.filter(e => !Array.isArray(e[1])))('%s is exempt for a reason', (_, row) => {
  expect((row as Exempt).exempt.length).toBeGreaterThan(10);
});

/**
 * `dataFormat` (docs/layouts.md), the one key every pooling op, module and layer takes besides PyTorch's: a near miss
 * is still PyTorch's TypeError for an unknown keyword, and its suggestion names the key.
 */
const LAYOUT_KEY: Array<[string, Call, string]> = [
  ...(['avgPool', 'maxPool', 'lpPool', 'adaptiveAvgPool', 'adaptiveMaxPool', 'maxUnpool'] as const).flatMap(base =>
    ([1, 2, 3] as const).map((nd): [string, Call, string] => {
      const x = () => [x1, x2, x3][nd - 1];
      const i = () => [i1, i2, i3][nd - 1];
      const f = loose((tt as unknown as Record<string, unknown>)[`${base}${nd}d`]);
      const pyName = base.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`) + `${nd}d`;
      const call: Call =
        base === 'lpPool'
          ? () => f(x(), 2, 2, {dataformat: 'NHWC'})
          : base === 'maxUnpool'
            ? () => f(x(), i(), 2, {dataformat: 'NHWC'})
            : () => f(x(), 2, {dataformat: 'NHWC'});
      const name = base === 'maxPool' || base === 'adaptiveMaxPool' ? `_${pyName}` : pyName;
      return [`${base}${nd}d`, call, unknown(name, 'dataformat')];
    }),
  ),
  ['nn.AvgPool2d', () => new nn.AvgPool2d(2, any({dataformat: 'NHWC'})), unknown('AvgPool2d.__init__', 'dataformat')],
  [
    'nn.AdaptiveAvgPool2d',
    () => new nn.AdaptiveAvgPool2d(2, any({dataformat: 'NHWC'})),
    unknown('_AdaptiveAvgPoolNd.__init__', 'dataformat'),
  ],
  ['nn.MaxPool2d', () => new nn.MaxPool2d(2, any({dataformat: 'NHWC'})), unknown('_MaxPoolNd.__init__', 'dataformat')],
  [
    'layers.avgPool2dLayer',
    () => ttl.avgPool2dLayer(any({kernelSize: 2, dataformat: 'channelsLast'})),
    unknown('TorchAvgPool2d.__init__', 'dataformat'),
  ],
];

it.each(LAYOUT_KEY)('%s takes dataFormat by keyword and names it for a near miss', (_, call, message) => {
  expect(expectTypeError(call, message).slice(message.length)).toBe("; did you mean 'dataFormat'?");
});
