/**
 * Browser side of gpu_consumers.test.ts: every output this package's kernels leave on the GPU (avg pool float and
 * int32, max pool values and indices, values-only max pool, adaptive max, unpool, the plane gather, the pools'
 * gradients), read by a tfjs op queued right after it (tf.add, tf.transpose) before anything is read back, against
 * the same output's `.data()`. Then the channels-last ops, whose fallback transposes int32 tensors around the
 * channels-first kernels, against the channels-first result rearranged here.
 *
 * Why queued before any read: on webgpu a dispatch whose pipeline is invalid (tfjs-backend-webgpu's Transpose on an
 * int32 tensor, tensorflow/tfjs#8638) drops the whole command buffer, so a kernel's output and every tfjs program
 * reading it silently keep stale buffer contents; a read in between would submit the kernel on its own and hide it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import {TorchGatherPlanes} from '../../src/kernel_names';

export interface TargetArgs {
  backend: 'webgl' | 'webgpu';
}

async function startTarget({backend}: TargetArgs): Promise<string | null> {
  try {
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return tf.getBackend() === backend ? null : `backend is ${tf.getBackend()}`;
  } catch (e) {
    return String(e);
  }
}

/** Values below 2^24 in magnitude: exact through every backend's int32 storage and tfjs's float arithmetic. */
function input(shape: number[], dtype: 'float32' | 'int32', seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({length: n}, (_, i) => ((i * 37 + seed * 11) % 29) - 14);
  return tf.tensor(dtype === 'float32' ? v.map(x => x / 4) : v, shape, dtype);
}

/** Row-major transpose of flat `values` of `shape` by `perm`, in plain JS. */
function transposeRef(values: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outShape = perm.map(p => shape[p]);
  const out: number[] = [];
  const walk = (axis: number, from: number) => {
    if (axis === outShape.length) {
      out.push(values[from]);
      return;
    }
    for (let k = 0; k < outShape[axis]; k++) walk(axis + 1, from + k * strides[perm[axis]]);
  };
  walk(0, 0);
  return out;
}

/** The outputs of this package's kernels, made on the current backend and left unread. */
function kernelOutputs(): Array<[string, tf.Tensor]> {
  const xf = input([2, 3, 6, 5], 'float32', 1);
  const xi = input([2, 3, 6, 5], 'int32', 2);
  const [mv, mi] = tt.maxPool2d(xf, 2, {padding: 1, returnIndices: true}) as tf.Tensor[];
  const [iv, ii] = tt.maxPool2d(xi, [2, 5], {returnIndices: true}) as tf.Tensor[];
  const [av, ai] = tt.adaptiveMaxPool2d(xf, [4, 3], {returnIndices: true}) as tf.Tensor[];
  const upstream = input(mv.shape, 'float32', 3);
  return [
    ['avg float32', tt.avgPool2d(xf, 3, {stride: 2, padding: 1})],
    ['avg int32', tt.avgPool2d(xi, 2)],
    ['max values', mv],
    ['max indices', mi],
    ['max int32 values', iv],
    ['max int32 indices', ii],
    ['max values only', tt.maxPool2d(xf, 3, {stride: 1}) as tf.Tensor],
    ['adaptive max values', av],
    ['adaptive max indices', ai],
    ['unpool', tt.maxUnpool2d(mv, mi, 2, {padding: 1, outputSize: [6, 5]})],
    ['gather int32', tf.engine().runKernel(TorchGatherPlanes, {x: xi, indices: ii}, {rank: 2}) as tf.Tensor],
    ['avg gradient', tf.grad(x => tt.avgPool2d(x, 2, {countIncludePad: false, padding: 1}))(xf)],
    ['max gradient', tf.grad(x => tt.maxPool2d(x, 2, {padding: 1}) as tf.Tensor)(xf, upstream)],
  ];
}

