// One module per entry keeps each under the 4 KB that browsers compile synchronously on the main thread.
export {clAvgBackward} from '../channels_last_avg';
