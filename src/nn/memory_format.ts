/**
 * Memory formats of the kit: PyTorch's `model.to(memory_format=torch.channels_last)` as
 * `model.to({memoryFormat: 'channelsLast'})`.
 *
 * In PyTorch a channels_last tensor keeps its logical NCHW shape and only its memory order changes. tfjs tensors have
 * no strides, so here the 4-D tensors that flow between the layers of a channels-last model are stored NHWC
 * (`[N, H, W, C]`), and the model's boundary converts: the module `to` was called on transposes its 4-D tensor
 * inputs to NHWC when its forward starts and its 4-D outputs back to NCHW when it returns, so what a caller gives and
 * gets is PyTorch's NCHW in both formats. Inside, convolutions, BatchNorm and the pools run on NHWC as tfjs's own
 * kernels want it; element-wise ops (tf.relu, tf.add of two layer outputs) need nothing; the steps that name an axis
 * go through `nn.functional` (cat, flatten, size, the pools), which read the format of the forward now running.
 *
 * A tensor's format is never guessed: every layout-sensitive kit module checks that its own setting (from `to`)
 * matches the forward it runs in, and says so when it does not.
 */
import * as tf from '@tensorflow/tfjs-core';
import {torchCheck} from '../ops/torch_errors';

/** PyTorch's `torch.contiguous_format` (NCHW, the default) and `torch.channels_last` (NHWC in memory). */
export type MemoryFormat = 'contiguous' | 'channelsLast';

export const MEMORY_FORMATS: readonly MemoryFormat[] = ['contiguous', 'channelsLast'];

/** The format of the 4-D tensors of the forward running now: set by a channels-last model's boundary. */
let running: MemoryFormat = 'contiguous';

export function runningMemoryFormat(): MemoryFormat {
  return running;
}

/** Runs `fn` with `format` as the running format (forward passes are synchronous). */
export function runInMemoryFormat<T>(format: MemoryFormat, fn: () => T): T {
  const saved = running;
  running = format;
  try {
    return fn();
  } finally {
    running = saved;
  }
}

/** Where logical NCHW axis d of a 4-D tensor is stored in NHWC. */
const STORED_AXIS = [0, 3, 1, 2];

/** The stored axis of logical `dim` (already wrapped) of a rank-`rank` tensor in `format`. */
export function storedAxis(dim: number, rank: number, format: MemoryFormat): number {
  return format === 'channelsLast' && rank === 4 ? STORED_AXIS[dim] : dim;
}

/** PyTorch's `x.size()` of a tensor stored in `format`: NCHW for a 4-D one. */
export function logicalShape(shape: readonly number[], format: MemoryFormat): number[] {
  if (format !== 'channelsLast' || shape.length !== 4) return [...shape];
  const [n, h, w, c] = shape;
  return [n, c, h, w];
}

/**
 * `x` (4-D) moved between NCHW and NHWC by `perm`. When the channel axis or the plane has size 1 both orders hold
 * the same sequence of values, so a reshape does it and no Transpose kernel runs (the [N, C, 1, 1] of a global pool
 * before the classifier).
 */
function permute4d(x: tf.Tensor, perm: number[]): tf.Tensor {
  const shape = perm.map(p => x.shape[p]);
  const [n, a, , c] = x.shape as number[];
  const channels = perm[1] === 3 ? c : a;
  if (channels === 1 || x.size === n * channels) return tf.reshape(x, shape);
  return tf.transpose(x, perm);
}

/** A 4-D NCHW tensor stored NHWC; other ranks unchanged. */
export function toChannelsLast(x: tf.Tensor): tf.Tensor {
  return x.rank === 4 ? permute4d(x, [0, 2, 3, 1]) : x;
}

/** A 4-D NHWC tensor stored NCHW; other ranks unchanged. */
export function toContiguous(x: tf.Tensor): tf.Tensor {
  return x.rank === 4 ? permute4d(x, [0, 3, 1, 2]) : x;
}

/** `f` applied to every tensor of a forward's inputs or result (a tensor, an array, a plain object of them). */
export function mapTensors<T>(value: T, f: (t: tf.Tensor) => tf.Tensor): T {
  if (value instanceof tf.Tensor) return f(value) as T;
  if (Array.isArray(value)) return value.map(v => mapTensors(v, f)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, f)])) as T;
  }
  return value;
}

/**
 * The adapter for a step with no channels-last path: in a channels-last forward, its 4-D tensors go back to NCHW,
 * `fn` runs on them, and its 4-D results return to NHWC (two transposes). Contiguous: `fn` as is.
 */
export function viaContiguous<T>(format: MemoryFormat, inputs: unknown[], fn: (...inputs: unknown[]) => T): T {
  if (format !== 'channelsLast') return fn(...inputs);
  return tf.tidy(
    () =>
      mapTensors(
        runInMemoryFormat('contiguous', () => fn(...mapTensors(inputs, toContiguous))),
        toChannelsLast,
      ) as unknown as tf.TensorContainer,
  ) as unknown as T;
}

/** What a layout-sensitive module needs of itself here. */
export interface FormattedModule {
  memoryFormat: MemoryFormat;
  getName(): string;
}

/**
 * The format of `module`'s 4-D input: its own setting, checked against the forward running now. A module converted
 * to channels_last and called on its own (outside the model `to` was called on), or a contiguous module inside a
 * channels-last forward (added after `to`), would read the other layout's tensors: that is an error, not a guess.
 */
export function inputFormat(module: FormattedModule): MemoryFormat {
  const own = module.memoryFormat;
  torchCheck(own === running, () =>
    own === 'channelsLast'
      ? `${module.getName()} is in channels_last memory format but runs outside a channels-last forward: call ` +
        `it through the module that model.to({memoryFormat: 'channelsLast'}) was called on, which converts the ` +
        `model's input and output`
      : `${module.getName()} is in contiguous memory format but runs inside a channels-last forward: call ` +
        `model.to({memoryFormat: 'channelsLast'}) again after adding it`,
  );
  return own;
}
