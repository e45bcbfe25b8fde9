/**
 * The kit's 1 × 1, stride-1, unpadded, single-group convolution on wasm and cpu (kernels/simd/assembly/pointwise.ts):
 * a channels-last input [N, H, W, Ci] is the matrix of M = N·H·W cells by Ci channels, so the convolution is one
 * matrix product with the filter [Ci, Co], plus the bias (and the ReLU of a fused ConvReLU2d). The filter is packed
 * [Co / 8, Ci, 8]: one panel of 8 output channels per micro-kernel call (two SIMD vectors). Each output adds its Ci
 * products in order from the bias, as tfjs-wasm's XNNPACK convolution does.
 */

/** Output channels per packed panel. */
export const POINTWISE_COLUMNS = 8;
/**
 * Rows (cells) per block: their Ci channels are read once per panel, so a block stays in L2 (64 rows of 512
 * channels: 128 KB); the filter's panels run past each block. Measured against 32 and 128 on SqueezeNet's layers.
 */
export const POINTWISE_BLOCK = 64;

export interface PointwisePlan {
  /** cells: N·H·W */
  rows: number;
  inChannels: number;
  outChannels: number;
  outShape: number[];
  /** shape of the packed filter: [Co / 8, Ci, 8] */
  packedFilterShape: [number, number, number];
  block: number;
}

/**
 * The plan of a 1 × 1 convolution of x [N, H, W, Ci] (channels-last) into Co channels, or null where this path does
 * not apply: Co off the 8-column panel, an empty tensor, or one past int32 byte addressing.
 */
export function planPointwise(xShape: readonly number[], outChannels: number): PointwisePlan | null {
  if (xShape.length !== 4) return null;
  const [n, h, w, inChannels] = xShape;
  const rows = n * h * w;
  if (outChannels % POINTWISE_COLUMNS !== 0 || rows < 1 || inChannels < 1 || outChannels < 1) return null;
  if (4 * Math.max(rows * inChannels, rows * outChannels, inChannels * outChannels) >= 2 ** 31) return null;
  return {
    rows,
    inChannels,
    outChannels,
    outShape: [n, h, w, outChannels],
    packedFilterShape: [outChannels / POINTWISE_COLUMNS, inChannels, POINTWISE_COLUMNS],
    block: POINTWISE_BLOCK,
  };
}
