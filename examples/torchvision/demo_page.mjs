// Entry of demo.html (bundled by serve-demo.mjs): mounts the demo; ?model=NAME&run=1 runs a model on load;
// ?backends=webgl,webgpu picks the backends.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {mountDemo} from './demo.mjs';

const query = new URLSearchParams(location.search);
const backends = query.get('backends')?.split(',');
const run = mountDemo(document.getElementById('app'), backends ? {backends} : {});
if (query.get('run') === '1') run(query.get('model') ?? 'squeezenet1_1');
