// This package's pools on channels-last (NHWC) tensors, as the benchmarks call them: the `ours NHWC` contender of
// bench/common.mjs and bench/max_configs.mjs. Browser-safe (no Node imports).
//
// The public ops take `{dataFormat: 'NHWC'}` once that option lands (it is being added beside this file); until
// then this adapter does what such an op does after its argument checks: on a backend whose kernel reads
// channels-last tensors natively (the tensorflow backend's, registered with registerChannelsLast), run the kernel
// with `layout: 'channelsLast'`; elsewhere transpose around the channels-first kernel. Each function's comment names
// the op call that replaces it; the signatures are the ops' own.

const toFirstPerm = rank => [0, rank - 1, ...Array.from({length: rank - 2}, (_, i) => i + 1)];
const toLastPerm = rank => [0, ...Array.from({length: rank - 2}, (_, i) => i + 2), 1];

/**
 * Backends whose pooling kernels take `layout: 'channelsLast'` natively (src/registry.ts registerChannelsLast: every
 * kernel used here, on each backend's kernels/<backend>/register.ts), as the ops given `dataFormat: 'NHWC'` run them.
 * Until this listed tensorflow alone, the cpu, wasm, webgl and webgpu `ours NHWC` timed transposes around the
 * channels-first kernel (cpu max k3 s2 p1 on [8,64,112,112]: 772 ms, tfjs-cpu's Transpose, against 6.5 ms NCHW).
 */
const NATIVE_CHANNELS_LAST = new Set(['tensorflow', 'cpu', 'wasm', 'webgl', 'webgpu']);

export function channelsLastOps(tf, tt) {
  /** A kernel on channels-last tensors (every input and output batched NHWC / NDHWC): natively, or transposed. */
  const kernel = (name, inputs, attrs) => {
    if (NATIVE_CHANNELS_LAST.has(tf.getBackend())) {
      return tf.engine().runKernel(name, inputs, {...attrs, layout: 'channelsLast'});
    }
    return tf.tidy(() => {
      const first = Object.fromEntries(
        Object.entries(inputs).map(([k, t]) => [k, tf.transpose(t, toFirstPerm(t.rank))]),
      );
      const out = tf.engine().runKernel(name, first, attrs);
      const last = t => tf.transpose(t, toLastPerm(t.rank));
      return Array.isArray(out) ? out.map(last) : last(out);
    });
  };
  const pool = (k, {stride = k, padding = 0, ceilMode = false, countIncludePad = true} = {}, nd) => ({
    kind: 'pool',
    kernelSize: Array(nd).fill(k),
    stride: Array(nd).fill(stride),
    padding: Array(nd).fill(padding),
    ceilMode,
    countIncludePad,
    divisorOverride: null,
  });
  const max = (k, {stride = k, padding = 0, ceilMode = false} = {}) => ({
    kind: 'max',
    kernelSize: [k, k],
    stride: [stride, stride],
    padding: [padding, padding],
    dilation: [1, 1],
    ceilMode,
  });
  return {
    /** tt.avgPool2d(xl, k, {...options, dataFormat: 'NHWC'}) */
    avgPool2d: (xl, k, options) => kernel(tt.TorchAvgPool, {x: xl}, {spec: pool(k, options, 2)}),
    /** tt.avgPool3d(xl, k, {...options, dataFormat: 'NDHWC'}) */
    avgPool3d: (xl, k, options) => kernel(tt.TorchAvgPool, {x: xl}, {spec: pool(k, options, 3)}),
    /** tt.adaptiveAvgPool2d(xl, size, {dataFormat: 'NHWC'}) */
    adaptiveAvgPool2d: (xl, size) =>
      kernel(tt.TorchAvgPool, {x: xl}, {spec: {kind: 'adaptive', outputSize: [size, size]}}),
    /** the gradient tf.grad takes through tt.avgPool2d(xl, k, {...options, dataFormat: 'NHWC'}) */
    avgPool2dGrad: (dyl, xl, k, options) => kernel(tt.TorchAvgPoolGrad, {dy: dyl, x: xl}, {spec: pool(k, options, 2)}),
    /** tt.maxPool2d(xl, k, {...options, dataFormat: 'NHWC'}) */
    maxPool2d: (xl, k, options) => kernel(tt.TorchMaxPoolValues, {x: xl}, {spec: max(k, options)}),
    /** tt.maxPool2d(xl, k, {...options, returnIndices: true, dataFormat: 'NHWC'}) */
    maxPool2dWithIndices: (xl, k, options) => kernel(tt.TorchMaxPool, {x: xl}, {spec: max(k, options)}),
    /** tt.adaptiveMaxPool2d(xl, size, {dataFormat: 'NHWC'}) */
    adaptiveMaxPool2d: (xl, size) =>
      kernel(tt.TorchMaxPoolValues, {x: xl}, {spec: {kind: 'adaptive', outputSize: [size, size]}}),
    /** the gradient tf.grad takes through tt.maxPool2d(xl, k, {...options, dataFormat: 'NHWC'}) */
    maxPool2dGrad: (dyl, indicesl, xl, k, options) =>
      kernel(tt.TorchMaxPoolGrad, {dy: dyl, indices: indicesl, x: xl}, {spec: max(k, options)}),
  };
}
