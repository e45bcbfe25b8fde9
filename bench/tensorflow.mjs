// Benchmark of this package on the `tensorflow` backend (tfjs-node: TensorFlow's C library, CPU) against tfjs-node's
// own kernels in the same process, on the same data (configurations and contenders: bench/common.mjs):
//   - native: tf.avgPool / tf.avgPool3d 'VALID' on an input transposed to NHWC beforehand (the target:
//     ours ≤ 1.3× this), AvgPoolGrad 'SAME', tf.mean — TensorFlow's CPU pools are channels-last only, so this is
//     the cost of the pool alone, which an NCHW caller cannot get;
//   - emulated: the same kernels wrapped in the transposes (and zero padding) an NCHW model needs.
// Fair: same backend, same thread pool (TensorFlow's intra-op threads, for every contender alike), interleaved rounds,
// medians, each call ending with `await y.data()`.
//
//   node scripts/build.mjs && node bench/tensorflow.mjs [--quick] [--only=REGEX] [--shape=8,64,56,56] [--scale=4]
//                                      [--contenders=native] [--json=FILE]
//
// tfjs-node is not a dependency: `bash scripts/tfjs-node/install.sh` installs it offline (a plain `npm install`
// removes it again). Without it this prints why and exits 0 (the JSON says skipped).
import {createRequire} from 'node:module';
import {writeFileSync} from 'node:fs';
import {RUNNER_CLI_OPTIONS, configs, detailTable, layoutTable, runnerOptions, timeConfig} from './common.mjs';
import {parseCli} from '../scripts/cli.mjs';

const {values: args} = parseCli({
  usage: 'node bench/tensorflow.mjs [OPTIONS]   (after node scripts/build.mjs; npm run bench runs it)',
  summary:
    'Times the average pools and mean on tfjs-node (tensorflow backend) against its own NHWC kernels and the\n' +
    'NCHW emulation. Exits 0 with the reason when tfjs-node does not load.',
  options: RUNNER_CLI_OPTIONS,
});
const {shape2d, shape3d, scale, timing, only} = runnerOptions(args);
const write = result => args.json && writeFileSync(args.json, JSON.stringify(result, null, 1));

let tf;
try {
  tf = createRequire(import.meta.url)('@tensorflow/tfjs-node');
} catch (e) {
  const reason = `@tensorflow/tfjs-node does not load (run bash scripts/tfjs-node/install.sh): ${
    String(e.message).split('\n')[0]
  }`;
  console.log(`tensorflow: skipped: ${reason}`);
  write({backend: 'tensorflow', skipped: reason});
  process.exit(0);
}
const tt = await import('tfjs-torch-ops');
await tf.setBackend('tensorflow');

const rows = [];
for (const c of configs(tf, tt, shape2d, shape3d)) {
  if (args.only && !new RegExp(args.only).test(c.name)) continue;
  rows.push(await timeConfig(tf, only(c), timing));
  process.stderr.write(`tensorflow: ${c.name} done\n`);
}
const result = {
  backend: 'tensorflow',
  shape: shape2d,
  shape3d,
  scale,
  timing,
  versions: {...tf.version, tensorflow: tf.version['tfjs-node'] && 'libtensorflow 2.9.1 (CPU)'},
  native: "tfjs-node's own kernel on NHWC input ('valid'; AvgPoolGrad 'same'; tf.mean)",
  emulated: 'transpose → (pad) → tfjs-node kernel → transpose',
  rows,
};
write(result);
console.log(`### tensorflow (tfjs-node ${tf.version['tfjs-node']}), input [${shape2d}] float32, median ms\n`);
console.log(detailTable(result));

const layouts = layoutTable(result);
if (layouts) console.log(`#### Both layouts (ours NHWC: bench/channels_last.mjs)\n\n${layouts}`);
