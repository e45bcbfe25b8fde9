import {registerKernelsOnce} from '../../src/registry';

// The webgl kernels: each file in this folder exports a KernelConfig; list them here.
registerKernelsOnce([]);
