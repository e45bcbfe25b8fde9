// onnxruntime-node and onnxruntime-web (its WebAssembly build, run in Node) as benchmark contenders (Node only:
// bench/common.mjs is also bundled for the browser). Neither is a dependency: scripts/bench.mjs installs them into
// .cache/ort and .cache/ort-web.
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
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
 * onnxruntime-web (not a dependency), from $ORT_WEB_DIR or .cache/ort-web (folders where `npm install
 * onnxruntime-web` was run; scripts/bench.mjs installs it in the latter), set up as the wasm backend's contender: one
 * thread (no worker pool), its SIMD build (since 1.19 its only one), its .wasm files read from its own dist/ folder
 * (ort.env.wasm.wasmPaths); null when neither folder has it. Its npm build registers the 'wasm' (alias 'cpu')
 * execution provider only: no XNNPACK provider to ask for.
 */
export function loadOrtWeb(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')) {
  for (const dir of [process.env.ORT_WEB_DIR, path.join(root, '.cache', 'ort-web')].filter(Boolean)) {
    try {
      const req = createRequire(path.resolve(dir, 'package.json'));
      const ort = req('onnxruntime-web');
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.simd = true;
      ort.env.wasm.wasmPaths = path.dirname(req.resolve('onnxruntime-web')) + path.sep;
      return ort;
    } catch {
      // not installed there: try the next place
    }
  }
  return null;
}

/** onnxruntime-web's session options of the contender: its WebAssembly provider (one thread: loadOrtWeb). */
export const ORT_WEB_SESSION = {executionProviders: ['wasm'], graphOptimizationLevel: 'all'};

/**
 * An onnxruntime contender for timeConfig: a one-node model (bench/onnx_model.mjs) of the configuration's ONNX
 * op on one thread (onnxruntime-node: intra- and inter-op; onnxruntime-web: `sessionOptions` ORT_WEB_SESSION and
 * loadOrtWeb's set-up), fed the same NCHW data; null when the configuration has no ONNX op.
 */
export async function ortContender(
  ort,
  c,
  sessionOptions = {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  },
) {
  if (!ort || !c.onnx) return null;
  const session = await ort.InferenceSession.create(
    onnxModel(c.onnx[0], c.shape, c.outShape, c.onnx[1]),
    sessionOptions,
  );
  const feeds = {
    x: new ort.Tensor(
      'float32',
      inputData(
        c.shape.reduce((a, b) => a * b, 1),
        1,
      ),
      c.shape,
    ),
  };
  return () => {
    const run = session.run(feeds);
    return {data: async () => (await run).y.data, dispose() {}};
  };
}
