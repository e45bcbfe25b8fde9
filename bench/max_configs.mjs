// The max-pool benchmark's configurations (bench/max_pools.mjs on cpu, wasm and tensorflow; bench/browser_entry.mjs
// on webgl and webgpu): this package's max pools against tfjs's own tf.maxPool on an NHWC input transposed and -inf
// padded beforehand ('valid': the raw cost of the built-in; -inf padding plus 'valid' windows give exactly PyTorch's
// windows, ceil mode included, so the values are compared too), tfjs's MaxPoolGrad for the gradient, and
// onnxruntime's MaxPool where the runner has it. Browser-safe (no Node imports). Ids start with max_ (the average
// pools' configurations of bench/common.mjs share some names).

import {channelsLastOps} from './channels_last.mjs';
import {inputData} from './common.mjs';

/** The configurations: ResNet's stem pool, GoogLeNet's ceil-mode pool, k2 s2, adaptive max 7×7, and a gradient. */
export function maxConfigs(tf, tt, [N, C, H, W]) {
  // PyTorch's pooled size, from the package's geometry (dilation 1: the average pools' formula), never re-derived here
  const outSize = (L, k, s, p, ceil = false) => tt.poolOutputSize(L, k, p, s, ceil);
  const TO_LAST = [0, 2, 3, 1];
  const nhwc = channelsLastOps(tf, tt);
  // -inf padding of a channels-last tensor's spatial axes ([lo, hi] each), cached per input: prepared, not timed
  const prepared = new Map();
  const once = (key, make) => {
    if (!prepared.has(key)) prepared.set(key, tf.keep(make()));
    return prepared.get(key);
  };
  const pad = (xl, lo, hi) =>
    once(`pad ${lo},${hi}`, () =>
      tf.pad(
        xl,
        [
          [0, 0],
          [lo, hi],
          [lo, hi],
          [0, 0],
        ],
        -Infinity,
      ),
    );
  // the gradient's upstream (bench/common.mjs's prepare makes dy of the input's size, an avg-pool gradient's)
  const gradOut = [N, C, outSize(H, 3, 2, 1), outSize(W, 3, 2, 1)];
  const dy = () =>
    once('dy', () =>
      tf.tensor(
        inputData(
          gradOut.reduce((a, b) => a * b, 1),
          2,
        ),
        gradOut,
      ),
    );
  const dyl = () => once('dyl', () => tf.transpose(dy(), TO_LAST));
  const pool = (id, name, k, s, p, ceil) => {
    const o = [outSize(H, k, s, p, ceil), outSize(W, k, s, p, ceil)];
    // 'valid' windows on the padded input are PyTorch's: pad p before, and after enough for the last window
    const hi = (L, out) => Math.max(0, (out - 1) * s + k - L - p);
    return {
      id,
      name,
      shape: [N, C, H, W],
      outShape: [N, C, ...o],
      exact: true,
      nativeExact: true,
      ours: ({x}) => tt.maxPool2d(x, k, {stride: s, padding: p, ceilMode: ceil}),
      oursLast: ({xl}) => nhwc.maxPool2d(xl, k, {stride: s, padding: p, ceilMode: ceil}),
      native: ({xl}) => tf.maxPool(pad(xl, p, Math.max(hi(H, o[0]), hi(W, o[1]))), k, s, 'valid'),
      emulated: null,
      onnx: [
        'MaxPool',
        {kernel_shape: [k, k], strides: [s, s], ...(p ? {pads: [p, p, p, p]} : {}), ...(ceil ? {ceil_mode: 1} : {})},
      ],
    };
  };
  return {
    configs: [
      pool('max_k3s2p1', 'max_pool2d k3 s2 p1 (ResNet stem)', 3, 2, 1, false),
      pool('max_k3s2ceil', 'max_pool2d k3 s2 ceil_mode (GoogLeNet)', 3, 2, 0, true),
      pool('max_k2s2', 'max_pool2d k2 s2', 2, 2, 0, false),
      {
        id: 'max_adaptive',
        name: `adaptive_max_pool2d ${H}→7`,
        shape: [N, C, H, W],
        outShape: [N, C, 7, 7],
        exact: true,
        nativeExact: true,
        ours: ({x}) => tt.adaptiveMaxPool2d(x, 7),
        oursLast: ({xl}) => nhwc.adaptiveMaxPool2d(xl, 7),
        native: H % 7 || W % 7 ? null : ({xl}) => tf.maxPool(xl, [H / 7, W / 7], [H / 7, W / 7], 'valid'),
        emulated: null,
        onnx: H % 7 || W % 7 ? null : ['MaxPool', {kernel_shape: [H / 7, W / 7], strides: [H / 7, W / 7]}],
      },
      // Backward only (the forward's indices / output prepared, not timed): ours, a gather by index over covering
      // outputs, against tfjs's MaxPoolGrad, which recomputes the argmax from the forward's input and output
      // ('same' padding: the stem's windows on even sizes with k3 s2 p1).
      {
        id: 'max_grad',
        name: 'max_pool2d k3 s2 p1, gradient',
        shape: [N, C, H, W],
        outShape: [N, C, H, W],
        exact: true,
        nativeExact: false,
        ours: ({x}) =>
          tf.tidy(() => {
            const idx = once('indices', () => tt.maxPool2d(x, 3, {stride: 2, padding: 1, returnIndices: true})[1]);
            return tf.engine().runKernel(
              tt.TorchMaxPoolGrad,
              {dy: dy(), indices: idx, x},
              {
                spec: {
                  kind: 'max',
                  kernelSize: [3, 3],
                  stride: [2, 2],
                  padding: [1, 1],
                  dilation: [1, 1],
                  ceilMode: false,
                },
              },
            );
          }),
        oursLast: ({xl}) =>
          tf.tidy(() => {
            const stem = {stride: 2, padding: 1};
            const idx = once('indicesLast', () => nhwc.maxPool2dWithIndices(xl, 3, stem)[1]);
            return nhwc.maxPool2dGrad(dyl(), idx, xl, 3, stem);
          }),
        native: ({xl}) =>
          tf.tidy(() => {
            const y = once('y', () => tf.maxPool(xl, 3, 2, 'same'));
            return tf
              .engine()
              .runKernel(
                'MaxPoolGrad',
                {dy: dyl(), input: xl, output: y},
                {filterSize: [3, 3], strides: [2, 2], pad: 'same'},
              );
          }),
        emulated: null,
        onnx: null,
      },
    ],
    dispose: () => {
      for (const t of prepared.values()) t.dispose();
      prepared.clear();
    },
  };
}
