/**
 * Browser side of webgl_large.test.ts: inputs whose last axis is longer than WEBGL_MAX_TEXTURE_SIZE (and window
 * tables longer than it too), run on webgl and compared, in the same page, with the cpu backend. Also covers what
 * the fixtures cannot reach: a packed input texture, and reductions that need several passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import * as tt from '../../src/index';
import {TOLERANCES} from '../support/tolerances';

export interface LargeArgs {
  webglVersion: 1 | 2;
}

export interface LargeResult {
  /** why webgl could not start; the other fields are then absent */
  unavailable?: string;
  maxTextureSize?: number;
  /** per case: its name and every way webgl differs from cpu (empty: agrees) */
  cases?: Array<{name: string; failures: string[]; webglMs: number}>;
}

export interface LargeCase {
  name: string;
  shape: number[];
  dtype?: 'float32' | 'int32';
  /** runs the op through a packed webgl op first, so the kernel receives a packed texture */
  packed?: boolean;
  op: (x: tf.Tensor) => tf.Tensor;
  /** int32 inputs have no gradient */
  grad?: boolean;
}

const CASES: LargeCase[] = [
  {
    name: 'avgPool1d k5 s3 p2 ceil, no pad count',
    shape: [1, 2, 70000],
    op: x => tt.avgPool1d(x, 5, {stride: 3, padding: 2, ceilMode: true, countIncludePad: false}),
  },
  {
    name: 'avgPool2d [1,2,1,70000] k(1,4) s1 divisor_override -3',
    shape: [1, 2, 1, 70000],
    op: x => tt.avgPool2d(x, [1, 4], {stride: 1, divisorOverride: -3}),
  },
  {
    name: 'avgPool1d int32 k3 s2',
    shape: [2, 1, 70000],
    dtype: 'int32',
    grad: false,
    op: x => tt.avgPool1d(x, 3, {stride: 2}),
  },
  {name: 'avgPool1d on a packed input', shape: [1, 2, 70000], packed: true, op: x => tt.avgPool1d(x, 3)},
  {name: 'adaptiveAvgPool1d 70000 -> 7 (windows of 10000)', shape: [1, 2, 70000], op: x => tt.adaptiveAvgPool1d(x, 7)},
  {
    name: 'adaptiveAvgPool1d 70000 -> 9999 (table longer than a texture row)',
    shape: [1, 2, 70000],
    op: x => tt.adaptiveAvgPool1d(x, 9999),
  },
  {
    name: 'avgPool2d [1,1,3,20000] k(2,3) s(1,2)',
    shape: [1, 1, 3, 20000],
    op: x => tt.avgPool2d(x, [2, 3], {stride: [1, 2]}),
  },
  // Images taller than the texture size: tfjs squarifies the texture, so image rows wrap across texture rows (the
  // one-pass average pool reads by texture coordinates with one carry per window row: avg_pool.ts)
  {
    name: 'avgPool2d k3 s2 p1 ceil on a squarified texture',
    shape: [2, 3, 3000, 11],
    op: x => tt.avgPool2d(x, 3, {stride: 2, padding: 1, ceilMode: true}),
  },
  // stride 1: dy is as large as x, so the gradient's reads of dy by texture coordinates wrap too (avg_pool_grad.ts)
  {
    name: 'avgPool2d k3 s1 p1 on a squarified texture',
    shape: [2, 3, 3000, 11],
    op: x => tt.avgPool2d(x, 3, {stride: 1, padding: 1}),
  },
  {
    name: 'avgPool2d int32 k2 on a squarified texture',
    shape: [2, 3, 3000, 11],
    dtype: 'int32',
    grad: false,
    op: x => tt.avgPool2d(x, 2),
  },
  {
    name: 'avgPool3d k3 s2 p1 on a squarified texture',
    shape: [1, 2, 80, 120, 13],
    op: x => tt.avgPool3d(x, 3, {stride: 2, padding: 1}),
  },
  {name: 'mean over the last dim (several passes)', shape: [1, 2, 70000], op: x => tt.mean(x, -1)},
  {name: 'mean over everything', shape: [1, 2, 70000], op: x => tt.mean(x)},
  {
    name: 'mean over dims 0 and 2 (not adjacent), keepdim',
    shape: [3, 2, 70000],
    op: x => tt.mean(x, [0, 2], {keepdim: true}),
  },
  {name: 'mean over dim 0 (inner stride 140000)', shape: [3, 2, 70000], op: x => tt.mean(x, 0)},
  {name: 'mean of a packed input', shape: [1, 2, 70000], packed: true, op: x => tt.mean(x, -1)},
];

