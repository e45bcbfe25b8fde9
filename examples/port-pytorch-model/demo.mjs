// Browser entry of demo.html (bundled by serve-demo.mjs): runs the port on each backend named in ?backends=
// (default webgl,webgpu) and shows its logits and timing beside PyTorch's. When everything has run, <body> gets
// data-state="done" (or "error"); demo.test.ts reads the tables.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {TOLERANCE, runPort} from './model.mjs';

const $ = id => document.getElementById(id);
const cell = (text, className) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
};

function deviceOf(backend) {
  try {
    if (backend === 'webgl') {
      const gl = tf.backend().gpgpu.gl;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ` +
          String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
    if (backend === 'webgpu') {
      const info = tf.backend().adapterInfo;
      return `WebGPU: ${[info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'adapter'}`;
    }
  } catch (e) {
    return '';
  }
  return '';
}

async function start(backend) {
  if (backend === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);  // also run on a software GL (SwiftShader)
  if (backend === 'webgpu' && !navigator.gpu) return 'navigator.gpu is undefined (WebGPU not enabled here)';
  try {
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return String(e && e.message ? e.message : e);
  }
}

async function main() {
  const backends = (new URLSearchParams(location.search).get('backends') ?? 'webgl,webgpu').split(',');
  $('tolerance').textContent = String(TOLERANCE);
  const manifest = await (await fetch('model.json')).json();
  const bin = await (await fetch(manifest.bin)).arrayBuffer();
  $('versions').textContent = `PyTorch ${manifest.versions.torch}, torchvision ${manifest.versions.torchvision}; ` +
      `TensorFlow.js ${tf.version_core}`;

  const results = [];
  for (const backend of backends) {
    const row = document.createElement('tr');
    row.dataset.backend = backend;
    row.append(cell(backend, 'text'));
    $('backends').tBodies[0].append(row);
    const unavailable = await start(backend);
    if (unavailable !== null) {
      row.append(cell(`unavailable: ${unavailable}`, 'text unavailable status'), cell('–', 'max-diff'),
                 cell('–'), cell('–'), cell('', 'text'));
      row.dataset.status = 'unavailable';
      continue;
    }
    try {
      const r = await runPort(manifest, bin);
      const ok = r.maxAbsDiff <= TOLERANCE;
      row.dataset.status = ok ? 'ok' : 'mismatch';
      row.append(cell(ok ? 'ok' : 'MISMATCH', `text status ${ok ? 'ok' : 'fail'}`),
                 cell(r.maxAbsDiff.toExponential(2), 'max-diff'), cell(r.firstMs.toFixed(1), 'first-ms'),
                 cell(r.medianMs.toFixed(1), 'median-ms'), cell(deviceOf(backend), 'text'));
      results.push(r);
    } catch (e) {
      row.dataset.status = 'error';
      row.append(cell(`error: ${e && e.message ? e.message : e}`, 'text fail status'), cell('–', 'max-diff'),
                 cell('–'), cell('–'), cell(deviceOf(backend), 'text'));
    }
  }

  // Logits: one row per (sample, class), PyTorch's first, then each backend that ran.
  const head = $('logits').tHead.rows[0];
  for (const r of results) {
    const th = document.createElement('th');
    th.textContent = r.backend;
    th.dataset.backend = r.backend;
    head.append(th);
  }
  const [, classes] = manifest.logits.shape;
  const pytorch = results[0]?.pytorch ?? [];
  for (let i = 0; i < pytorch.length; i++) {
    const row = document.createElement('tr');
    row.append(cell(String(Math.floor(i / classes))), cell(String(i % classes)), cell(pytorch[i].toFixed(6)));
    for (const r of results) row.append(cell(r.logits[i].toFixed(6)));
    $('logits').tBodies[0].append(row);
  }
  $('message').textContent = results.length === backends.length ?
      `All ${backends.length} backends ran.` : `${results.length} of ${backends.length} backends ran.`;
  document.body.dataset.state = 'done';
}

main().catch(e => {
  $('message').textContent = `error: ${e && e.stack ? e.stack : e}`;
  document.body.dataset.state = 'error';
});
