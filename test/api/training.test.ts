/** Gradients through tfjs's training APIs: tf.grads, tf.variableGrads, optimizers, and double backward. */
// The union package, as users import it: it registers tfjs's own gradients (Square, Add, Sum…) and cpu.
import * as tf from '@tensorflow/tfjs';
import * as tt from '../../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pool = (x: tf.Tensor) => tt.avgPool2d(x, 3, {stride: 2, padding: 1, ceilMode: true});

it('tf.variableGrads and an optimizer step through avgPool2d, adaptiveAvgPool2d and mean', () => {
  const before = tf.memory().numTensors;
  const w = tf.tidy(() => tf.variable(tf.randomNormal([1, 2, 6, 6], 0, 1, 'float32', 7)));
  const target = tf.zeros([1, 2, 2, 2]);
  const loss = () => tt.mean(tf.square(tf.sub(tt.adaptiveAvgPool2d(pool(w), 2), target))) as tf.Scalar;
  const {value, grads} = tf.variableGrads(loss);
  expect(grads[w.name].shape).toEqual([1, 2, 6, 6]);
  const optimizer = tf.train.sgd(10);
  const initial = value.dataSync()[0];
  for (let i = 0; i < 5; i++) optimizer.minimize(loss);
  expect(tf.tidy(() => loss().dataSync()[0])).toBeLessThan(initial);
  tf.dispose([value, grads[w.name], target, w]);
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

it('tf.grads matches the gradient of each op taken alone', () => {
  const x = tf.randomNormal([2, 3, 5, 5], 0, 1, 'float32', 3);
  const y = tf.randomNormal([2, 3, 5, 5], 0, 1, 'float32', 5);
  const [a, b] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.add(tf.sum(pool(p)), tf.sum(tt.mean(q, [2, 3]))))([x, y]);
  expect(Array.from(a.dataSync())).toEqual(
    Array.from(
      tf
        .grad((p: tf.Tensor) => tf.sum(pool(p)))(x)
        .dataSync(),
    ),
  );
  expect(Array.from(b.dataSync())).toEqual(new Array(y.size).fill(Math.fround(1 / 25)));
});

it('double backward: the gradient of the backward with respect to dy is the forward pool', () => {
  const x = tf.randomNormal([1, 1, 5, 5], 0, 1, 'float32', 1);
  const dy = tf.randomNormal([1, 1, 3, 3], 0, 1, 'float32', 2);
  const u = tf.randomNormal([1, 1, 5, 5], 0, 1, 'float32', 4);
  const backward = (d: tf.Tensor) => tf.grad((p: tf.Tensor) => pool(p))(x, d);
  const ddy = tf.grad((d: tf.Tensor) => tf.sum(tf.mul(backward(d), u)))(dy);
  expect(Array.from(ddy.dataSync())).toEqual(Array.from(pool(u).dataSync()));
});
