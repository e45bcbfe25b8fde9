import {registerKernelsOnce} from '../../src/registry';

// The webgpu kernels: each file in this folder exports a KernelConfig; list them here.
registerKernelsOnce([]);
