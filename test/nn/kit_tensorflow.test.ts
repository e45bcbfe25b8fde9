import {defineKitSuite} from './kit_parity';

defineKitSuite('tensorflow');
