/**
 * Runs one PyTorch fixture case through the public API on the current backend and lists every way it differs
 * from PyTorch: output shape, dtype and values, input gradient, error type and text, and tensors leaked by the
 * op, its gradient or its error. Environment-agnostic: jest in Node and the Chromium page both call it.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type * as ttc from '../../src/index';
import {DecodedTensor, FixtureCase, decodeTensor} from './fixture_types';
import {decodeJs, decodeOptions} from './js_values';
import {OpKind, TOLERANCES, Tolerance} from './tolerances';

type TF = typeof tfc;
type TT = typeof ttc;

/** Adaptive pools whose every output size is 1 run as `mean` in PyTorch (docs/SEMANTICS.md §5), with its numerics. */
export function caseKind(c: FixtureCase): OpKind {
  if (c.op === 'mean') return 'mean';
  if (c.op.startsWith('lpPool')) return 'lp';
  const nd = Number(c.op.slice(-2, -1));
  // a channels-last case stores its output [..., *spatial, C] (test/fixtures/channels_last.py)
  const channelsLast = /^N[DHW]+C$/.test(String((c.options as {dataFormat?: unknown} | undefined)?.dataFormat));
  const spatial = (shape: number[]) => (channelsLast ? shape.slice(-nd - 1, -1) : shape.slice(-nd));
  return c.op.startsWith('adaptiveAvg') && c.output !== undefined && spatial(c.output.shape).every(s => s === 1)
    ? 'mean'
    : 'pool';
}

/** JSON has no Infinity: lp pools' infinite norm types are written "inf" / "-inf". */
function fixtureArg(v: unknown): unknown {
  return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}

/**
 * Calls the case's op: the input, the aux tensor if any (max_unpool's indices), the positional arguments (at least
 * one place, so that the options object stays third for ops whose argument is optional), then the options.
 */
function callOpRaw(tt: TT, c: FixtureCase, x: tfc.Tensor, aux: tfc.Tensor | null): tfc.Tensor | tfc.Tensor[] {
  const fn = (tt as unknown as Record<string, (...a: unknown[]) => tfc.Tensor | tfc.Tensor[]>)[c.op];
  if (typeof fn !== 'function') throw new Error(`fixture names an unknown op ${c.op}`);
  // Values JSON cannot hold (NaN, undefined, holes, integers beyond 2^53) are tagged in the fixture (js_values.ts);
  // max-family fixtures write ±inf norms as 'inf' / '-inf'.
  const positional = c.args.map(v => fixtureArg(decodeJs(v)));
  const args =
    c.options === undefined
      ? positional
      : [...(positional.length ? positional : [undefined]), decodeOptions(c.options)];
  return aux === null ? fn(x, ...args) : fn(x, aux, ...args);
}

/** The op's values (a returnIndices call returns [values, indices]; the gradient is taken of the values). */
function callOp(tt: TT, c: FixtureCase, x: tfc.Tensor, aux: tfc.Tensor | null): tfc.Tensor {
  const out = callOpRaw(tt, c, x, aux);
  if (!Array.isArray(out)) return out;
  out[1].dispose();
  return out[0];
}

function toTensor(tf: TF, t: DecodedTensor): tfc.Tensor {
  return tf.tensor(t.values, t.shape, t.dtype);
}

export async function runCase(tf: TF, tt: TT, backend: string, c: FixtureCase): Promise<string[]> {
  const failures: string[] = [];
  const input = decodeTensor(c.input);
  const tol = scaleTolerance(TOLERANCES[backend][caseKind(c)], input);
  const x = toTensor(tf, input);
  const aux = c.aux ? toTensor(tf, decodeTensor(c.aux)) : null;
  const upstream = c.grad ? toTensor(tf, decodeTensor(c.grad.upstream)) : null;
  const before = tf.memory().numTensors;
  try {
    let out: tfc.Tensor | null = null;
    let indices: tfc.Tensor | null = null;
    try {
      const result = callOpRaw(tt, c, x, aux);
      [out, indices] = Array.isArray(result) ? [result[0], result[1]] : [result, null];
    } catch (e) {
      if (!c.error) {
        failures.push(`threw ${(e as Error).name}: ${(e as Error).message}`);
      } else {
        checkError(e as Error, c.error, failures);
      }
    }
    if (out !== null) {
      if (c.error) failures.push(`expected ${c.error.type}: ${c.error.message}, got a result`);
      if (c.output) await checkTensor('output', out, decodeTensor(c.output), tol, failures);
      out.dispose();
    }
    if (c.indices && indices === null && out !== null) failures.push('expected [values, indices], got one tensor');
    if (indices !== null) {
      if (!c.indices) failures.push('expected one tensor, got [values, indices]');
      else await checkTensor('indices', indices, decodeTensor(c.indices), {rtol: 0, atol: 0}, failures);
      indices.dispose();
    }
    checkLeak('op', tf, before, failures);
    if (c.grad && upstream !== null && failures.length === 0) {
      const dx = tf.grad((a: tfc.Tensor) => callOp(tt, c, a, aux))(x, upstream);
      await checkTensor('gradient', dx, decodeTensor(c.grad.input), tol, failures);
      dx.dispose();
      checkLeak('gradient', tf, before, failures);
    }
  } finally {
    x.dispose();
    aux?.dispose();
    upstream?.dispose();
  }
  return failures;
}

function checkError(e: Error, expected: {type: string; message: string}, failures: string[]): void {
  if (!e.message.includes(expected.message)) {
    failures.push(`error text: expected ${JSON.stringify(expected.message)}, got ${JSON.stringify(e.message)}`);
  }
  if (e.name !== expected.type) failures.push(`error type: expected ${expected.type}, got ${e.name}`);
}

function checkLeak(stage: string, tf: TF, before: number, failures: string[]): void {
  const now = tf.memory().numTensors;
  if (now !== before) failures.push(`${stage} leaked ${now - before} tensor(s)`);
}

async function checkTensor(
  what: string,
  actual: tfc.Tensor,
  expected: DecodedTensor,
  tol: Tolerance,
  failures: string[],
): Promise<void> {
  if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) {
    failures.push(`${what} shape: expected [${expected.shape}], got [${actual.shape}]`);
    return;
  }
  if (actual.dtype !== expected.dtype) failures.push(`${what} dtype: expected ${expected.dtype}, got ${actual.dtype}`);
  const values = await actual.data();
  let bad = 0;
  let first = '';
  for (let i = 0; i < expected.values.length; i++) {
    if (!close(values[i] as number, expected.values[i], tol)) {
      if (bad++ === 0) first = `at ${i}: expected ${expected.values[i]}, got ${values[i]}`;
    }
  }
  if (bad > 0) {
    failures.push(
      `${what}: ${bad} of ${expected.values.length} values differ (rtol ${tol.rtol}, atol ${tol.atol}); ` +
        `first ${first}`,
    );
  }
}

/** Resolves a `scaled` tolerance against the input's largest finite magnitude. */
function scaleTolerance(tol: Tolerance, input: DecodedTensor): Tolerance {
  if (!tol.scaled) return tol;
  let scale = 0;
  for (const v of input.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  return {rtol: tol.rtol, atol: tol.atol * Math.max(scale, 1)};
}

export function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (tol.rtol === 0 && tol.atol === 0) return Object.is(a, e);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}
