/**
 * Runs one `Call` (arg_space.ts) through the public API and checks the property every call must have: it returns a
 * tensor, or throws a TorchError whose name is a PyTorch exception class, and it leaks no tensor either way.
 * Environment-agnostic (Node jest and the Chromium page call it with their tf and tt).
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type * as ttc from '../../src/index';
import {Call, auxValues, inputValues} from './arg_space';
import {TORCH_ERROR_NAMES} from './op_table';

type TF = typeof tfc;
type TT = typeof ttc;

export interface TensorData {
  shape: number[];
  dtype: string;
  values: number[];
}

export interface CallOutcome {
  /** property violations (wrong error type, leaks); empty when the call behaved */
  failures: string[];
  /** the result's shape, dtype and values when the call returned (with returnIndices: the values) */
  result?: TensorData;
  /** the indices of a call that returned [values, indices] */
  indices?: TensorData;
  /** the thrown error's class and text */
  error?: {name: string; message: string};
  /** the input as the op saw it (values as numbers), for the reference */
  input: TensorData;
  /** the second tensor input (max_unpool's indices), for the reference */
  aux?: TensorData;
}

/** Nested arrays of `values` in `shape` (a TensorLike), as a user would pass them. */
function nest(values: number[], shape: number[]): unknown {
  if (shape.length === 0) return values[0];
  const step = values.length / shape[0];
  return Array.from({length: shape[0]}, (_, i) => nest(values.slice(i * step, (i + 1) * step), shape.slice(1)));
}

/** The op's input as the call describes it, and what remains to dispose after the call. */
function makeInput(tf: TF, call: Call): {input: unknown; owned: tfc.Tensor[]; seen: CallOutcome['input']} {
  const {shape, dtype, form} = call.input;
  // What a float32 tensor holds (3e38 is stored as the nearest float32).
  const values = inputValues(call.input).map(v => (dtype === 'float32' ? Math.fround(v) : v));
  if (form === 'null' || form === 'undefined') {
    return {input: form === 'null' ? null : undefined, owned: [], seen: {shape, dtype, values}};
  }
  if (form === 'array' && !shape.includes(0) && (dtype === 'float32' || dtype === 'int32')) {
    // tf.tensor infers float32 from a nested array of numbers (int32 values past 2^24 round).
    return {input: nest(values, shape), owned: [], seen: {shape, dtype: 'float32', values: values.map(Math.fround)}};
  }
  let t: tfc.Tensor;
  if (dtype === 'complex64') {
    t = tf.tidy(() =>
      tf.complex(
        tf.tensor(values, shape),
        tf.tensor(
          values.map(v => -v),
          shape,
        ),
      ),
    );
  } else if (dtype === 'string') {
    t = tf.tensor(values.map(String), shape, 'string');
  } else {
    t = tf.tensor(values, shape, dtype);
  }
  if (form === 'variable') {
    const v = tf.variable(t);
    t.dispose();
    return {input: v, owned: [v], seen: {shape, dtype, values}};
  }
  if (form === 'disposed') {
    t.dispose();
    return {input: t, owned: [], seen: {shape, dtype, values}};
  }
  return {input: t, owned: [t], seen: {shape, dtype, values}};
}

async function read(t: tfc.Tensor): Promise<TensorData> {
  return {shape: t.shape, dtype: t.dtype, values: Array.from((await t.data()) as ArrayLike<number>)};
}

export async function runCall(tf: TF, tt: TT, call: Call): Promise<CallOutcome> {
  const {input, owned, seen} = makeInput(tf, call);
  const out: CallOutcome = {failures: [], input: seen};
  const fn = (tt as unknown as Record<string, (...a: unknown[]) => tfc.Tensor | tfc.Tensor[]>)[call.op];
  let args = 'options' in call ? [...(call.args.length ? call.args : [undefined]), call.options] : call.args;
  if (call.aux !== undefined) {
    const values = auxValues(call);
    const aux = tf.tensor(values, call.aux.shape, call.aux.dtype);
    owned.push(aux);
    out.aux = {shape: call.aux.shape, dtype: call.aux.dtype, values};
    args = [aux, ...args];
  }
  const before = tf.memory().numTensors;
  try {
    let y: tfc.Tensor | null = null;
    let indices: tfc.Tensor | null = null;
    try {
      const r = fn(input, ...args);
      if (Array.isArray(r)) {
        [y, indices] = r;
        if (r.length !== 2) out.failures.push(`returned ${r.length} tensors`);
      } else {
        y = r;
      }
    } catch (e) {
      const err = e as Error;
      out.error = {name: err?.name, message: err?.message};
      if (!(e instanceof tt.TorchError)) out.failures.push(`threw a non-TorchError ${err?.name}: ${err?.message}`);
      if (!TORCH_ERROR_NAMES.includes(err?.name)) out.failures.push(`error name ${err?.name} is no PyTorch class`);
    }
    if (y !== null) {
      out.result = await read(y);
      y.dispose();
    }
    if (indices !== null) {
      out.indices = await read(indices);
      indices.dispose();
    }
    const now = tf.memory().numTensors;
    if (now !== before) out.failures.push(`leaked ${now - before} tensor(s)`);
  } finally {
    tf.dispose(owned);
  }
  return out;
}
