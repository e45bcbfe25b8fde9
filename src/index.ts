/**
 * tfjs-torch-ops: PyTorch's mean and pooling family (average, adaptive, max with indices, unpool, lp) for
 * TensorFlow.js.
 *
 * Importing this module registers the ops' gradients and the kernels of every backend this package supports. An
 * app that runs on one backend can import `tfjs-torch-ops/core` (the same API, no kernels) and that backend's
 * entry (`tfjs-torch-ops/webgl`, `/wasm`, `/cpu`, `/webgpu`, `/tensorflow`) instead, and bundles only its kernels.
 * Registration does not load any backend: tfjs's registry is global and keyed by backend name, so a kernel can
 * be registered before its backend exists. The tensorflow (tfjs-node) and webgpu kernels import only types.
 *
 * @module tfjs-torch-ops
 */
export * from './core';
import '../kernels/cpu/register';
import '../kernels/wasm/register';
import '../kernels/webgl/register';
import '../kernels/webgpu/register';
import '../kernels/tensorflow/register';
