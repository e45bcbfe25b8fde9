import {registerKernelsOnce} from '../../src/registry';

// The wasm kernels: each file in this folder exports a KernelConfig; list them here.
registerKernelsOnce([]);
