/**
 * The layers' `dataFormat` (tf.layers' 'channelsFirst' | 'channelsLast'; docs/layouts.md): a channels-last layer
 * computes the op's channels-last result and infers the NHWC output shape; a tf.layers model in NHWC with these
 * layers between tfjs's own convolutions trains, saves and loads; a config saved before the option existed loads as
 * channels-first; a misspelt format is refused.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tt from '../../src';
import * as ttl from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const seeded = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

async function expectSame(a: tf.Tensor, b: tf.Tensor): Promise<void> {
  expect(a.shape).toEqual(b.shape);
  expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
}

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async a => {
      artifacts = a;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    }),
  );
  // through JSON text, as a model.json file holds it
  const topology = JSON.parse(JSON.stringify(artifacts!.modelTopology));
  return tfl.loadLayersModel(tf.io.fromMemory({...artifacts!, modelTopology: topology}));
}

describe.each<[string, () => tfl.layers.Layer, number[], (x: tf.Tensor) => tf.Tensor | tf.Tensor[]]>([
  [
    'TorchAvgPool1d NWC',
    () => ttl.avgPool1dLayer({kernelSize: 3, stride: 2, padding: 1, dataFormat: 'channelsLast'}),
    [2, 9, 3],
    x => tt.avgPool1d(x, 3, {stride: 2, padding: 1, dataFormat: 'NWC'}),
  ],
  [
    'TorchAvgPool2d NHWC',
    () => ttl.avgPool2dLayer({kernelSize: 3, stride: 2, ceilMode: true, dataFormat: 'channelsLast'}),
    [2, 7, 6, 3],
    x => tt.avgPool2d(x, 3, {stride: 2, ceilMode: true, dataFormat: 'NHWC'}),
  ],
  [
    'TorchAdaptiveAvgPool3d NDHWC',
    () => ttl.adaptiveAvgPool3dLayer({outputSize: [2, null, 3], dataFormat: 'channelsLast'}),
    [1, 5, 4, 7, 2],
    x => tt.adaptiveAvgPool3d(x, [2, null, 3], {dataFormat: 'NDHWC'}),
  ],
  [
    'TorchMaxPool2d NHWC',
    () => ttl.maxPool2dLayer({kernelSize: 3, stride: 2, padding: 1, dilation: 2, dataFormat: 'channelsLast'}),
    [2, 8, 7, 3],
    x => tt.maxPool2d(x, 3, {stride: 2, padding: 1, dilation: 2, dataFormat: 'NHWC'}),
  ],
  [
    'TorchAdaptiveMaxPool1d NWC',
    () => ttl.adaptiveMaxPool1dLayer({outputSize: 4, dataFormat: 'channelsLast'}),
    [2, 9, 3],
    x => tt.adaptiveMaxPool1d(x, 4, {dataFormat: 'NWC'}),
  ],
  [
    'TorchLPPool2d NHWC',
    () => ttl.lpPool2dLayer({normType: 2, kernelSize: 2, dataFormat: 'channelsLast'}),
    [1, 6, 6, 2],
    x => tt.lpPool2d(x, 2, 2, {dataFormat: 'NHWC'}),
  ],
])('%s', (_, make, shape, op) => {
  it('computes the op in channels-last, infers the NHWC shape, saves and loads', async () => {
    const x = seeded(shape, 7);
    const layer = make();
    await expectSame(layer.apply(x) as tf.Tensor, op(x) as tf.Tensor);
    const input = tfl.input({shape: shape.slice(1)});
    const output = layer.apply(input) as tfl.SymbolicTensor;
    expect(output.shape).toEqual([null, ...(op(x) as tf.Tensor).shape.slice(1)]);
    const model = tfl.model({inputs: input, outputs: output});
    const loaded = await roundTrip(model);
    expect(loaded.layers[1].getConfig()).toEqual(model.layers[1].getConfig());
    expect(loaded.layers[1].getConfig().dataFormat).toBe('channelsLast');
    await expectSame(loaded.predict(x) as tf.Tensor, op(x) as tf.Tensor);
  });
});

it('a tf.layers model in NHWC: conv2d, avgPool2dLayer (channelsLast), conv2d trains, saves and loads', async () => {
  const glorot = (seed: number) => tfl.initializers.glorotUniform({seed});
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [9, 9, 3],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: glorot(1),
      }),
      ttl.avgPool2dLayer({kernelSize: 3, stride: 2, padding: 1, ceilMode: true, dataFormat: 'channelsLast'}),
      tfl.layers.conv2d({filters: 2, kernelSize: 3, kernelInitializer: glorot(2)}),
      tfl.layers.flatten(),
      tfl.layers.dense({units: 2, kernelInitializer: glorot(3)}),
    ],
  });
  expect(model.layers[1].outputShape).toEqual([null, 5, 5, 4]);
  model.compile({optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError'});
  const x = seeded([4, 9, 9, 3], 3);
  const y = seeded([4, 2], 4);
  const history = await model.fit(x, y, {epochs: 5, batchSize: 4, verbose: 0});
  const losses = history.history.loss as number[];
  expect(losses[4]).toBeLessThan(losses[0]);
  const loaded = await roundTrip(model);
  await expectSame(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor);
});

it('a config saved before dataFormat existed loads as channels-first', async () => {
  const model = tfl.sequential({layers: [ttl.avgPool2dLayer({inputShape: [3, 8, 8], kernelSize: 2})]});
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async a => {
      artifacts = a;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    }),
  );
  const topology = JSON.parse(JSON.stringify(artifacts!.modelTopology));
  const config = topology.config.layers[0].config;
  expect(config.data_format).toBe('channels_first'); // Keras' spelling, as tf.layers writes its own layers'
  delete config.data_format; // what an older version wrote
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory({...artifacts!, modelTopology: topology}));
  expect(loaded.layers[0].getConfig().dataFormat).toBe('channelsFirst');
  const x = seeded([1, 3, 8, 8], 5);
  await expectSame(loaded.predict(x) as tf.Tensor, tt.avgPool2d(x, 2));
});

it("refuses a format that is not one of tf.layers' two, before building anything", () => {
  expect(() => ttl.avgPool2dLayer({kernelSize: 2, dataFormat: 'NHWC' as 'channelsLast'})).toThrow(
    "TorchAvgPool2d.__init__(): dataFormat must be 'channelsFirst' or 'channelsLast', but got 'NHWC'",
  );
  expect(() => ttl.maxPool1dLayer({kernelSize: 2, dataformat: 'channelsLast'} as never)).toThrow(
    "TorchMaxPool1d.__init__() got an unexpected keyword argument 'dataformat'; did you mean 'dataFormat'?",
  );
});
