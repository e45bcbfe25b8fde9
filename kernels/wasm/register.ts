import {registerChannelsLast, registerKernelsOnce} from '../../src/registry';
import {CHANNELS_LAST_KERNELS} from '../shared/channels_last_kernels';
import {avgPoolConfig} from './avg_pool';
import {channelAffineConfig} from './channel_affine';
import {concatConfig} from './concat';
import {convConfigs} from './conv';
import {avgPoolGradConfig} from './avg_pool_grad';
import {maxFamilyConfigs} from './max_pool';
import {meanConfig} from './mean';

registerKernelsOnce([avgPoolConfig, avgPoolGradConfig, meanConfig]);
registerKernelsOnce(maxFamilyConfigs);

// Native channels-last kernels (attrs.layout; ./channels_last.ts): ops given a channels-last dataFormat call them
// directly instead of transposing around the channels-first ones.
registerChannelsLast('wasm', CHANNELS_LAST_KERNELS);

// The kit's 3 × 3 and 1 × 1 convolutions, its concatenation and its eval BatchNorm (src/nn/conv.ts, functional.ts
// and norm.ts ask tf.getKernel whether a backend has them).
registerKernelsOnce([...convConfigs, concatConfig, channelAffineConfig]);
