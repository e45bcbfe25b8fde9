/**
 * The tensorflow backend's channels-first pools (kernels/tensorflow/box_average_tf_ops.ts): a 2-d pool runs as one NCDHW
 * AvgPool3D over the NCHW input (no Transpose), and interleaving it with tfjs-node's own NHWC pools of the same
 * logical dims gives every op its right values (TF 2.9's oneDNN caches pooling primitives without their layout).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tt from '../../src/index';
import {describeIfAvailable, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';

interface Executor {
  executeSingleOutput(name: string, attrs: Array<{name: string; value: unknown}>, inputs: unknown[]): unknown;
}

/** Runs f, recording each native op's name and data_format. */
function recordOps(f: () => void): string[] {
  const backend = tf.backend() as unknown as Executor;
  const original = backend.executeSingleOutput;
  const seen: string[] = [];
  backend.executeSingleOutput = function (name, attrs, inputs) {
    const format = attrs.find(a => a.name === 'data_format');
    seen.push(format ? `${name} ${format.value}` : name);
    return original.call(this, name, attrs, inputs);
  };
  try {
    f();
  } finally {
    backend.executeSingleOutput = original;
  }
  return seen;
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describeIfAvailable('tensorflow pools channels-first', nodeBackendProblem('tensorflow'), () => {
  beforeAll(async () => {
    const problem = await startBackend('tensorflow');
    if (problem !== null) throw new Error(`backend tensorflow cannot start: ${problem}`);
  });

  it('runs a 2-d pool and its gradient channels-first, with no transposes', () => {
    const x = tf.randomUniform([2, 8, 10, 10]);
    const forward = recordOps(() => tf.dispose(tt.avgPool2d(x, 3, {stride: 1, padding: 1})));
    expect(forward).toContain('AvgPool3D NCDHW');
    expect(forward).not.toContain('Transpose');
    const backward = recordOps(() => tf.dispose(tf.grad((v: tf.Tensor) => tt.avgPool2d(v, 2).sum())(x)));
    expect(backward).toContain('AvgPool3DGrad NCDHW');
    expect(backward).not.toContain('Transpose');
    x.dispose();
  });

  it('keeps its values when interleaved with tfjs-node NHWC pools of the same dims', () => {
    const before = tf.memory().numTensors;
    const [N, C, H, W] = [2, 8, 12, 12];
    const x = tf.randomUniform([N, C, H, W], -1, 1);
    const nhwc = tf.transpose(x, [0, 2, 3, 1]);
    for (const k of [2, 3]) {
      tf.tidy(() => {
        const first = tt.avgPool2d(x, k, {stride: 1});
        // tfjs-node's own pools whose oneDNN dims equal ours but for the layout: 2-d NHWC [N, H, W, C] (an NCHW
        // AvgPool would share its primitive), and 3-d NDHWC [N, 1, H, W, C] with a one-deep window (our NCDHW
        // AvgPool3D would share it at depth stride 1).
        const theirs = tf.transpose(tf.avgPool(nhwc as tf.Tensor4D, k, 1, 'valid'), [0, 3, 1, 2]);
        const theirs3d = tf.avgPool3d(tf.reshape(nhwc, [N, 1, H, W, C]) as tf.Tensor5D, [1, k, k], 1, 'valid');
        const again = tt.avgPool2d(x, k, {stride: 1});
        expect(maxAbsDiff(first, theirs)).toBeLessThan(1e-6);
        expect(maxAbsDiff(again, theirs)).toBeLessThan(1e-6);
        expect(
          maxAbsDiff(tf.reshape(theirs3d, [N, H - k + 1, W - k + 1, C]), tf.transpose(theirs, [0, 2, 3, 1])),
        ).toBeLessThan(1e-6);
      });
    }
    tf.dispose([x, nhwc]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
