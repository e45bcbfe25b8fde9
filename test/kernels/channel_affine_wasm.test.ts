/**
 * An eval-mode BatchNorm2d on a channels-last tensor runs the kit's TorchChannelAffine on wasm (outside a gradient
 * tape): bit for bit tfjs's batchNorm with mean 0, variance 1, epsilon 0 (what it ran before, x·scale + shift), for
 * channel counts on and off the 4-lane vector, through the module and its JavaScript fallback; tf.batchNorm under a
 * tape; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {nn} from '../../src';
import {TorchChannelAffine} from '../../src/kernel_names';
import {setBoxSimdMode} from '../../kernels/shared/box_simd';

/** A BatchNorm2d with random statistics and affine parameters, in eval mode, run channels-last in a Sequential. */
function model(C: number): nn.Module {
  const bn = new nn.BatchNorm2d(C);
  const dict = new Map<string, tf.Tensor>([
    ['0.weight', tf.randomNormal([C], 1, 0.5, 'float32', 1)],
    ['0.bias', tf.randomNormal([C], 0, 0.5, 'float32', 2)],
    ['0.running_mean', tf.randomNormal([C], 0, 0.5, 'float32', 3)],
    ['0.running_var', tf.randomUniform([C], 0.5, 1.5, 'float32', 4)],
    ['0.num_batches_tracked', tf.scalar(0, 'int32')],
  ]);
  const m = new nn.Sequential(bn);
  m.loadStateDict(dict);
  tf.dispose([...dict.values()]);
  return m.eval().to({memoryFormat: 'channelsLast'});
}

/** The same BatchNorm through tf.batchNorm on NHWC, the path the kit ran before (and runs elsewhere). */
function reference(m: nn.Module, x: tf.Tensor4D): tf.Tensor {
  const bn = (m as unknown as {0: nn.BatchNorm2d})[0];
  return tf.tidy(() => {
    // the kit's eval scale and shift (src/nn/norm.ts evalScaleShift), in its order of operations
    const scale = tf.mul(tf.div(1, tf.sqrt(tf.add(bn.running_var as tf.Tensor, bn.eps))), bn.weight!);
    const shift = tf.sub(bn.bias!, tf.mul(bn.running_mean as tf.Tensor, scale));
    const C = x.shape[1];
    const y = tf.batchNorm(tf.transpose(x, [0, 2, 3, 1]), tf.zeros([C]), tf.ones([C]), shift, scale, 0);
    return tf.transpose(y, [0, 3, 1, 2]);
  });
}

describe('eval BatchNorm2d, channels-last, on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => setBoxSimdMode('auto'));

  describe.each(['auto', 'off'] as const)('SIMD mode %s', mode => {
    beforeAll(() => setBoxSimdMode(mode));

    it.each([1, 3, 4, 7, 64])('%i channels: TorchChannelAffine, the bits of tf.batchNorm', async C => {
      const before = tf.memory().numTensors;
      const m = model(C);
      const x = tf.randomNormal([2, C, 5, 6], 0, 3, 'float32', 9) as tf.Tensor4D;
      const profile = await tf.profile(() => (m.forward as (t: tf.Tensor) => tf.Tensor)(x));
      const y = profile.result as tf.Tensor;
      expect(profile.kernels.map(k => k.name)).toContain(TorchChannelAffine);
      expect(profile.kernels.map(k => k.name)).not.toContain('FusedBatchNorm');
      const ref = reference(m, x);
      const bits = async (t: tf.Tensor) => Array.from(new Uint32Array((await t.data()).buffer));
      expect(await bits(y)).toEqual(await bits(ref));
      tf.dispose([x, y, ref]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('runs tfjs ops under a gradient tape', async () => {
    const m = model(4);
    const x = tf.randomNormal([1, 4, 3, 3]);
    const profile = await tf.profile(() =>
      tf.grad((t: tf.Tensor) => tf.sum((m.forward as (u: tf.Tensor) => tf.Tensor)(t)))(x),
    );
    tf.dispose([x, profile.result as tf.Tensor]);
    expect(profile.kernels.map(k => k.name)).not.toContain(TorchChannelAffine);
    m.dispose();
  });
});
