/**
 * The ports in channels-last memory format (model.to({memoryFormat: 'channelsLast'})) on the tensorflow backend,
 * whose pools run channels-last natively: one forward runs one Transpose kernel, the input's NCHW -> NHWC at the
 * model's boundary (the logits are 2-D; the [N, C, 1, 1] before the classifier flattens by a reshape), where the
 * contiguous model transposes around every convolution. tf.profile of the second forward (the first builds the
 * convolutions' filter caches). The logits of both formats against PyTorch's: torchvision.test.ts. The examples are
 * ESM, so the count runs in a child process and reports as JSON.
 */
import {spawnSync} from 'child_process';
import * as path from 'path';
import {describeIfAvailable, nodeBackendProblem} from '../../test/support/availability';

const at = (file: string) => JSON.stringify(path.join(__dirname, file));
const MODELS = ['resnet18', 'squeezenet1_1'];

const SCRIPT = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-node';
import {buildModel} from ${at('forward.mjs')};
import {inputValues} from ${at('weights.mjs')};
import {MODELS} from ${at('models/index.mjs')};
tf.env().set('PROD', true);
await tf.setBackend('tensorflow');
const out = {};
for (const name of ${JSON.stringify(MODELS)}) {
  const size = MODELS[name].inputSize;
  const x = tf.tensor(inputValues(size), [1, 3, size, size]);
  out[name] = {};
  for (const memoryFormat of ['contiguous', 'channelsLast']) {
    const model = buildModel(name, {memoryFormat});
    tf.tidy(() => model.forward(x)).dispose();
    const info = await tf.profile(() => tf.tidy(() => model.forward(x)));
    info.result.dispose();
    out[name][memoryFormat] = info.kernels.filter(k => k.name === 'Transpose').map(k => k.inputShapes[0]);
    model.dispose();
  }
  x.dispose();
}
console.log(JSON.stringify(out));
`;

describeIfAvailable('torchvision ports, channels-last on tensorflow', nodeBackendProblem('tensorflow'), () => {
  it('one forward runs one Transpose kernel: the input boundary', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: path.resolve(__dirname, '..', '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '3'},
    });
    expect(r.stderr.split('\n').filter(l => /Error/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    const counts = JSON.parse(r.stdout.trim().split('\n').pop()!);
    for (const name of MODELS) {
      expect(counts[name].channelsLast).toEqual([[1, 3, 224, 224]]);
      expect(counts[name].contiguous.length).toBeGreaterThan(20); // two around every convolution
    }
  }, 300_000);
});
