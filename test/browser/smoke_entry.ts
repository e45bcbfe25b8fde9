/**
 * Browser entry for smoke.test.ts: checks that the WebGL and WebGPU backends of
 * TF.js start in the harness's headless chromium and compute something.
 * Bundled by harness.ts (esbuild, iife); exposes `window.smokeBackend`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

export interface SmokeArgs {
  backend: 'webgl' | 'webgpu';
  /** Force tf's WEBGL_VERSION (1 or 2) before the WebGL backend initialises. */
  webglVersion?: 1 | 2;
  /**
   * tf's SOFTWARE_WEBGL_ENABLED: when false, tfjs-backend-webgl creates its
   * context with failIfMajorPerformanceCaveat=true. Default true (SwiftShader).
   */
  softwareWebgl?: boolean;
}

export interface SmokeResult {
  ok: boolean;
  requested: string;
  backend: string;
  error?: string;
  /** avgPool(ones([1,4,4,1]), 2, 2, 'valid') read back: expect [1, 1, 1, 1]. */
  values?: number[];
  shape?: number[];
  msSetBackend?: number;
  msFirstResult?: number;
  userAgent: string;
  webgl?: {
    WEBGL_VERSION: number;
    contextIsWebGL2: boolean;
    WEBGL_MAX_TEXTURE_SIZE: number;
    WEBGL_RENDER_FLOAT32_CAPABLE: boolean;
    WEBGL_RENDER_FLOAT32_ENABLED: boolean;
    WEBGL_DOWNLOAD_FLOAT_ENABLED: boolean;
    WEBGL_FENCE_API_ENABLED: boolean;
    WEBGL_PACK: boolean;
    renderer: string | null;
    version: string | null;
    shadingLanguageVersion: string | null;
  };
  webgpu?: {
    adapterInfo: Record<string, string> | null;
    tfAdapterInfo: Record<string, unknown> | null;
    limits: Record<string, number> | null;
    features: string[];
  };
}

function now() {
  return performance.now();
}

function collectWebgl(): SmokeResult['webgl'] {
  const env = tf.env();
  // The WebGL backend keeps its context on backend.gpgpu.gl.
  const backend = tf.backend() as any;
  const gl: WebGLRenderingContext | WebGL2RenderingContext | undefined =
    backend && backend.gpgpu ? backend.gpgpu.gl : undefined;
  let renderer: string | null = null;
  let version: string | null = null;
  let slv: string | null = null;
  if (gl) {
    const dbg = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    version = String(gl.getParameter(gl.VERSION));
    slv = String(gl.getParameter(gl.SHADING_LANGUAGE_VERSION));
  }
  return {
    WEBGL_VERSION: env.getNumber('WEBGL_VERSION'),
    contextIsWebGL2: typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext,
    WEBGL_MAX_TEXTURE_SIZE: env.getNumber('WEBGL_MAX_TEXTURE_SIZE'),
    WEBGL_RENDER_FLOAT32_CAPABLE: env.getBool('WEBGL_RENDER_FLOAT32_CAPABLE'),
    WEBGL_RENDER_FLOAT32_ENABLED: env.getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    WEBGL_DOWNLOAD_FLOAT_ENABLED: env.getBool('WEBGL_DOWNLOAD_FLOAT_ENABLED'),
    WEBGL_FENCE_API_ENABLED: env.getBool('WEBGL_FENCE_API_ENABLED'),
    WEBGL_PACK: env.getBool('WEBGL_PACK'),
    renderer,
    version,
    shadingLanguageVersion: slv,
  };
}

async function collectWebgpu(): Promise<SmokeResult['webgpu']> {
  const backend = tf.backend() as any;
  let adapterInfo: Record<string, string> | null = null;
  const gpu = (navigator as any).gpu;
  if (gpu) {
    const adapter = await gpu.requestAdapter();
    if (adapter) {
      const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : null);
      if (info) {
        adapterInfo = {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          description: info.description,
        };
      }
    }
  }
  let limits: Record<string, number> | null = null;
  let features: string[] = [];
  const device = backend && backend.device;
  if (device) {
    limits = {};
    for (const k of [
      'maxComputeWorkgroupSizeX',
      'maxComputeInvocationsPerWorkgroup',
      'maxComputeWorkgroupStorageSize',
      'maxStorageBufferBindingSize',
      'maxBufferSize',
      'maxStorageBuffersPerShaderStage',
    ]) {
      limits[k] = Number(device.limits[k]);
    }
    features = Array.from(device.features as Iterable<string>).sort();
  }
  const tfInfo =
    backend && backend.adapterInfo
      ? {
          vendor: backend.adapterInfo.vendor,
          architecture: backend.adapterInfo.architecture,
        }
      : null;
  return {adapterInfo, tfAdapterInfo: tfInfo, limits, features};
}

async function smokeBackend(args: SmokeArgs): Promise<SmokeResult> {
  const res: SmokeResult = {
    ok: false,
    requested: args.backend,
    backend: '',
    userAgent: navigator.userAgent,
  };
  try {
    if (args.backend === 'webgl') {
      tf.env().set('SOFTWARE_WEBGL_ENABLED', args.softwareWebgl ?? true);
      if (args.webglVersion !== undefined) {
        tf.env().set('WEBGL_VERSION', args.webglVersion);
      }
    }
    const t0 = now();
    const set = await tf.setBackend(args.backend);
    await tf.ready();
    res.msSetBackend = now() - t0;
    res.backend = tf.getBackend();
    if (!set || res.backend !== args.backend) {
      res.error = `tf.setBackend('${args.backend}') returned ${set}, ` + `active backend is '${res.backend}'`;
      if (args.backend === 'webgpu') {
        const gpu = (navigator as any).gpu;
        if (!gpu) {
          res.error += ' (navigator.gpu is undefined: not a secure context?)';
        } else if (!(await gpu.requestAdapter())) {
          res.error +=
            ' (navigator.gpu.requestAdapter() returned null: ' + 'chromium on Linux needs --enable-unsafe-webgpu)';
        }
      }
      return res;
    }
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const y = tf.avgPool(x, 2, 2, 'valid');
    res.shape = y.shape.slice();
    res.values = Array.from(await y.data());
    res.msFirstResult = now() - t0;
    x.dispose();
    y.dispose();
    if (args.backend === 'webgl') res.webgl = collectWebgl();
    if (args.backend === 'webgpu') res.webgpu = await collectWebgpu();
    res.ok = true;
  } catch (e: any) {
    res.error = String(e && e.stack ? e.stack : e);
  }
  return res;
}

Object.assign(window, {smokeBackend, tf});
