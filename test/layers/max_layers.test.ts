/**
 * The max-pool, adaptive-max-pool and lp-pool layers: they compute what the ops compute, infer NCHW output shapes
 * with an unknown batch size, and save and load inside a LayersModel (an infinite norm type included).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tt from '../../src';
import * as ttl from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Distinct values (no ties), so every layer is checked on a real selection. */
const input = (shape: number[]) =>
  tf.tensor(
    Array.from({length: shape.reduce((a, b) => a * b)}, (_, i) => ((i * 37) % 101) / 10 - 5),
    shape,
  );

async function expectSame(a: tf.Tensor, b: tf.Tensor): Promise<void> {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
}

describe.each<[string, () => tfl.layers.Layer, number[], (x: tf.Tensor) => tf.Tensor]>([
  [
    'TorchMaxPool1d(3, 2, 1, dilation 2, ceil_mode)',
    () => ttl.maxPool1dLayer({kernelSize: 3, stride: 2, padding: 1, dilation: 2, ceilMode: true}),
    [2, 3, 11],
    x => tt.maxPool1d(x, 3, {stride: 2, padding: 1, dilation: 2, ceilMode: true}),
  ],
  [
    'TorchMaxPool2d(3, 2, 1)',
    () => ttl.maxPool2dLayer({kernelSize: 3, stride: 2, padding: 1}),
    [2, 3, 9, 8],
    x => tt.maxPool2d(x, 3, {stride: 2, padding: 1}),
  ],
  [
    'TorchMaxPool2d(3, 2, ceil_mode)',
    () => new ttl.TorchMaxPool2d({kernelSize: 3, stride: 2, ceilMode: true}),
    [1, 2, 8, 8],
    x => tt.maxPool2d(x, 3, {stride: 2, ceilMode: true}),
  ],
  ['TorchMaxPool3d(2)', () => ttl.maxPool3dLayer({kernelSize: 2}), [1, 2, 5, 4, 4], x => tt.maxPool3d(x, 2)],
  [
    'TorchAdaptiveMaxPool1d(4)',
    () => ttl.adaptiveMaxPool1dLayer({outputSize: 4}),
    [2, 3, 10],
    x => tt.adaptiveMaxPool1d(x, 4),
  ],
  [
    'TorchAdaptiveMaxPool2d((None, 3))',
    () => ttl.adaptiveMaxPool2dLayer({outputSize: [null, 3]}),
    [2, 3, 5, 7],
    x => tt.adaptiveMaxPool2d(x, [null, 3]),
  ],
  [
    'TorchAdaptiveMaxPool3d(2)',
    () => ttl.adaptiveMaxPool3dLayer({outputSize: 2}),
    [1, 2, 5, 4, 3],
    x => tt.adaptiveMaxPool3d(x, 2),
  ],
  [
    'TorchLPPool1d(2, 3, 2)',
    () => ttl.lpPool1dLayer({normType: 2, kernelSize: 3, stride: 2}),
    [2, 3, 10],
    x => tt.lpPool1d(x, 2, 3, {stride: 2}),
  ],
  [
    'TorchLPPool2d(inf, 2, ceil_mode)',
    () => ttl.lpPool2dLayer({normType: Infinity, kernelSize: 2, ceilMode: true}),
    [1, 2, 5, 5],
    x => tt.lpPool2d(x, Infinity, 2, {ceilMode: true}),
  ],
  [
    'TorchLPPool3d(1, 2)',
    () => ttl.lpPool3dLayer({normType: 1, kernelSize: 2}),
    [1, 2, 4, 4, 4],
    x => tt.lpPool3d(x, 1, 2),
  ],
])('%s', (_, make, shape, op) => {
  it('applies the op to tensors', async () => {
    const x = input(shape);
    await expectSame(make().apply(x) as tf.Tensor, op(x));
  });

  it('infers the output shape symbolically, with an unknown batch size', () => {
    const symbolic = tfl.input({shape: shape.slice(1)});
    const output = make().apply(symbolic) as tfl.SymbolicTensor;
    expect(output.shape).toEqual([null, ...op(input(shape)).shape.slice(1)]);
  });

  it('saves and loads inside a LayersModel, which predicts the same', async () => {
    const symbolic = tfl.input({shape: shape.slice(1)});
    const model = tfl.model({inputs: symbolic, outputs: make().apply(symbolic) as tfl.SymbolicTensor});
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async a => {
        artifacts = a;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }),
    );
    const topology = JSON.parse(JSON.stringify(artifacts!.modelTopology));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory({...artifacts!, modelTopology: topology}));
    expect(loaded.layers[1].getClassName()).toBe(model.layers[1].getClassName());
    expect(loaded.layers[1].getConfig()).toEqual(model.layers[1].getConfig());
    const x = input(shape);
    await expectSame(loaded.predict(x) as tf.Tensor, op(x));
  });
});
