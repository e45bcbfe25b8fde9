// Entry of demo.html (bundled by serve-demo.mjs): mounts the demo; ?model=NAME&run=1 runs a model on load.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {mountDemo} from './demo.mjs';

const run = mountDemo(document.getElementById('app'));
const query = new URLSearchParams(location.search);
if (query.get('run') === '1') run(query.get('model') ?? 'squeezenet1_1');
