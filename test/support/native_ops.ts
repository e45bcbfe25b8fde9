/**
 * The native TensorFlow ops a tfjs-node call runs, for tests that check which path a tensorflow kernel took (a
 * native pool where it applies; no Transpose on a channels-last call). Only for the tensorflow backend.
 */
import * as tf from '@tensorflow/tfjs-core';

interface Binding {
  executeOp(name: string, ...rest: unknown[]): unknown;
}

/**
 * Runs f, returning its result and the names of the native ops it ran. The binding's own properties are read-only and
 * non-configurable, so the backend gets a stand-in for the call: the binding's members bound to it, executeOp logged.
 */
export function withNativeOps<T>(f: () => T): [T, string[]] {
  const backend = tf.backend() as unknown as {binding: Binding};
  const original = backend.binding;
  const seen: string[] = [];
  const standIn: Record<string, unknown> = {};
  for (let o: object | null = original; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key in standIn || key === 'constructor') continue;
      const value = (original as unknown as Record<string, unknown>)[key];
      standIn[key] = typeof value === 'function' ? value.bind(original) : value;
    }
  }
  standIn.executeOp = (name: string, ...rest: unknown[]) => {
    seen.push(name);
    return original.executeOp(name, ...rest);
  };
  backend.binding = standIn as unknown as Binding;
  try {
    return [f(), seen];
  } finally {
    backend.binding = original;
  }
}
