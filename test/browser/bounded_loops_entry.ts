/**
 * Browser side of bounded_loops.test.ts: windows, adaptive bins, covering ranges and reductions far longer than
 * MAX_WINDOW_ELEMENTS (src/geometry/gpu_tiles.ts), which the webgl and webgpu kernels split into tiles and passes,
 * run forward and backward and compared in the same page with the cpu backend, at the GPU tolerance.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../../src/index';
import {MAX_WINDOW_ELEMENTS} from '../../src/geometry';
import {LargeCase, compare, compute} from './webgl_large_entry';

/** This package's webgl programs, whose loops must be bounded (tfjs's own programs are not ours to check). */
const OUR_WEBGL_PROGRAMS = new Set([
  'TorchAvgPoolProgram',
  'TorchAvgPoolGradProgram',
  'TorchMeanSumProgram',
  'TileSumProgram',
  'DivideProgram',
]);

/**
 * Runs f, recording what the backend's programs loop over: webgl, the product of the constant trip counts of each of
 * our programs' (nested) loops, which GLSL ES 1.0 requires to be constants of the text; webgpu, whose loops run to
 * uniforms, the shader keys (the tiled programs must appear).
 */
async function recordPrograms<T>(
  backend: string,
  f: () => Promise<T>,
): Promise<{value: T; programs: string[]; maxTrips: number}> {
  const b = tf.backend() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const name = backend === 'webgl' ? 'runWebGLProgram' : 'runWebGPUProgram';
  const original = b[name];
  const programs: string[] = [];
  let maxTrips = 0;
  b[name] = function (this: unknown, ...args: unknown[]) {
    const program = args[0] as {constructor: {name: string}; userCode?: string; shaderKey?: string};
    if (backend === 'webgl' && OUR_WEBGL_PROGRAMS.has(program.constructor.name)) {
      const trips = [...(program.userCode ?? '').matchAll(/for \(int \w+ = 0; \w+ < (\d+);/g)].map(m => Number(m[1]));
      maxTrips = Math.max(
        maxTrips,
        trips.reduce((a, t) => a * t, 1),
      );
    }
    programs.push(backend === 'webgl' ? program.constructor.name : String(program.shaderKey));
    return original.apply(this, args);
  };
  try {
    return {value: await f(), programs, maxTrips};
  } finally {
    b[name] = original;
  }
}

export interface BoundedArgs {
  backend: 'webgl' | 'webgpu';
  webglVersion?: 1 | 2;
}

export interface BoundedResult {
  unavailable?: string;
  cases?: Array<{name: string; failures: string[]; ms: number}>;
}

export const BOUNDED_CASES: LargeCase[] = [
  {
    name: 'avgPool2d kernel 255 on 512×512 (65025-cell windows)',
    shape: [1, 1, 512, 512],
    op: x => tt.avgPool2d(x, 255),
  },
  {
    name: 'avgPool2d kernel 255 stride 16 on 512×512, padding 7, ceil',
    shape: [1, 1, 512, 512],
    op: x => tt.avgPool2d(x, 255, {stride: 16, padding: 7, ceilMode: true, countIncludePad: false}),
  },
  {
    name: 'avgPool1d kernel 5000 stride 1 (5000 outputs cover an input)',
    shape: [1, 2, 10000],
    op: x => tt.avgPool1d(x, 5000, {stride: 1}),
  },
  {
    name: 'adaptiveAvgPool2d 4096×4096 → (1, 2) (bins of 8M cells)',
    shape: [1, 1, 4096, 4096],
    op: x => tt.adaptiveAvgPool2d(x, [1, 2]),
  },
  {name: 'mean over 16M elements', shape: [4096, 4096], op: x => tt.mean(x)},
];

async function runBounded({backend, webglVersion}: BoundedArgs): Promise<BoundedResult> {
  try {
    if (webglVersion !== undefined) tf.env().set('WEBGL_VERSION', webglVersion);
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
      return {unavailable: `tf.setBackend('${backend}') failed (backend is ${tf.getBackend()})`};
    }
  } catch (e) {
    return {unavailable: String(e)};
  }
  const cases: BoundedResult['cases'] = [];
  for (const c of BOUNDED_CASES) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const dataIdsBefore = tf.engine().backend.numDataIds();
    const t0 = performance.now();
    const {value: gpu, programs, maxTrips} = await recordPrograms(backend, () => compute(c));
    const ms = performance.now() - t0;
    const failures: string[] = [];
    if (maxTrips > MAX_WINDOW_ELEMENTS) failures.push(`a webgl program loops ${maxTrips} times per fragment`);
    if (
      backend === 'webgpu' &&
      /^(avg|adaptive)/.test(c.name) &&
      !programs.some(p => p.startsWith('torchBoxTileSum'))
    ) {
      failures.push(`no tiled program ran (${[...new Set(programs)].join(', ')})`);
    }
    if (backend === 'webgl' && /^(avg|adaptive)/.test(c.name) && !programs.includes('TileSumProgram')) {
      failures.push(`no tiled program ran (${[...new Set(programs)].join(', ')})`);
    }
    if (tf.memory().numTensors !== before)
      failures.push(`${backend} leaked ${tf.memory().numTensors - before} tensor(s)`);
    const leakedData = tf.engine().backend.numDataIds() - dataIdsBefore;
    if (leakedData !== 0) failures.push(`${backend} kept ${leakedData} backend data id(s)`);
    await tf.setBackend('cpu');
    const cpu = await compute(c);
    if (JSON.stringify(gpu.out.shape) !== JSON.stringify(cpu.out.shape)) {
      failures.push(`output: ${backend} [${gpu.out.shape}], cpu [${cpu.out.shape}]`);
    } else {
      failures.push(...compare('output', gpu.out.values, cpu.out.values, false, backend));
    }
    failures.push(...compare('gradient', gpu.grad ?? [], cpu.grad ?? [], false, backend));
    cases.push({name: c.name, failures, ms: Math.round(ms)});
  }
  return {cases};
}

Object.assign(window, {runBounded});
