/**
 * tfjs-torch-ops/layers: the layers compute what the ops compute, infer NCHW output shapes, train (gradients through
 * the ops), and a LayersModel that uses them saves and loads (model.json topology + weights, round trip in memory).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tt from '../../src';
import * as ttl from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (shape: number[]) => tf.reshape(tf.range(1, shape.reduce((a, b) => a * b) + 1), shape);

async function expectSame(a: tf.Tensor, b: tf.Tensor): Promise<void> {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
}

describe.each<[string, () => tfl.layers.Layer, number[], (x: tf.Tensor) => tf.Tensor]>([
  [
    'TorchAvgPool1d(3, 2, 1, ceil_mode)',
    () => ttl.avgPool1dLayer({kernelSize: 3, stride: 2, padding: 1, ceilMode: true}),
    [2, 3, 10],
    x => tt.avgPool1d(x, 3, {stride: 2, padding: 1, ceilMode: true}),
  ],
  [
    'TorchAvgPool2d(3, 1, 1)',
    () => ttl.avgPool2dLayer({kernelSize: 3, stride: 1, padding: 1}),
    [2, 3, 7, 6],
    x => tt.avgPool2d(x, 3, {stride: 1, padding: 1}),
  ],
  [
    'TorchAvgPool2d(2, ceil_mode, count_include_pad=False)',
    () => new ttl.TorchAvgPool2d({kernelSize: 2, ceilMode: true, countIncludePad: false}),
    [1, 2, 7, 5],
    x => tt.avgPool2d(x, 2, {ceilMode: true, countIncludePad: false}),
  ],
  [
    'TorchAvgPool2d((2, 3), (1, 2), (1, 0), divisor_override=4)',
    () => ttl.avgPool2dLayer({kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], divisorOverride: 4}),
    [1, 2, 6, 9],
    x => tt.avgPool2d(x, [2, 3], {stride: [1, 2], padding: [1, 0], divisorOverride: 4}),
  ],
  [
    'TorchAvgPool3d(2, ceil_mode)',
    () => ttl.avgPool3dLayer({kernelSize: 2, ceilMode: true}),
    [1, 2, 5, 4, 3],
    x => tt.avgPool3d(x, 2, {ceilMode: true}),
  ],
  [
    'TorchAdaptiveAvgPool1d(4)',
    () => ttl.adaptiveAvgPool1dLayer({outputSize: 4}),
    [2, 3, 10],
    x => tt.adaptiveAvgPool1d(x, 4),
  ],
  [
    'TorchAdaptiveAvgPool2d((None, 3))',
    () => ttl.adaptiveAvgPool2dLayer({outputSize: [null, 3]}),
    [2, 3, 5, 7],
    x => tt.adaptiveAvgPool2d(x, [null, 3]),
  ],
  [
    'TorchAdaptiveAvgPool2d(1)',
    () => ttl.adaptiveAvgPool2dLayer({outputSize: 1}),
    [2, 3, 5, 7],
    x => tt.adaptiveAvgPool2d(x, 1),
  ],
  [
    'TorchAdaptiveAvgPool3d((2, None, 3))',
    () => ttl.adaptiveAvgPool3dLayer({outputSize: [2, null, 3]}),
    [1, 2, 5, 4, 7],
    x => tt.adaptiveAvgPool3d(x, [2, null, 3]),
  ],
])('%s', (_, make, shape, op) => {
  it('applies the op to tensors', async () => {
    const x = ramp(shape);
    await expectSame(make().apply(x) as tf.Tensor, op(x));
  });

  it('infers the output shape symbolically, with an unknown batch size', () => {
    const input = tfl.input({shape: shape.slice(1)});
    const output = make().apply(input) as tfl.SymbolicTensor;
    expect(output.shape).toEqual([null, ...op(ramp(shape)).shape.slice(1)]);
  });

  it('saves and loads inside a LayersModel, which predicts the same', async () => {
    const input = tfl.input({shape: shape.slice(1)});
    const model = tfl.model({inputs: input, outputs: make().apply(input) as tfl.SymbolicTensor});
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async a => {
        artifacts = a;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }),
    );
    // Through JSON text, as a model.json file would hold it.
    const topology = JSON.parse(JSON.stringify(artifacts!.modelTopology));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory({...artifacts!, modelTopology: topology}));
    expect(loaded.layers[1].getClassName()).toBe(model.layers[1].getClassName());
    expect(loaded.layers[1].getConfig()).toEqual(model.layers[1].getConfig());
    const x = ramp(shape);
    await expectSame(loaded.predict(x) as tf.Tensor, op(x));
  });
});

it('writes PyTorch-named options into model.json and registers every class', async () => {
  const model = tfl.sequential({
    layers: [ttl.avgPool2dLayer({inputShape: [3, 8, 8], kernelSize: 2, ceilMode: true, countIncludePad: false})],
  });
  let topology: unknown;
  await model.save(
    tf.io.withSaveHandler(async a => {
      topology = a.modelTopology;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    }),
  );
  const layer = (topology as {config: {layers: Array<{class_name: string; config: unknown}>}}).config.layers[0];
  expect(layer.class_name).toBe('TorchAvgPool2d');
  expect(layer.config).toMatchObject({
    kernel_size: 2,
    stride: null,
    padding: 0,
    ceil_mode: true,
    count_include_pad: false,
    divisor_override: null,
  });
  const names = [
    'TorchAvgPool1d',
    'TorchAvgPool2d',
    'TorchAvgPool3d',
    'TorchAdaptiveAvgPool1d',
    'TorchAdaptiveAvgPool2d',
    'TorchAdaptiveAvgPool3d',
  ];
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const name of names) expect(map[name]).toBeDefined();
});

it('a model with convolutions and these layers (NCHW) trains, saves and loads with its weights', async () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.permute({inputShape: [3, 9, 9], dims: [2, 3, 1]}), // NCHW -> NHWC for tfjs's conv
      tfl.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tfl.initializers.glorotUniform({seed: 1}),
      }),
      tfl.layers.permute({dims: [3, 1, 2]}), // NHWC -> NCHW
      ttl.avgPool2dLayer({kernelSize: 3, stride: 2, padding: 1, ceilMode: true}), // F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)
      ttl.adaptiveAvgPool2dLayer({outputSize: 1}),
      tfl.layers.flatten(),
      tfl.layers.dense({units: 2, kernelInitializer: tfl.initializers.glorotUniform({seed: 2})}),
    ],
  });
  expect(model.outputs[0].shape).toEqual([null, 2]);
  model.compile({optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError'});
  const x = tf.randomNormal([4, 3, 9, 9], 0, 1, 'float32', 3);
  const y = tf.randomNormal([4, 2], 0, 1, 'float32', 4);
  const history = await model.fit(x, y, {epochs: 5, batchSize: 4, verbose: 0});
  const losses = history.history.loss as number[];
  expect(losses[4]).toBeLessThan(losses[0]);

  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async a => {
      artifacts = a;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    }),
  );
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
  await expectSame(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor);
});

it('rejects an input of the wrong rank before running', () => {
  const input = tfl.input({shape: [3, 8]});
  expect(() => ttl.avgPool2dLayer({kernelSize: 2}).apply(input)).toThrow(/expected ndim=4, found ndim=3/);
});
