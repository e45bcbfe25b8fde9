/**
 * The pools in a channels-last model (model.to({memoryFormat: 'channelsLast'})): every 2-d pooling module and
 * nn.functional pool runs its op with dataFormat 'NHWC' on the stored NHWC tensor, so on a backend with native
 * channels-last pool kernels (cpu and tensorflow here) the forward runs no Transpose kernel but the boundary's, and
 * the values are the contiguous model's. Also the interplay with a module's own dataFormat: 'NCHW' (the logical
 * order) follows the memory format; 'NHWC' inside a channels-last forward is an error, not a guess; a pool converted
 * with its model and called on its own takes NCHW, as a contiguous one.
 */
import * as tf from '@tensorflow/tfjs';
import {nn, TorchError} from '../../src';
import {ramp} from '../support/ramp';
import {describeIfAvailable, IN_CI, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';

const F = nn.functional;

/** Every 2-d pool kind, as modules and through nn.functional, between convolutions (which keep the NHWC storage). */
class Pools extends nn.Module {
  declare stem: nn.Conv2d;
  declare max: nn.MaxPool2d;
  declare unpool: nn.MaxUnpool2d;
  declare avg: nn.AvgPool2d;
  declare lp: nn.LPPool2d;
  declare amax: nn.AdaptiveMaxPool2d;
  declare explicit: nn.MaxPool2d;
  declare mid: nn.Conv2d;
  declare gap: nn.AdaptiveAvgPool2d;
  declare fc: nn.Linear;

  constructor() {
    super();
    this.stem = new nn.Conv2d(3, 6, 3, {padding: 1});
    this.max = new nn.MaxPool2d(2, {returnIndices: true});
    this.unpool = new nn.MaxUnpool2d(2);
    this.avg = new nn.AvgPool2d(3, {stride: 1, padding: 1, countIncludePad: false});
    this.lp = new nn.LPPool2d(2, 2, {ceilMode: true});
    this.amax = new nn.AdaptiveMaxPool2d([5, 3], true);
    this.explicit = new nn.MaxPool2d(3, {stride: 1, padding: 1, dataFormat: 'NCHW'}); // the logical order
    this.mid = new nn.Conv2d(6, 6, 1);
    this.gap = new nn.AdaptiveAvgPool2d(1);
    this.fc = new nn.Linear(6, 4);
  }

  forward(x: tf.Tensor): tf.Tensor[] {
    return tf.tidy(() => {
      const y = tf.relu(this.stem.forward(x));
      const [m, idx] = this.max.forward(y) as [tf.Tensor, tf.Tensor];
      const back = this.unpool.forward(m, idx);
      let z = this.avg.forward(tf.add(back, y));
      z = this.mid.forward(this.explicit.forward(F.maxPool2d(z, 3, {stride: 1, padding: 1})) as tf.Tensor);
      z = F.avgPool2d(F.lpPool2d(z, 2, 2), 2, {ceilMode: true});
      const [am, ai] = this.amax.forward(this.lp.forward(y)) as [tf.Tensor, tf.Tensor];
      const head = F.adaptiveMaxPool2d(F.adaptiveAvgPool2d(this.gap.forward(z), [2, 2]), 1);
      return [this.fc.forward(F.flatten(head, 1)), z, am, ai, idx];
    });
  }
}

/** The model with non-trivial weights, in eval mode. */
function pools(): Pools {
  const net = new Pools();
  net.namedParameters().forEach(([, p], k) => p.assign(ramp(p.shape, k + 2).mul(0.5)));
  return net.eval();
}

/** The Transpose kernels of one forward (after a first one, which builds the convolutions' filter caches). */
async function transposes(net: Pools, x: tf.Tensor): Promise<number> {
  tf.dispose(net.forward(x));
  const info = await tf.profile(() => net.forward(x));
  tf.dispose(info.result as tf.Tensor[]);
  return info.kernels.filter(k => k.name === 'Transpose').length;
}

/** The channels-last model's outputs equal the contiguous model's (same kernels' arithmetic, other order). */
async function expectSameOutputs(x: tf.Tensor): Promise<{contiguous: number; channelsLast: number}> {
  const net = pools();
  const contiguous = await transposes(net, x);
  const expected = net.forward(x);
  net.to({memoryFormat: 'channelsLast'});
  const channelsLast = await transposes(net, x);
  const got = net.forward(x);
  expect(got.map(t => t.shape)).toEqual(expected.map(t => t.shape));
  for (let i = 0; i < got.length; i++) {
    const [a, b] = [await got[i].data(), await expected[i].data()];
    a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThan(1e-5));
  }
  tf.dispose([...expected, ...got]);
  net.dispose();
  return {contiguous, channelsLast};
}