/** Deterministic values in [-2, 2) (integers for int32), so both backends see the same input. */
export function values(n: number, dtype: 'float32' | 'int32'): Float32Array | Int32Array {
  const out = dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 2 ** 32;
    out[i] = dtype === 'int32' ? Math.floor(u * 2001) - 1000 : u * 4 - 2;
  }
  return out;
}

interface Computed {
  out: {shape: number[]; dtype: string; values: ArrayLike<number>};
  grad?: ArrayLike<number>;
}

export async function compute(c: LargeCase): Promise<Computed> {
  const dtype = c.dtype ?? 'float32';
  const data = values(
    c.shape.reduce((a, b) => a * b, 1),
    dtype,
  );
  const raw = tf.tensor(data, c.shape, dtype);
  // A binary op's output on webgl is a packed texture (WEBGL_PACK_BINARY_OPERATIONS); on cpu it changes nothing.
  const x = c.packed ? tf.tidy(() => tf.mul(raw, tf.scalar(1, dtype))) : raw;
  if (c.packed && tf.getBackend() === 'webgl') {
    const texData = (tf.backend() as unknown as {texData: {get(id: object): {isPacked: boolean}}}).texData;
    if (!texData.get(x.dataId).isPacked) throw new Error(`${c.name}: the input was expected to be packed`);
  }
  const y = c.op(x);
  const result: Computed = {out: {shape: y.shape, dtype: y.dtype, values: await y.data()}};
  if (c.grad !== false) {
    const dy = tf.tensor(values(y.size, 'float32'), y.shape);
    const dx = tf.grad((a: tf.Tensor) => c.op(a))(x, dy);
    result.grad = await dx.data();
    tf.dispose([dy, dx]);
  }
  tf.dispose([raw, x, y]);
  return result;
}

export function compare(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  exact: boolean,
  backend = 'webgl',
): string[] {
  const {rtol, atol} = TOLERANCES[backend].pool;
  if (actual.length !== expected.length) return [`${what}: ${actual.length} values, expected ${expected.length}`];
  let bad = 0;
  let first = '';
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = exact ? a === e : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok && bad++ === 0) first = `at ${i}: ${backend} ${a}, cpu ${e}`;
  }
  return bad ? [`${what}: ${bad} of ${expected.length} values differ; first ${first}`] : [];
}

async function runLarge({webglVersion}: LargeArgs): Promise<LargeResult> {
  try {
    tf.env().set('WEBGL_VERSION', webglVersion);
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend('webgl')) || tf.getBackend() !== 'webgl') {
      return {unavailable: `tf.setBackend('webgl') failed (backend is ${tf.getBackend()})`};
    }
    if (tf.env().getNumber('WEBGL_VERSION') !== webglVersion) {
      return {unavailable: `asked for WebGL ${webglVersion}, got ${tf.env().getNumber('WEBGL_VERSION')}`};
    }
  } catch (e) {
    return {unavailable: String(e)};
  }
  const maxTextureSize = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  const cases: LargeResult['cases'] = [];
  for (const c of CASES) {
    await tf.setBackend('webgl');
    const before = tf.memory().numTensors;
    // Intermediates a kernel makes on the backend (tables, unpacked copies, partial sums) are not tensors.
    const dataIdsBefore = tf.engine().backend.numDataIds();
    const t0 = performance.now();
    const gl = await compute(c);
    const webglMs = performance.now() - t0;
    const failures: string[] = [];
    if (tf.memory().numTensors !== before) failures.push(`webgl leaked ${tf.memory().numTensors - before} tensor(s)`);
    const leakedData = tf.engine().backend.numDataIds() - dataIdsBefore;
    if (leakedData !== 0) failures.push(`webgl kept ${leakedData} backend data id(s)`);
    await tf.setBackend('cpu');
    const cpu = await compute(c);
    if (JSON.stringify(gl.out.shape) !== JSON.stringify(cpu.out.shape) || gl.out.dtype !== cpu.out.dtype) {
      failures.push(`output: webgl ${gl.out.dtype}[${gl.out.shape}], cpu ${cpu.out.dtype}[${cpu.out.shape}]`);
    } else {
      failures.push(...compare('output', gl.out.values, cpu.out.values, c.dtype === 'int32'));
    }
    if (cpu.grad !== undefined) failures.push(...compare('gradient', gl.grad ?? [], cpu.grad, false));
    cases.push({name: c.name, failures, webglMs: Math.round(webglMs)});
  }
  return {maxTextureSize, cases};
}

Object.assign(window, {runLarge});
