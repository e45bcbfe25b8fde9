// Peak memory of a call on the Node backends (cpu, wasm, tensorflow): how far the process's resident set rises, at
// its high-water mark, over the first three calls (each reading its result), above where it stood just before them.
// One fresh process per backend × configuration × contender, so no pool, allocator cache or wasm heap left by another
// contender hides or inflates it; the input is made resident first and the kernel's high-water mark reset then
// (Linux: /proc/self/clear_refs), so neither loading nor set-up counts. It is the footprint as the OS sees it:
// output, intermediates, scratch, what allocators keep mapped (tfjs-node's TensorFlow, the wasm heap, which only
// grows), and what a first call sets up once (compiled code, op caches); ± a few hundred KB of V8 noise.
//
// Contenders per backend: cpu — ours, the tfjs-cpu NCHW emulation, onnxruntime-node (1 thread) when it loads;
// wasm — ours, tfjs-wasm's kernel on NHWC; tensorflow — ours, tfjs-node's kernel on NHWC, the NCHW emulation.
//
//   node bench/memory.mjs [--backends=cpu,wasm,tensorflow] [--only=REGEX] [--shape=8,64,56,56] [--json=FILE]
// (ORT_NODE_DIR as for bench/pools.mjs.) A child: node --expose-gc bench/memory.mjs --child=BACKEND:CONFIG:CONTENDER
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseCli} from '../scripts/cli.mjs';
import {SHAPE_2D, SHAPE_3D, configs, inputData, mb} from './common.mjs';
import {loadOrt, ortContender} from './ort.mjs';

const {values: args} = parseCli({
  usage: 'node bench/memory.mjs [OPTIONS]   (after node scripts/build.mjs; npm run bench runs it)',
  summary: 'Peak resident memory of one call per backend, configuration and contender, each in a fresh process.',
  options: {
    backends: {type: 'string', default: 'cpu,wasm,tensorflow', valueName: 'LIST', description: 'backends to measure'},
    only: {type: 'string', valueName: 'REGEX', description: 'only the configurations whose name matches'},
    shape: {type: 'string', valueName: 'N,C,H,W', description: `the 2-d input shape (default: ${SHAPE_2D})`},
    json: {type: 'string', valueName: 'FILE', description: 'also write the results as JSON to FILE'},
    child: {type: 'string', hidden: true},
  },
});
const shape2d = args.shape ? args.shape.split(',').map(Number) : SHAPE_2D;
const require = createRequire(import.meta.url);
const CONTENDERS = {
  cpu: ['ours', 'emulated', 'ort'],
  wasm: ['ours', 'native'],
  tensorflow: ['ours', 'native', 'emulated'],
};

async function loadTf(backend) {
  if (backend === 'tensorflow') return require('@tensorflow/tfjs-node');
  const tf = await import('@tensorflow/tfjs-core');
  await import(`@tensorflow/tfjs-backend-${backend}`);
  return tf;
}

/** Child: one contender of one configuration; prints {peakBytes} as JSON. */
async function child(backend, id, contender) {
  const tf = await loadTf(backend);
  const tt = await import('tfjs-torch-ops');
  // tfjs's production mode: only its console advice is silenced (the cpu backend's Node.js banner); timing unchanged.
  tf.enableProdMode();
  await tf.setBackend(backend);
  const c = configs(tf, tt, shape2d, SHAPE_3D).find(c => c.id === id);
  const size = c.shape.reduce((a, b) => a * b, 1);
  let call;
  if (contender === 'ort') {
    const run = await ortContender(loadOrt(), c);
    call = () => run().data();
  } else {
    const x = tf.tensor(inputData(size, 1), c.shape);
    const dy = c.grad ? tf.tensor(inputData(size, 2), c.outShape) : null;
    const perm = c.shape.length === 4 ? [0, 2, 3, 1] : [0, 2, 3, 4, 1];
    const inputs = {
      x,
      dy,
      xl: contender === 'native' ? tf.transpose(x, perm) : null,
      dyl: contender === 'native' && dy ? tf.transpose(dy, perm) : null,
    };
    await Promise.all(
      Object.values(inputs)
        .filter(Boolean)
        .map(t => t.data()),
    ); // resident before the baseline
    call = async () => {
      const y = c[contender](inputs);
      await y.data();
      y.dispose();
    };
  }
  global.gc?.();
  writeFileSync('/proc/self/clear_refs', '5'); // VmHWM := VmRSS
  const rss0 = status().VmRSS;
  for (let i = 0; i < 3; i++) await call();
  console.log(JSON.stringify({peakBytes: status().VmHWM - rss0}));
}

/** VmRSS and VmHWM (resident set and its high-water mark) of this process, in bytes. */
function status() {
  const lines = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .filter(l => /^Vm(RSS|HWM):/.test(l));
  return Object.fromEntries(lines.map(l => [l.slice(0, 5), parseInt(l.slice(6).trim(), 10) * 1024]));
}

if (args.child) {
  await child(...args.child.split(':'));
} else {
  const script = fileURLToPath(import.meta.url);
  const backends = args.backends.split(',');
  const hasOrt = loadOrt() !== null;
  const result = {};
  for (const backend of backends) {
    const rows = [];
    // Only ids and names are read here; the package's geometry gives the configurations' output shapes.
    for (const c of configs({}, await import('tfjs-torch-ops'), shape2d, SHAPE_3D)) {
      if (args.only && !new RegExp(args.only).test(c.name)) continue;
      const peakBytes = {};
      for (const contender of CONTENDERS[backend]) {
        if (contender === 'ort' && (!hasOrt || !c.onnx)) continue;
        const r = spawnSync(
          process.execPath,
          ['--expose-gc', script, `--child=${backend}:${c.id}:${contender}`, `--shape=${shape2d}`],
          {encoding: 'utf8', env: process.env},
        );
        const line = r.stdout.trim().split('\n').pop();
        try {
          peakBytes[contender] = JSON.parse(line).peakBytes;
        } catch {
          peakBytes[contender] = null;
          peakBytes[`${contender}Error`] = (r.stderr || line || `exit ${r.status}`).trim().split('\n').slice(-1)[0];
        }
      }
      rows.push({id: c.id, name: c.name, peakBytes});
      process.stderr.write(
        `memory ${backend}: ${c.name}: ${CONTENDERS[backend].map(k => mb(peakBytes[k])).join(' / ')} MB\n`,
      );
    }
    result[backend] = rows;
  }
  if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 1));
  for (const [backend, rows] of Object.entries(result)) {
    console.log(`\n### peak memory, ${backend} (MB above the pre-call resident set)\n`);
    console.log(
      `| config | ${CONTENDERS[backend].join(' | ')} |\n|---|${CONTENDERS[backend].map(() => '---:|').join('')}`,
    );
    for (const r of rows)
      console.log(`| ${r.name} | ${CONTENDERS[backend].map(k => mb(r.peakBytes[k])).join(' | ')} |`);
  }
}
