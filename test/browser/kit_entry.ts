/**
 * Browser side of the Chromium kit suite (kit.test.ts): the porting kit's PyTorch fixture cases (test/nn/kit_cases.ts)
 * on webgl and webgpu. Bundled by harness.ts. The union package registers tfjs's own gradients (Conv2D, MatMul…).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {KitCaseResult, runKitCase} from '../nn/kit_cases';
import {startTarget} from './start_target';

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

Object.assign(window, {
  startKitBackend: (backend: 'webgl' | 'webgpu') => startTarget(tf, {backend}),
  runKitCases,
});
