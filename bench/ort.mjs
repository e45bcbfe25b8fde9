// onnxruntime-node as a benchmark contender (Node only: bench/common.mjs is also bundled for the browser).
import {createRequire} from 'node:module';
import path from 'node:path';
import {inputData} from './common.mjs';
import {onnxModel} from './onnx_model.mjs';

/**
 * onnxruntime-node (not a dependency: ≈300 MB of binaries), from this package or from $ORT_NODE_DIR (a folder where
 * `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node` was run; scripts/bench.mjs uses .cache/ort); null
 * when neither has it.
 */
export function loadOrt() {
  const dir = process.env.ORT_NODE_DIR;
  for (const from of [import.meta.url, dir && path.resolve(dir, 'package.json')]) {
    try {
      if (from) return createRequire(from)('onnxruntime-node');
    } catch {
      // not installed there: try the next place
    }
  }
  return null;
}

/**
 * An onnxruntime-node contender for timeConfig: a one-node model (bench/onnx_model.mjs) of the configuration's ONNX
 * op on one thread (intra- and inter-op), fed the same NCHW data; null when the configuration has no ONNX op.
 */
export async function ortContender(ort, c) {
  if (!ort || !c.onnx) return null;
  const session = await ort.InferenceSession.create(onnxModel(c.onnx[0], c.shape, c.outShape, c.onnx[1]), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all'});
  const feeds = {x: new ort.Tensor('float32', inputData(c.shape.reduce((a, b) => a * b, 1), 1), c.shape)};
  return () => {
    const run = session.run(feeds);
    return {data: async () => (await run).y.data, dispose() {}};
  };
}
