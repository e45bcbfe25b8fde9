import {registerChannelsLast, registerKernelsOnce} from '../../src/registry';
import {CHANNELS_LAST_KERNELS} from '../shared/channels_last_kernels';
import {avgPoolConfig} from './avg_pool';
import {convConfigs} from './conv';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxPoolConfig, maxPoolValuesConfig} from './max_pool';
import {maxPoolGradConfig} from './max_pool_grad';
import {gatherPlanesConfig, maxUnpoolConfig} from './max_unpool';
import {meanConfig} from './mean';

registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce([maxPoolConfig, maxPoolValuesConfig, maxPoolGradConfig, maxUnpoolConfig, gatherPlanesConfig]);

// Native channels-last kernels (attrs.layout; ./channels_last.ts): ops given a channels-last dataFormat call them
// directly instead of transposing around the channels-first ones.
registerChannelsLast('cpu', CHANNELS_LAST_KERNELS);

// The kit's 3 × 3 and 1 × 1 convolutions (src/nn/conv.ts asks tf.getKernel whether a backend has them).
registerKernelsOnce(convConfigs);
