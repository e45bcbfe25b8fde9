// Prints, as one JSON line, what the JS side computes for every model's state_dict: the module tree's entries in
// order with the sha256 prefix of each entry's formula values (float32 little-endian), the sha256 of them all and
// of the deterministic input. weights.test.ts compares it with what export.py recorded from numpy: the formula
// and the order must agree bit for bit (some 52 million values over the five models). No backend is involved.
import {createHash} from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {formulaValues, inputValues} from './weights.mjs';
import {MODELS} from './models/index.mjs';

const le = values => {
  // Float32Array bytes are platform-endian; make them little-endian whatever the machine.
  const out = Buffer.alloc(4 * values.length);
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i], 4 * i);
  return out;
};
const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;
const bytes = values => (littleEndian ? Buffer.from(values.buffer, values.byteOffset, values.byteLength) : le(values));

await tf.setBackend('cpu'); // the models' state_dicts (their shapes and dtypes) are built on cpu
const result = {};
for (const [name, spec] of Object.entries(MODELS)) {
  const all = createHash('sha256');
  const model = spec.build();
  const floats = [...model.stateDict()].filter(([, t]) => t.dtype === 'float32').map(([key, t]) => [key, t.shape]);
  model.dispose();
  const entries = floats.map(([key, shape], k) => {
    const data = bytes(formulaValues(k, key, shape));
    all.update(data);
    return [key, shape, createHash('sha256').update(data).digest('hex').slice(0, 16)];
  });
  const input = createHash('sha256')
    .update(bytes(inputValues(spec.inputSize)))
    .digest('hex');
  result[name] = {state_dict: entries, weights_sha256: all.digest('hex'), input_sha256: input};
}
console.log(JSON.stringify(result));
