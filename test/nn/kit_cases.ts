/**
 * The kit's fixture cases run without jest or Node: build a module from its PyTorch spec, load PyTorch's
 * state_dict, run forward (and gradients), compare with PyTorch within the kit's bound, and count leaked tensors.
 * Shared by the Node suites (kit_parity.ts) and the Chromium ones (test/browser/kit_entry.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import {nn} from '../../src';
import {KIT_ERROR_FACTOR} from '../support/tolerances';

export interface KitTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Array<number | string>;
}

const num = (v: number | string) =>
  typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;

export function kitTensor(t: KitTensor): tf.Tensor {
  return tf.tensor(t.data.map(num), t.shape, t.dtype);
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Classes whose PyTorch keywords are this package's options object (the last argument). */
const OPTION_CLASSES = new Set([
  'Conv1d',
  'Conv2d',
  'Conv3d',
  'ConvTranspose2d',
  'Linear',
  'BatchNorm1d',
  'BatchNorm2d',
  'BatchNorm3d',
  'LayerNorm',
  'GroupNorm',
  'GELU',
  'MaxPool2d',
  'AvgPool2d',
]);

/** `nn.<cls>(*args, **kwargs)` as this package spells it. */
export function build(cls: string, args: unknown[], kwargs: Record<string, unknown>): nn.Module {
  const C = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[cls];
  if (Object.keys(kwargs).length === 0) return new C(...args);
  if (!OPTION_CLASSES.has(cls)) throw new Error(`fixture passes keywords to ${cls}, whose JS form is positional`);
  return new C(...args, Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [camel(k), v])));
}

export function stateDictOf(sd: Record<string, KitTensor>): Map<string, tf.Tensor> {
  return new Map(Object.entries(sd).map(([k, t]) => [k, kitTensor(t)]));
}

/** Returns a failure text, or null when |actual − expected| is within the kit's bound. */
export async function within(
  what: string,
  actual: tf.Tensor,
  expected: KitTensor,
  err32: number,
  backend: string,
): Promise<string | null> {
  if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) {
    return `${what}: shape [${actual.shape}] vs PyTorch's [${expected.shape}]`;
  }
  const a = await actual.data();
  const e = expected.data.map(num);
  let worst = 0;
  let scale = 0;
  e.forEach((v, i) => {
    scale = Math.max(scale, Math.abs(v));
    worst = Math.max(worst, Math.abs(a[i] - v));
  });
  const bound = KIT_ERROR_FACTOR[backend] * (err32 + 2 ** -23 * scale);
  return worst <= bound ? null : `${what}: max |ours − PyTorch| = ${worst} > ${bound} (err32 ${err32})`;
}

/** What a case run reports: `failures` (empty when every tensor is within the bound), and bookkeeping. */
export interface KitCaseResult {
  failures: string[];
  repr: string;
  stateDictKeys: string[];
  leaked: number;
}

/**
 * Builds a fixture module, loads PyTorch's state_dict and runs the case: the output and state_dict after the
 * forward, and with `gradients` also the input and parameter gradients (one forward through tf.variableGrads).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runKitCase(c: any, backend: string, gradients: boolean): Promise<KitCaseResult> {
  // counted before the module exists: what it derives and keeps (a Conv's cached filters) must go with dispose()
  const before = tf.memory().numTensors;
  const m = build(c.cls, c.args, c.kwargs);
  const sd = stateDictOf(c.state_dict);
  m.loadStateDict(sd);
  sd.forEach(t => t.dispose());
  m.train(c.train);
  const x = tf.tidy(() => tf.variable(kitTensor(c.input)));
  const gy = kitTensor(c.grad_output);
  let y: tf.Tensor | undefined;
  const forward = () => (m.forward as (t: tf.Tensor) => tf.Tensor)(x);
  let owned: tf.Tensor[] = [];
  const failures: string[] = [];
  const check = async (what: string, t: tf.Tensor | undefined, e: KitTensor, err: number) => {
    const f = t === undefined ? `${what}: no gradient` : await within(what, t, e, err, backend);
    if (f) failures.push(f);
  };
  try {
    if (gradients) {
      const {value, grads} = tf.variableGrads(() => {
        y = tf.keep(forward());
        return tf.sum(tf.mul(y, gy)) as tf.Scalar;
      }, [x, ...m.parameters()]);
      owned = [value, ...Object.values(grads)];
      await check('grad_input', grads[x.name], c.grad_input, c.err32.grad_input);
      const params = new Map(m.namedParameters());
      for (const [name, g] of Object.entries(c.grad_params)) {
        await check(`grad ${name}`, grads[params.get(name)!.name], g as KitTensor, c.err32[`grad.${name}`]);
      }
    } else {
      y = forward();
    }
    await check('output', y, c.output, c.err32.output);
    const after = m.stateDict();
    for (const [k, t] of Object.entries(c.state_dict_after)) {
      const kt = t as KitTensor;
      const mine = after.get(k);
      if (mine === undefined) {
        failures.push(`state_dict after: no ${k}`);
      } else if (kt.dtype === 'int32') {
        const values = Array.from(await mine.data());
        if (JSON.stringify(values) !== JSON.stringify(kt.data)) failures.push(`state_dict after: ${k} = ${values}`);
      } else {
        await check(`state_dict after: ${k}`, mine, kt, c.err32[`after.${k}`]);
      }
    }
    const result = {failures, repr: String(m), stateDictKeys: [...after.keys()], leaked: 0};
    [x, gy, ...(y ? [y] : []), ...owned].forEach(t => t.dispose());
    m.dispose();
    result.leaked = tf.memory().numTensors - before;
    return result;
  } finally {
    m.dispose();
  }
}
