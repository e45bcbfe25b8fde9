import {defineParitySuite} from './define_parity_suite';

// tfjs-node (backend name 'tensorflow'), installed offline by scripts/tfjs-node/install.sh.
defineParitySuite('tensorflow');
