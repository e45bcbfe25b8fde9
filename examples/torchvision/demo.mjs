// The browser demo of the torchvision ports: pick a model, run it on webgl and webgpu, see its logits beside
// PyTorch's and the time. PyTorch's logits come with the page (the fixtures are bundled: ~220 KB); the weights
// are computed in the page from the formula (kit/weights.mjs). mountDemo is used by demo_page.mjs (the page that
// serve-demo.mjs serves) and by browser_entry.mjs (browser.test.ts checks what the page shows).
import * as tf from '@tensorflow/tfjs-core';
import densenet121 from './fixtures/densenet121.json';
import googlenet from './fixtures/googlenet.json';
import inception_v3 from './fixtures/inception_v3.json';
import resnet18 from './fixtures/resnet18.json';
import squeezenet1_1 from './fixtures/squeezenet1_1.json';
import {startBackend, unavailableText} from '../browser_backends.mjs';
import {maxAbsDiff, runModel, topK} from './forward.mjs';
import {MODELS} from './models/index.mjs';

const FIXTURES = {resnet18, googlenet, squeezenet1_1, densenet121, inception_v3};
export const DEMO_BACKENDS = ['webgl', 'webgpu'];
/** The browsers' tolerance, as in test/support/tolerances.ts (MODEL_LOGITS): 1e-3 · max(1, max |logit|). */
const TOLERANCE = 1e-3;

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};
const row = (cells, attrs) => el('tr', attrs, ...cells.map(c => el('td', {}, String(c))));

/**
 * Builds the demo's controls, status line and tables in `root`; returns run(model) (also wired to the Run button).
 * `backends`: the backends run, in order (default DEMO_BACKENDS; the page takes ?backends=webgl,webgpu).
 */
export function mountDemo(root, {backends: demoBackends = DEMO_BACKENDS} = {}) {
  const select = el('select', {id: 'model'}, ...Object.keys(MODELS).map(m => el('option', {value: m}, m)));
  const button = el('button', {id: 'run'}, 'Run');
  const backends = el(
    'table',
    {id: 'backends'},
    el(
      'thead',
      {},
      row(['backend', 'status', 'max |Δ| vs PyTorch', 'bound', 'top-5 as PyTorch', 'first pass (ms)', 'weights (ms)']),
    ),
    el('tbody'),
  );
  const logits = el('table', {id: 'logits'}, el('thead', {}, el('tr')), el('tbody'));
  // The status line sits under the controls, above the tables, where the eye is when Run is pressed.
  const message = el(
    'p',
    {id: 'message'},
    `Choose a model and press Run: it runs on ${demoBackends.join(' and ')} in this page and its ` +
      "logits are compared with PyTorch's (seconds to a minute per backend, the larger models " +
      'longest).',
  );
  root.append(
    el('p', {}, 'model ', select, ' ', button),
    message,
    el('h2', {}, 'Backends'),
    backends,
    el('h2', {}, "Logits: PyTorch's top 10 classes"),
    logits,
  );
  root.dataset.state = 'idle';

  async function run(model) {
    select.value = model;
    button.disabled = true;
    root.dataset.state = 'running';
    const fixture = FIXTURES[model];
    const bound = TOLERANCE * Math.max(1, fixture.max_abs_logit);
    const what = `${model}: torchvision.models.${MODELS[model].constructor}, PyTorch ${fixture.versions.torch}`;
    backends.tBodies[0].replaceChildren();
    const columns = [];
    const unavailable = [];
    try {
      for (const [i, backend] of demoBackends.entries()) {
        message.textContent = `${what}; running on ${backend} (${i + 1} of ${demoBackends.length})…`;
        await tf.nextFrame(); // let the browser paint the line before the blocking forward pass
        const reason = await startBackend(backend);
        if (reason !== null) {
          backends.tBodies[0].append(
            row([backend, unavailableText(backend, reason), '', '', '', '', ''], {
              dataset: {backend, status: 'unavailable'},
            }),
          );
          unavailable.push(backend);
          continue;
        }
        const r = await runModel(model);
        const delta = maxAbsDiff(r.logits, fixture.logits);
        const sameTop5 = JSON.stringify(topK(r.logits)) === JSON.stringify(fixture.top5);
        const ok = delta <= bound && sameTop5;
        backends.tBodies[0].append(
          row(
            [
              backend,
              ok ? 'ok' : 'MISMATCH',
              delta.toExponential(2),
              bound.toExponential(1),
              sameTop5 ? 'yes' : 'no',
              r.firstMs.toFixed(0),
              r.buildMs.toFixed(0),
            ],
            {dataset: {backend, status: ok ? 'ok' : 'mismatch'}},
          ),
        );
        columns.push([backend, r.logits]);
      }
      const classes = topK(fixture.logits, 10);
      logits.tHead.rows[0].replaceChildren(
        ...['class', 'PyTorch', ...columns.map(([b]) => b)].map(h => el('th', {}, h)),
      );
      logits.tBodies[0].replaceChildren(
        ...classes.map(c => row([c, fixture.logits[c].toFixed(6), ...columns.map(([, l]) => l[c].toFixed(6))])),
      );
      message.textContent =
        `${what}: done on ${columns.length} of ${demoBackends.length} backends` +
        (unavailable.length
          ? `; unavailable here: ${unavailable.join(', ')} (its row says why and how to enable it).`
          : '.');
      root.dataset.state = 'done';
    } catch (e) {
      message.textContent = `error: ${e && e.message ? e.message : e}`;
      root.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener('click', () => run(select.value));
  return run;
}
