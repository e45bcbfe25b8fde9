// One module per entry keeps each under the 4 KB that browsers compile synchronously on the main thread.
export {channelAffine} from '../channel_affine';
