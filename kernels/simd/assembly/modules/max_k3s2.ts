// One module per entry keeps each under the 4 KB that browsers compile synchronously on the main thread.
export {maxK3S2} from '../max_k3s2';
