import {GradConfig, KernelConfig, getGradient, getKernel, registerGradient, registerKernel} from '@tensorflow/tfjs-core';

/**
 * tfjs's registry is global and warns on a second registration. This package can be loaded twice (its ESM and
 * CommonJS builds in one process, or two bundles on a page), so every registration checks first.
 */
export function registerKernelsOnce(configs: readonly KernelConfig[]): void {
  for (const config of configs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
}

export function registerGradientsOnce(configs: readonly GradConfig[]): void {
  for (const config of configs) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}
