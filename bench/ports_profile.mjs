// Where a torchvision port's forward spends its time (issue 26's profile): one warm forward of each port under
// tf.profile, in the kit's forms (channels-last, and channels-last + the port's fuseModel()), on one backend, one
// thread (tfjs-node: TF_NUM_INTRAOP_THREADS=1 and TF_NUM_INTEROP_THREADS=1 unless set; tfjs-wasm: its
// single-threaded build). Prints the wall median of 15 unprofiled forwards, the kernel count, and per kernel name
// its count and the median (over 7 profiled forwards) of its summed kernel time, largest first. tfjs's op wrappers
// (`fusedConv2d__op`, nested around their kernel) are left out. On tensorflow, tfjs-node's FusedConv2D kernel runs
// its bias Add and its activation as kernels of their own inside it: they are listed again under Add and Relu, and
// each kernel's time includes tfjs-node's wait for its result.
//
//   node bench/ports_profile.mjs --backend=tensorflow [--models=resnet18,squeezenet1_1] [--top=12]
import {parseCli} from '../scripts/cli.mjs';

const {values: args} = parseCli({
  usage: 'node bench/ports_profile.mjs [OPTIONS]   (after node scripts/build.mjs)',
  summary: "A torchvision port's warm forward under tf.profile: wall time, kernel count, time by kernel name.",
  options: {
    backend: {type: 'string', default: 'wasm', valueName: 'NAME', description: 'wasm | tensorflow | cpu'},
    models: {type: 'string', default: 'resnet18,squeezenet1_1', valueName: 'LIST', description: 'models to run'},
    top: {type: 'string', default: '12', valueName: 'N', description: 'kernel names listed per model and form'},
  },
});
process.env.TF_NUM_INTRAOP_THREADS ??= '1';
process.env.TF_NUM_INTEROP_THREADS ??= '1';
const tf = await import('@tensorflow/tfjs-core');
if (args.backend === 'wasm') {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount?.(1);
} else {
  await import(args.backend === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-backend-cpu');
}
tf.enableProdMode();
if (!(await tf.setBackend(args.backend))) throw new Error(`tf.setBackend('${args.backend}') returned false`);
await tf.ready();
const {buildModel} = await import('../examples/torchvision/forward.mjs');
const {inputValues} = await import('../examples/torchvision/weights.mjs');
const {MODELS} = await import('../examples/torchvision/models/index.mjs');

const median = a => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
for (const name of args.models.split(',')) {
  const size = MODELS[name].inputSize;
  const x = tf.tensor(inputValues(size), [1, 3, size, size]);
  for (const [form, options] of [
    ['channelsLast', {memoryFormat: 'channelsLast'}],
    ['channelsLast + fused', {memoryFormat: 'channelsLast', fuse: true}],
  ]) {
    const model = buildModel(name, options);
    const forward = () => tf.tidy(() => model.forward(x));
    for (let i = 0; i < 5; i++) forward().dispose();
    const walls = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      const y = forward();
      await y.data();
      walls.push(performance.now() - t);
      y.dispose();
    }
    const byName = new Map();
    let kernels = 0;
    for (let r = 0; r < 7; r++) {
      const info = await tf.profile(async () => {
        const y = forward();
        await y.data();
        return y;
      });
      [info.result].flat().forEach(t => t.dispose());
      const round = new Map();
      kernels = info.kernels.filter(k => !k.name.endsWith('__op')).length;
      for (const k of info.kernels) {
        if (k.name.endsWith('__op')) continue;
        const [count, ms] = round.get(k.name) ?? [0, 0];
        round.set(k.name, [count + 1, ms + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0)]);
      }
      for (const [k, [count, ms]] of round) byName.set(k, [count, [...(byName.get(k)?.[1] ?? []), ms]]);
    }
    const rows = [...byName].map(([k, [count, times]]) => [k, count, median(times)]).sort((a, b) => b[2] - a[2]);
    const total = rows.reduce((s, r) => s + r[2], 0);
    console.log(
      `${args.backend} ${name} ${form}: wall ${median(walls).toFixed(2)} ms (median of 15), ${kernels} kernels, ` +
        `kernel time ${total.toFixed(2)} ms`,
    );
    for (const [k, count, ms] of rows.slice(0, Number(args.top))) {
      console.log(`  ${k.padEnd(22)} ${String(count).padStart(4)} ${ms.toFixed(2).padStart(8)} ms`);
    }
    model.dispose();
  }
  x.dispose();
}
