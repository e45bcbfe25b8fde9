// The main job: PyTorch ports whose pooling numbers must equal PyTorch's, on tfjs's default cpu backend.
// Each row runs one PyTorch line with tfjs-torch-ops, then shows PyTorch's own result for that line (recorded by
// test/fixtures/generate.py from real PyTorch) and what tfjs's nearest built-in gives.
//
//   npm run example
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {readFileSync} from 'node:fs';
import {parseCli} from '../scripts/cli.mjs';

parseCli({
  usage: 'npm run example   (node examples/quickstart.mjs)',
  summary:
    'Runs five PyTorch pooling calls with tfjs-torch-ops on the cpu backend and prints each result beside\n' +
    "PyTorch's recorded one and tfjs's nearest built-in. Exit status 1 when a result differs from PyTorch's.",
});
// The package (dist/: npm run build) is loaded after the arguments are read, so --help works before a build.
const tt = await import('tfjs-torch-ops');

// tfjs's production mode: in tfjs 4.x it only silences tfjs's console advice, here the cpu backend's "looks like you
// are running TensorFlow.js in Node.js" banner (npm run example:port -- --backend tensorflow runs on tfjs-node).
tf.enableProdMode();
await tf.setBackend('cpu');

const fixtures = ['avg_pool1d', 'avg_pool2d', 'adaptive_avg_pool1d', 'mean'].flatMap(
  group => JSON.parse(readFileSync(new URL(`../test/fixtures/cases/${group}.json`, import.meta.url))).cases,
);
const torchVersion = JSON.parse(readFileSync(new URL('../test/fixtures/cases/mean.json', import.meta.url))).torch;

/** PyTorch's recorded output for the fixture whose name starts with `tag`. */
function pytorch(tag) {
  const c = fixtures.find(f => f.name.startsWith(tag + ' '));
  return Array.from(new Float32Array(Uint8Array.from(atob(c.output.data), ch => ch.charCodeAt(0)).buffer));
}

const ramp = (n, shape) => tf.reshape(tf.range(1, n + 1), shape);
const nhwc = t => tf.transpose(t, [0, 2, 3, 1]);
const rows = [
  {
    torch: 'F.avg_pool1d(x, 3, stride=2, padding=1)  # x = [[[1..5]]]',
    ours: () => tt.avgPool1d(ramp(5, [1, 1, 5]), 3, {stride: 2, padding: 1}),
    tag: 'T1',
    tfjs: () =>
      tf.avgPool(
        ramp(5, [1, 1, 5, 1]),
        [1, 3],
        [1, 2],
        [
          [0, 0],
          [0, 0],
          [1, 1],
          [0, 0],
        ],
      ),
  },
  {
    torch: 'F.avg_pool1d(x, 2, 2, ceil_mode=True)',
    ours: () => tt.avgPool1d(ramp(5, [1, 1, 5]), 2, {stride: 2, ceilMode: true}),
    tag: 'T3',
    tfjs: () => tf.avgPool(ramp(5, [1, 1, 5, 1]), [1, 2], [1, 2], 'valid', 'ceil'),
  },
  {
    torch: 'F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)  # x = arange(1,17).view(1,1,4,4)',
    ours: () => tt.avgPool2d(ramp(16, [1, 1, 4, 4]), 3, {stride: 2, padding: 1, ceilMode: true}),
    tag: 'T9',
    tfjs: () =>
      tf.avgPool(
        nhwc(ramp(16, [1, 1, 4, 4])),
        3,
        2,
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        'ceil',
      ),
  },
  {
    torch: 'F.adaptive_avg_pool1d(arange(1,11).view(1,1,10), 3)',
    ours: () => tt.adaptiveAvgPool1d(ramp(10, [1, 1, 10]), 3),
    tag: 'T31',
    tfjs: null,
  },
  {
    torch: 'torch.mean(arange(24.).view(2,3,4), dim=[])',
    ours: () => tt.mean(tf.reshape(tf.range(0, 24), [2, 3, 4]), []),
    tag: 'T43',
    tfjs: () => tf.mean(tf.reshape(tf.range(0, 24), [2, 3, 4]), []),
  },
];

const fmt = values => '[' + Array.from(values, v => Number(v.toPrecision(6))).join(', ') + ']';
let mismatches = 0;
console.log(`tfjs-torch-ops on tfjs ${tf.version_core} (${tf.getBackend()}) vs PyTorch ${torchVersion}\n`);
for (const row of rows) {
  const ours = tf.tidy(() => row.ours().dataSync());
  const expected = pytorch(row.tag);
  const same = ours.length === expected.length && ours.every((v, i) => Object.is(v, expected[i]));
  if (!same) mismatches++;
  let builtin = 'n/a (no adaptive pooling)';
  if (row.tfjs) {
    try {
      builtin = fmt(tf.tidy(() => row.tfjs().dataSync()));
    } catch (e) {
      builtin = `throws: ${e.message.split('\n')[0]}`;
    }
  }
  console.log(
    `${row.torch}\n  tfjs-torch-ops ${fmt(ours)}\n  PyTorch        ${fmt(expected)}  ${
      same ? 'identical' : 'MISMATCH'
    }\n  tfjs built-in  ${builtin}\n`,
  );
}
console.log(
  mismatches === 0
    ? `All ${rows.length} results are bit-identical to PyTorch's.`
    : `${mismatches} result(s) differ from PyTorch.`,
);
process.exitCode = mismatches === 0 ? 0 : 1;
