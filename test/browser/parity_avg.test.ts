/** Parity with PyTorch in Chromium on webgl (WebGL2, WebGL1) and webgpu: average pools (parity_suite.ts). */
import {defineParitySuites} from './parity_suite';

defineParitySuites('avg');
