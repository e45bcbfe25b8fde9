import {defineParitySuite} from './define_parity_suite';

defineParitySuite('wasm');