describe('channels-last pools on cpu (native channels-last pool kernels)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("gives the contiguous model's values for every 2-d pool, module and functional, transposing at the boundary only", async () => {
    const x = ramp([2, 3, 10, 12]);
    const {channelsLast} = await expectSameOutputs(x);
    expect(channelsLast).toBe(1 + 4); // as on tensorflow below
    x.dispose();
  });

  it("follows a module's dataFormat 'NCHW'; 'NHWC' inside a channels-last forward is an error", () => {
    class One extends nn.Module {
      constructor(readonly pool: nn.Module & {forward(t: tf.Tensor): unknown}) {
        super();
      }
      forward(t: tf.Tensor): tf.Tensor {
        return this.pool.forward(t) as tf.Tensor;
      }
    }
    const x = ramp([1, 2, 6, 6]);
    const nhwc = new One(new nn.AvgPool2d(2, {dataFormat: 'NHWC'})).to({memoryFormat: 'channelsLast'});
    const before = tf.memory().numTensors;
    expect(() => nhwc.forward(x)).toThrow(TorchError);
    expect(() => nhwc.forward(x)).toThrow(
      "AvgPool2d: dataFormat 'NHWC' inside a channels-last forward: the model's 4-D tensors are NCHW (stored NHWC " +
        "by model.to({memoryFormat: 'channelsLast'}), which runs the pools channels-last itself); leave dataFormat out",
    );
    class Functional extends nn.Module {
      forward(t: tf.Tensor): tf.Tensor {
        return F.maxPool2d(t, 2, {dataFormat: 'NHWC'});
      }
    }
    expect(() => new Functional().to({memoryFormat: 'channelsLast'}).forward(x)).toThrow(
      "max_pool2d: dataFormat 'NHWC' inside a channels-last forward",
    );
    // a misspelt dataFormat keeps the op's own ValueError
    const misspelt = new One(new nn.MaxPool2d(2, {dataFormat: 'nhwc' as never})).to({memoryFormat: 'channelsLast'});
    expect(() => misspelt.forward(x)).toThrow("max_pool2d(): dataFormat must be 'NCHW' or 'NHWC', but got 'nhwc'");
    // a 3d pool's unbatched 4-D input would be read along the stored NHWC axes: refused
    for (const pool of [new nn.AvgPool3d(2), new nn.AdaptiveAvgPool3d(1), new nn.MaxPool3d(2)]) {
      expect(() => new One(pool).to({memoryFormat: 'channelsLast'}).forward(x)).toThrow(
        'a 3d pool needs a 5-D (batched) input there',
      );
    }
    expect(tf.memory().numTensors).toBe(before);
    // outside a channels-last forward the module's NHWC is the caller's layout, as documented
    const own = nhwc.pool.forward(tf.transpose(x, [0, 2, 3, 1])) as tf.Tensor;
    expect(own.shape).toEqual([1, 3, 3, 2]);
    tf.dispose([x, own]);
  });

  it('a pool converted with its model and called on its own takes NCHW (a pool holds no layout of its own)', async () => {
    const x = ramp([1, 2, 6, 6]);
    const model = new nn.Sequential(new nn.Conv2d(2, 2, 1), new nn.MaxPool2d(2)).to({memoryFormat: 'channelsLast'});
    const pool = model.children()[1] as nn.MaxPool2d;
    const got = pool.forward(x) as tf.Tensor;
    const expected = new nn.MaxPool2d(2).forward(x) as tf.Tensor;
    expect(await got.data()).toEqual(await expected.data());
    tf.dispose([x, got, expected]);
    model.dispose();
  });
});

describeIfAvailable(
  'channels-last pools on tensorflow (native channels-last pool kernels)',
  nodeBackendProblem('tensorflow'),
  () => {
    beforeAll(async () => {
      const problem = await startBackend('tensorflow');
      if (problem !== null) throw new Error(`backend tensorflow cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
    });

    it("runs no Transpose kernel but the boundary's, with the contiguous model's values", async () => {
      const x = ramp([2, 3, 10, 12]);
      const {contiguous, channelsLast} = await expectSameOutputs(x);
      // the input, NCHW -> NHWC; the outputs' [N, C, 1, 1]-like planes and 1×1 flatten are reshapes, but z, am, ai
      // and idx are 4-D outputs with planes: one Transpose each back to NCHW
      expect(channelsLast).toBe(1 + 4);
      expect(contiguous).toBe(4); // contiguous: two around each convolution (tfjs's convs are NHWC)
      x.dispose();
    });
  },
);
