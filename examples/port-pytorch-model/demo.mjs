// Browser entry of demo.html (bundled by serve-demo.mjs): runs the port on each backend named in ?backends=
// (default webgl,webgpu) and shows its logits and timing beside PyTorch's. The page says what it is doing as it
// goes (<body data-state> loading → running → done, or error; the line at the top), why a backend cannot run here
// and how to enable it; demo.test.ts reads the tables and that final state, with and without Chromium's WebGPU flags.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {HOW_TO_ENABLE, startBackend} from '../browser_backends.mjs';
import {TOLERANCE, runPort} from './model.mjs';

const $ = id => document.getElementById(id);
const cell = (text, className) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
};
const messageOf = e => String(e && e.message ? e.message : e);

function deviceOf(backend) {
  try {
    if (backend === 'webgl') {
      const gl = tf.backend().gpgpu.gl;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return (
        `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ` +
        String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
      );
    }
    if (backend === 'webgpu') {
      const info = tf.backend().adapterInfo;
      return `WebGPU: ${[info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'adapter'}`;
    }
  } catch {
    return '';
  }
  return '';
}

/** Shows `text` at the top of the page and lets the browser paint it before the next (blocking) step. */
async function progress(text) {
  $('message').textContent = text;
  await tf.nextFrame();
}

function setStatus(row, status, cells) {
  row.dataset.status = status;
  while (row.cells.length > 1) row.deleteCell(1);
  row.append(...cells);
}

function unavailableCell(backend, reason) {
  const td = cell(`unavailable: ${reason}.`, 'text unavailable status');
  const how = document.createElement('span');
  how.className = 'how';
  how.textContent = `To enable: ${HOW_TO_ENABLE[backend] ?? "see the browser's documentation."}`;
  td.append(' ', how);
  return td;
}

async function main() {
  const backends = (new URLSearchParams(location.search).get('backends') ?? 'webgl,webgpu').split(',');
  $('tolerance').textContent = String(TOLERANCE);
  const rows = backends.map(backend => {
    const row = document.createElement('tr');
    row.dataset.backend = backend;
    row.append(cell(backend, 'text'));
    setStatus(row, 'pending', [
      cell('waiting', 'text pending status'),
      cell('–', 'max-diff'),
      cell('–'),
      cell('–'),
      cell('', 'text'),
    ]);
    $('backends').tBodies[0].append(row);
    return row;
  });
  const manifest = await (await fetch('model.json')).json();
  const bin = await (await fetch(manifest.bin)).arrayBuffer();
  $('versions').textContent =
    `PyTorch ${manifest.versions.torch}, torchvision ${manifest.versions.torchvision}; ` +
    `TensorFlow.js ${tf.version_core}`;
  document.body.dataset.state = 'running';

  const results = [];
  const unavailable = [];
  const failed = [];
  for (const [i, backend] of backends.entries()) {
    const row = rows[i];
    setStatus(row, 'running', [
      cell('running…', 'text pending status'),
      cell('–', 'max-diff'),
      cell('–'),
      cell('–'),
      cell('', 'text'),
    ]);
    await progress(`Running the port on ${backend} (${i + 1} of ${backends.length})…`);
    const reason = await startBackend(backend);
    if (reason !== null) {
      setStatus(row, 'unavailable', [
        unavailableCell(backend, reason),
        cell('–', 'max-diff'),
        cell('–'),
        cell('–'),
        cell('', 'text'),
      ]);
      unavailable.push(backend);
      continue;
    }
    try {
      const r = await runPort(manifest, bin);
      const ok = r.maxAbsDiff <= TOLERANCE;
      setStatus(row, ok ? 'ok' : 'mismatch', [
        cell(ok ? 'ok' : 'MISMATCH', `text status ${ok ? 'ok' : 'fail'}`),
        cell(r.maxAbsDiff.toExponential(2), 'max-diff'),
        cell(r.firstMs.toFixed(1), 'first-ms'),
        cell(r.medianMs.toFixed(1), 'median-ms'),
        cell(deviceOf(backend), 'text'),
      ]);
      results.push(r);
      if (!ok) failed.push(backend);
    } catch (e) {
      setStatus(row, 'error', [
        cell(`error: ${messageOf(e)}`, 'text fail status'),
        cell('–', 'max-diff'),
        cell('–'),
        cell('–'),
        cell(deviceOf(backend), 'text'),
      ]);
      failed.push(backend);
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

  const matched = results.length - failed.filter(b => results.some(r => r.backend === b)).length;
  const parts = [
    `${results.length} of ${backends.length} backends ran` +
      (results.length ? `, ${matched} matching PyTorch to within ${TOLERANCE}` : '') +
      '.',
  ];
  if (failed.length) parts.push(`Failed: ${failed.join(', ')} (see its row).`);
  if (unavailable.length)
    parts.push(`Unavailable here: ${unavailable.join(', ')} (its row says why and how to enable it).`);
  $('message').textContent =
    results.length === backends.length && !failed.length
      ? `All ${backends.length} backends ran and match PyTorch to within ${TOLERANCE}.`
      : parts.join(' ');
  $('message').className = results.length === backends.length && !failed.length ? 'all-ok' : 'some-missing';
  document.body.dataset.state = 'done';
}

main().catch(e => {
  $('message').textContent = `error: ${e && e.stack ? e.stack : e}`;
  document.body.dataset.state = 'error';
});
