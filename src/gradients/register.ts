import {registerGradientsOnce} from '../registry';
import {avgPoolGradConfig, avgPoolGradGradConfig} from './avg_pool_grad';
import {maxPoolGradConfig, maxPoolGradGradConfig, maxPoolValuesGradConfig, maxUnpoolGradConfig} from './max_pool_grad';
import {meanGradConfig} from './mean_grad';

registerGradientsOnce([avgPoolGradConfig, avgPoolGradGradConfig, meanGradConfig]);
registerGradientsOnce([maxPoolGradConfig, maxPoolValuesGradConfig, maxPoolGradGradConfig, maxUnpoolGradConfig]);
