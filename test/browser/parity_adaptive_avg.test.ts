/**
 * Parity with PyTorch in Chromium on webgl (WebGL2, WebGL1) and webgpu: adaptive average pools and mean
 * (parity_suite.ts).
 */
import {defineParitySuites} from './parity_suite';

defineParitySuites('adaptive_avg');
