/**
 * Page side of test/browser/probe.ts: whether each browser target can start here, asked of the browser's own APIs
 * (a WebGL2 context, a WebGL1 context, a WebGPU adapter), without loading tfjs. Resolves to a reason per target
 * (null: it can start).
 */
export type ProbeTarget = 'webgl2' | 'webgl1' | 'webgpu';
/** A reason per target, and `browser`: why chromium itself cannot start (null: it started). */
export type ProbeResult = Record<ProbeTarget | 'browser', string | null>;

async function probeTargets(): Promise<ProbeResult> {
  const context = (kind: 'webgl2' | 'webgl') => {
    try {
      return document.createElement('canvas').getContext(kind) !== null ? null : `no ${kind} context`;
    } catch (e) {
      return `${kind} context: ${(e as Error).message}`;
    }
  };
  let webgpu: string | null = null;
  const gpu = (navigator as unknown as {gpu?: {requestAdapter(): Promise<unknown>}}).gpu;
  if (gpu === undefined) {
    webgpu = 'navigator.gpu is undefined';
  } else {
    try {
      if ((await gpu.requestAdapter()) === null) webgpu = 'navigator.gpu.requestAdapter() gave no adapter';
    } catch (e) {
      webgpu = `requestAdapter: ${(e as Error).message}`;
    }
  }
  return {browser: null, webgl2: context('webgl2'), webgl1: context('webgl'), webgpu};
}

Object.assign(window, {probeTargets});
