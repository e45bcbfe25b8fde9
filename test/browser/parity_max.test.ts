/** Parity with PyTorch in Chromium on webgl (WebGL2, WebGL1) and webgpu: the max-pooling family (max pools with indices, adaptive max, max_unpool, the max sweep, their errors) (parity_suite.ts). */
import {defineParitySuites} from './parity_suite';

defineParitySuites('max');
