import {registerKernelsOnce} from '../../src/registry';
import {avgPoolConfig} from './avg_pool';
import {avgPoolGradConfig} from './avg_pool_grad';
import {meanConfig} from './mean';

// Registering needs no webgpu backend: the kernels import only its types, so src/index.ts stays backend-free.
registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
