// Page side of the browser benchmark (bundled and served by test/browser/harness.ts, driven by bench/browser.ts):
// this package against tfjs's own kernels on the same backend, webgl or webgpu, in the same page (configurations
// and contenders: bench/common.mjs). Fair: same backend and device, interleaved rounds, medians, each call ending
// with `await y.data()` (so the GPU work is finished and read back, for every contender alike).
// Peak memory: the backend's own count of bytes in textures (webgl: numBytesInGPU) or buffers (webgpu:
// bufferManager.numBytesUsed) in use, at its high-water mark during the call, above its value before: output and
// every intermediate a kernel allocates; not the driver's or the readback's memory.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tt from '../src/index';
import {SHAPE_3D, configs, prepare, timeConfig} from './common.mjs';
import {maxConfigs} from './max_configs.mjs';
import {timeSteady} from './steady_race.mjs';

let state = null;

/** Watches the backend's bytes-in-use counter; returns {reset(), peakAbove()}. */
function gpuBytes() {
  const b = tf.backend();
  const [owner, key] = b.bufferManager ? [b.bufferManager, 'numBytesUsed'] : [b, 'numBytesInGPU'];
  let value = owner[key];
  let peak = value;
  let base = value;
  Object.defineProperty(owner, key, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: v => {
      value = v;
      peak = Math.max(peak, v);
    },
  });
  return {
    reset: () => {
      base = peak = value;
    },
    peakAbove: () => peak - base,
  };
}

async function benchInit({backend, shape}) {
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok || tf.getBackend() !== backend) return {ok: false, reason: `tf.setBackend('${backend}') failed`};
  await tf.ready();
  const max = maxConfigs(tf, tt, shape);
  state = {list: [...configs(tf, tt, shape, SHAPE_3D), ...max.configs], disposeMax: max.dispose, memory: gpuBytes()};
  const info = {ok: true, backend, userAgent: navigator.userAgent};
  if (backend === 'webgl') {
    const gl = tf.backend().gpgpu.gl;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    info.renderer = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    info.webglVersion = tf.env().getNumber('WEBGL_VERSION');
  } else {
    const a = tf.backend().adapterInfo;
    info.renderer = a ? `${a.vendor ?? ''} ${a.architecture ?? ''}`.trim() : 'unknown adapter';
  }
  return info;
}

/** Peak bytes above the start of one call of each contender (after a warm-up call, so shader compilation is not). */
async function peaks(c) {
  const inputs = prepare(tf, c);
  const out = {};
  try {
    for (const n of ['ours', 'native', 'emulated']) {
      try {
        tf.dispose(c[n](inputs));
        state.memory.reset();
        const y = c[n](inputs);
        out[n] = state.memory.peakAbove();
        await y.data();
        y.dispose();
      } catch {
        out[n] = null;
      }
    }
  } finally {
    tf.dispose(Object.values(inputs).filter(Boolean));
  }
  return out;
}

async function benchConfig({id, quick}) {
  const c = state.list.find(c => c.id === id);
  // max pools (bench/max_configs.mjs): warmed to steady state, alternated call by call, median and spread of ratios.
  // SwiftShader calls take 0.1 s: fewer calls per round and a shorter warm-up cap than the Node runners'.
  const row = id.startsWith('max_')
    ? await timeSteady(tf, c, quick ? {rounds: 5, minMs: 0, warmupMs: 500} : {rounds: 7, minMs: 0, warmupMs: 2000})
    : await timeConfig(
        tf,
        c,
        quick
          ? {rounds: 5, perRound: 1, minMs: 0, warmCap: 4}
          : {rounds: 5, perRound: 2, minMs: 0, warmCap: 16, warmMs: 2500},
      );
  row.peakBytes = await peaks(c);
  if (id.startsWith('max_')) state.disposeMax();
  return row;
}

const benchList = ({shape}) =>
  [...configs(tf, tt, shape, SHAPE_3D), ...maxConfigs(tf, tt, shape).configs].map(c => ({id: c.id, name: c.name}));
Object.assign(window, {benchInit, benchConfig, benchList});
