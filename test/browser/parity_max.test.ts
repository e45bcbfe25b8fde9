/**
 * Parity with PyTorch in Chromium on webgl (WebGL2, WebGL1) and webgpu: the max-pooling family (max pools with
 * indices, adaptive max pools, max_unpool) (parity_suite.ts).
 */
import {defineParitySuites} from './parity_suite';

defineParitySuites('max');
