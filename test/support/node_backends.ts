/**
 * The backends the Node suites run on, and how each is started (whether it can start at all is decided before the
 * suites are declared: test/support/availability.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

const LOADERS: Record<string, () => Promise<void>> = {
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
  },
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
  },
  tensorflow: async () => {
    // An optional peer dependency, never installed by npm itself: scripts/tfjs-node/install.sh installs it offline.
    const name = '@tensorflow/tfjs-node';
    await import(name);
  },
};

/** Loads and selects `backend`; returns null on success, or why it could not start. */
export async function startBackend(backend: string): Promise<string | null> {
  try {
    await LOADERS[backend]();
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
