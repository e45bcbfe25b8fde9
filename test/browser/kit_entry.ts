/**
 * Browser side of the Chromium kit suite (kit.test.ts): the porting kit's PyTorch fixture cases (test/nn/kit_cases.ts)
 * on webgl and webgpu. Bundled by harness.ts. The union package registers tfjs's own gradients (Conv2D, MatMul…).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {KitCaseResult, runKitCase} from '../nn/kit_cases';

/** Starts `backend` in this page; returns null, or why it could not start. */
async function startKitBackend(backend: 'webgl' | 'webgpu'): Promise<string | null> {
  try {
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true); // SwiftShader is a software renderer
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return tf.getBackend() === backend ? null : `backend is ${tf.getBackend()}`;
  } catch (e) {
    return String(e);
  }
}

async function runKitCases({backend, cases}: {backend: string; cases: any[]}): Promise<KitCaseResult[]> {
  const out: KitCaseResult[] = [];
  for (const c of cases) {
    try {
      out.push(await runKitCase(c, backend, true));
    } catch (e) {
      out.push({failures: [`threw: ${e}`], repr: '', stateDictKeys: [], leaked: 0});
    }
  }
  return out;
}

Object.assign(window, {startKitBackend, runKitCases});
