// Starting tfjs's webgl and webgpu backends in a demo page (port-pytorch-model/demo.mjs, torchvision/demo.mjs): why a
// backend cannot run in this browser, checked before tfjs tries, and how to enable it, so each demo says the same
// helpful thing instead of tfjs's bare "setBackend returned false".
import * as tf from '@tensorflow/tfjs-core';

const messageOf = e => String(e && e.message ? e.message : e);

/** How to get each backend running when it is unavailable. */
export const HOW_TO_ENABLE = {
  webgl:
    "Turn on hardware acceleration in the browser's settings. A headless Chromium without a GPU needs " +
    '--use-angle=swiftshader --enable-unsafe-swiftshader (software WebGL).',
  webgpu:
    'Use a browser with WebGPU turned on (current Chrome or Edge on Windows, macOS or ChromeOS). Chromium on ' +
    'Linux needs --enable-unsafe-webgpu; without a GPU (headless, CI) also --enable-features=Vulkan ' +
    '--use-vulkan=swiftshader --use-webgpu-adapter=swiftshader (a software adapter).',
};

/** Why `backend` cannot run in this browser, checked before tfjs tries; null when nothing is known against it. */
async function whyUnavailable(backend) {
  if (backend === 'webgpu') {
    if (!window.isSecureContext) {
      return (
        'WebGPU needs a secure context and this page is not one: open it at http://127.0.0.1 or ' +
        'http://localhost (the address the demo server prints), or over https'
      );
    }
    if (!navigator.gpu) return 'this browser has no WebGPU (navigator.gpu is undefined)';
    let adapter;
    try {
      adapter = await navigator.gpu.requestAdapter();
    } catch (e) {
      return `navigator.gpu.requestAdapter() failed: ${messageOf(e)}`;
    }
    if (!adapter) return 'the browser has WebGPU but offers no adapter (no usable GPU, or WebGPU is off for it)';
  }
  if (backend === 'webgl') {
    const canvas = document.createElement('canvas');
    if (!canvas.getContext('webgl2') && !canvas.getContext('webgl')) {
      return 'the browser gives no WebGL context (hardware acceleration off, or the GPU is blocked)';
    }
  }
  return null;
}

/** Selects `backend`; null on success, or why it is unavailable. */
export async function startBackend(backend) {
  const known = await whyUnavailable(backend);
  if (known !== null) return known;
  if (backend === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true); // also run on a software GL (SwiftShader)
  try {
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** "unavailable: <why>. To enable: <how>", the text of a backend's status when it cannot run. */
export function unavailableText(backend, reason) {
  return `unavailable: ${reason}. To enable: ${HOW_TO_ENABLE[backend] ?? "see the browser's documentation."}`;
}
