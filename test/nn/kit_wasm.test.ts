import {defineKitSuite} from './kit_parity';

defineKitSuite('wasm');
