import {registerKernelsOnce} from '../../src/registry';

// The tensorflow kernels: each file in this folder exports a KernelConfig; list them here.
registerKernelsOnce([]);
