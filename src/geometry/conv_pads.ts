/**
 * Convolution padding, per spatial axis: the [before, after] amounts PyTorch pads (symmetric ints, 'valid', or
 * 'same' with the odd cell after, as `_ConvNd.__init__` computes `_reversed_padding_repeated_twice`), and the
 * source index of every padded cell for the non-zero padding modes (F.pad's reflect, replicate, circular).
 * Pure arithmetic: the nn layers gather with these tables, so the modes have one definition.
 */

export type ConvPadding = readonly number[] | 'same' | 'valid';
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** [before, after] per spatial axis. 'same' pads dilation·(k−1) in total, the larger half after. */
export function convPads(
  padding: ConvPadding,
  kernel: readonly number[],
  dilation: readonly number[],
): Array<[number, number]> {
  return kernel.map((k, i) => {
    if (padding === 'valid') return [0, 0];
    if (padding === 'same') {
      const total = dilation[i] * (k - 1);
      const before = Math.floor(total / 2);
      return [before, total - before];
    }
    return [padding[i], padding[i]];
  });
}

/**
 * For an axis of `length` cells padded by `before` and `after`, the input index each of the
 * `before + length + after` output cells copies: reflect mirrors without repeating the edge, replicate repeats the
 * edge, circular wraps around. Callers check PyTorch's limits first (reflect: pad < length; circular: pad ≤ length).
 */
export function padSourceIndices(
  length: number,
  before: number,
  after: number,
  mode: Exclude<PaddingMode, 'zeros'>,
): number[] {
  const out: number[] = [];
  for (let j = -before; j < length + after; j++) {
    if (mode === 'replicate') {
      out.push(Math.min(Math.max(j, 0), length - 1));
    } else if (mode === 'circular') {
      out.push(((j % length) + length) % length);
    } else {
      const period = 2 * (length - 1);
      let m = period === 0 ? 0 : ((j % period) + period) % period;
      if (m >= length) m = period - m;
      out.push(m);
    }
  }
  return out;
}

/** PyTorch's conv output length: floor((L + before + after − dilation·(k−1) − 1) / stride) + 1. */
export function convOutputSize(
  length: number,
  pads: readonly [number, number],
  kernel: number,
  stride: number,
  dilation: number,
): number {
  return Math.floor((length + pads[0] + pads[1] - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** ConvTranspose's output length: (L − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1. */
export function convTransposeOutputSize(
  length: number,
  kernel: number,
  stride: number,
  padding: number,
  dilation: number,
  outputPadding: number,
): number {
  return (length - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}
