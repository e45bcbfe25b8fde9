import {TorchError} from './ops/torch_errors';
import {
  GradConfig,
  KernelConfig,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
} from '@tensorflow/tfjs-core';

/**
 * tfjs's registry is global and warns on a second registration. This package can be loaded twice (its ESM and
 * CommonJS builds in one process, or two bundles on a page), so every registration checks first.
 */
export function registerKernelsOnce(configs: readonly KernelConfig[]): void {
  for (const config of configs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(allocationAsTorchError(config));
  }
}

/** What JavaScript engines throw when memory cannot be had: a typed array, an ArrayBuffer, a wasm memory's growth. */
const ALLOCATION_FAILURE = new RegExp(
  [
    'Array buffer allocation failed',
    'Invalid typed array length',
    'Invalid array buffer length',
    'Maximum memory size exceeded',
    'WebAssembly\\.Memory',
    'Out of memory',
  ].join('|'),
  'i',
);

/**
 * The kernel, with an allocation the engine refuses (the output, or scratch memory: a RangeError) turned into
 * PyTorch's error for an allocation its allocator refuses, a RuntimeError: the ops refuse what can never exist
 * (checkAllocation) before any work, but whether a large output that can exist fits depends on the machine.
 */
function allocationAsTorchError(config: KernelConfig): KernelConfig {
  const {kernelFunc} = config;
  return {
    ...config,
    kernelFunc: args => {
      try {
        return kernelFunc(args);
      } catch (e) {
        if (!(e instanceof RangeError) || !ALLOCATION_FAILURE.test(e.message)) throw e;
        throw new TorchError(
          'RuntimeError',
          '[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: ' +
            `can't allocate memory: the JavaScript engine refused it ` +
            `(${e.message})`,
        );
      }
    },
  };
}

export function registerGradientsOnce(configs: readonly GradConfig[]): void {
  for (const config of configs) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}

/**
 * The kernels that read and write channels-last tensors themselves (attrs.layout, geometry/memory_layout.ts), by
 * backend. An op called with a channels-last `dataFormat` on a backend whose kernel is not listed here transposes
 * around the channels-first kernel instead; a backend lists a kernel once its native path passes the fixtures.
 */
const CHANNELS_LAST_KERNELS: Map<string, Set<string>> = channelsLastRegistry();

/**
 * One map per JavaScript realm, not per copy of this file: every entry point (`tfjs-torch-ops/core`, `/wasm`, …) is
 * its own bundle with its own copy of this module, and a backend's entry must register where the ops' copy reads.
 */
function channelsLastRegistry(): Map<string, Set<string>> {
  const key = Symbol.for('tfjs-torch-ops.channelsLastKernels');
  const realm = globalThis as unknown as Record<symbol, Map<string, Set<string>> | undefined>;
  return (realm[key] ??= new Map<string, Set<string>>());
}

export function registerChannelsLast(backendName: string, kernelNames: readonly string[]): void {
  const names = CHANNELS_LAST_KERNELS.get(backendName) ?? new Set<string>();
  for (const name of kernelNames) names.add(name);
  CHANNELS_LAST_KERNELS.set(backendName, names);
}

/** Whether `backendName`'s `kernelName` takes `layout: 'channelsLast'` natively. */
export function runsChannelsLast(backendName: string, kernelName: string): boolean {
  return CHANNELS_LAST_KERNELS.get(backendName)?.has(kernelName) ?? false;
}