/** Failures of tfjs ops reading each kernel output (queued before any read) against its `.data()`. */
async function runConsumers({backend}: TargetArgs): Promise<string[]> {
  const failures: string[] = [];
  const made = kernelOutputs();
  // tfjs's webgpu Transpose cannot take int32 (see the header): that is tfjs's, not what this test checks.
  const transposable = (t: tf.Tensor) => t.dtype === 'float32' || backend !== 'webgpu';
  const read = made.map(([name, t]) => {
    const perm = t.shape.map((_, i) => t.rank - 1 - i);
    return {
      name,
      t,
      perm,
      added: tf.add(t, tf.scalar(0, t.dtype)),
      transposed: transposable(t) ? tf.transpose(t, perm) : null,
    };
  });
  for (const {name, t, perm, added, transposed} of read) {
    const want = Array.from(await t.data());
    const sum = Array.from(await added.data());
    if (JSON.stringify(sum) !== JSON.stringify(want)) {
      failures.push(`${name}: tf.add(t, 0) gives ${sum.slice(0, 6)}…, .data() ${want.slice(0, 6)}…`);
    }
    if (transposed !== null) {
      const got = Array.from(await transposed.data());
      const ref = transposeRef(want, t.shape, perm);
      if (JSON.stringify(got) !== JSON.stringify(ref)) {
        failures.push(`${name}: tf.transpose gives ${got.slice(0, 6)}…, .data() transposed ${ref.slice(0, 6)}…`);
      }
    }
  }
  tf.dispose(read.flatMap(r => [r.t, r.added, ...(r.transposed ? [r.transposed] : [])]));
  return failures;
}

/** Channels-last ops (int32 inputs, outputs and indices) against the channels-first ones rearranged here. */
async function runChannelsLast(): Promise<string[]> {
  const failures: string[] = [];
  const toLast = [0, 2, 3, 1];
  // rearranged in JS, so that no tfjs transpose (tfjs#8638 on webgpu int32) takes part in making the inputs
  const lastOf = (t: tf.Tensor) =>
    tf.tensor(
      transposeRef(t.dataSync(), t.shape, toLast),
      toLast.map(p => t.shape[p]),
      t.dtype,
    );
  const cases: Array<[string, tf.Tensor, (x: tf.Tensor, dataFormat: 'NCHW' | 'NHWC') => tf.Tensor[]]> = [
    ['avg int32', input([2, 3, 6, 5], 'int32', 4), (x, f) => [tt.avgPool2d(x, 2, {dataFormat: f})]],
    [
      'max int32 with indices',
      input([2, 3, 6, 5], 'int32', 5),
      (x, f) => tt.maxPool2d(x, 2, {padding: 1, returnIndices: true, dataFormat: f}) as tf.Tensor[],
    ],
    [
      'max float32 with indices',
      input([2, 3, 6, 5], 'float32', 6),
      (x, f) => tt.maxPool2d(x, [3, 2], {ceilMode: true, returnIndices: true, dataFormat: f}) as tf.Tensor[],
    ],
    [
      'adaptive max with indices',
      input([2, 3, 6, 5], 'float32', 7),
      (x, f) => tt.adaptiveMaxPool2d(x, [4, 4], {returnIndices: true, dataFormat: f}) as tf.Tensor[],
    ],
    [
      'unpool (int32 indices in)',
      input([2, 3, 6, 4], 'float32', 8),
      (x, f) => {
        const [v, i] = tt.maxPool2d(x, 2, {returnIndices: true, dataFormat: f}) as tf.Tensor[];
        return [tt.maxUnpool2d(v, i, 2, {dataFormat: f})];
      },
    ],
  ];
  for (const [name, x, op] of cases) {
    const xLast = lastOf(x);
    try {
      const first = tf.tidy(() => op(x, 'NCHW'));
      const last = tf.tidy(() => op(xLast, 'NHWC'));
      for (let k = 0; k < first.length; k++) {
        const want = transposeRef(await first[k].data(), first[k].shape, toLast);
        const got = Array.from(await last[k].data());
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          failures.push(`${name} output ${k}: NHWC gives ${got.slice(0, 6)}…, NCHW transposed ${want.slice(0, 6)}…`);
        }
      }
      tf.dispose([...first, ...last]);
    } catch (e) {
      // stale indices make a later unpool throw: a failure of this case, not of the page
      failures.push(`${name} threw: ${(e as Error).message}`);
    } finally {
      tf.dispose([x, xLast]);
    }
  }
  return failures;
}

Object.assign(window, {startTarget, runConsumers, runChannelsLast});
