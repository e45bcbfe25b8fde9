/**
 * Memory layouts: where a pooled tensor keeps its channel axis. Window geometry (plans, tables, divisors, indices) is
 * the same in both; only the address of a (plane, cell) pair differs, and this file is the one place that says how.
 *
 * A tensor pooled over its `nd` spatial axes has a logical shape in PyTorch's order, `[...batch, C, ...spatial]`
 * (batch is one axis or none), and is stored either that way ('channelsFirst', NCHW) or with the channel axis last
 * ('channelsLast', NHWC: `[...batch, ...spatial, C]`, PyTorch's `memory_format=torch.channels_last`). Planes are
 * numbered in logical order, `p = n·C + c`, whatever the layout, and a cell is its row-major position in the plane
 * (what max pooling's indices hold), so every plan and every index means the same thing in both layouts.
 */

export type MemoryLayout = 'channelsFirst' | 'channelsLast';

/** The layout a kernel's attrs name; a missing attr (a kernel call recorded before layouts existed) is channels-first. */
export function layoutOf(attr: unknown): MemoryLayout {
  return attr === 'channelsLast' ? 'channelsLast' : 'channelsFirst';
}

/** The logical (channels-first) shape of a tensor stored as `shape` in `layout`, pooled over `nd` spatial axes. */
export function logicalShape(shape: readonly number[], nd: number, layout: MemoryLayout): number[] {
  if (layout === 'channelsFirst' || shape.length <= nd) return [...shape];
  const batch = shape.slice(0, shape.length - nd - 1);
  return [...batch, shape[shape.length - 1], ...shape.slice(shape.length - nd - 1, shape.length - 1)];
}

/** The stored shape, in `layout`, of a tensor whose logical (channels-first) shape is `logical`. */
export function storedShape(logical: readonly number[], nd: number, layout: MemoryLayout): number[] {
  if (layout === 'channelsFirst' || logical.length <= nd) return [...logical];
  const batch = logical.slice(0, logical.length - nd - 1);
  return [...batch, ...logical.slice(logical.length - nd), logical[logical.length - nd - 1]];
}

/**
 * The permutation that turns a tensor stored channels-first into channels-last (`tf.transpose(x, perm)`), for a
 * tensor of rank `rank` pooled over `nd` axes; its inverse is {@link toChannelsFirstPerm}.
 */
export function toChannelsLastPerm(rank: number, nd: number): number[] {
  const c = rank - nd - 1;
  return [...Array.from({length: c}, (_, i) => i), ...Array.from({length: nd}, (_, i) => c + 1 + i), c];
}

export function toChannelsFirstPerm(rank: number, nd: number): number[] {
  const c = rank - nd - 1;
  return [...Array.from({length: c}, (_, i) => i), rank - 1, ...Array.from({length: nd}, (_, i) => c + i)];
}

/**
 * How (plane, cell) maps to a flat offset of a tensor in `layout`: `planeBase(p) + cell · cellStride`.
 * channels-first: planes are contiguous (`p·planeSize + cell`); channels-last: the channels of one cell are
 * contiguous (`(n·planeSize + cell)·C + c` with `p = n·C + c`).
 */
export interface PlaneAddressing {
  readonly layout: MemoryLayout;
  /** number of planes: batch × channels */
  readonly planes: number;
  /** C: planes per batch entry (1 for a channels-first tensor with no channel axis) */
  readonly channels: number;
  /** cells per plane: the product of the spatial sizes */
  readonly planeSize: number;
  /** distance between two neighbouring cells of one plane: 1, or C channels-last */
  readonly cellStride: number;
  /** flat offset of cell 0 of plane p */
  planeBase(p: number): number;
}

/** The addressing of a tensor with logical (channels-first) shape `logical`, pooled over its `nd` trailing axes. */
export function planeAddressing(logical: readonly number[], nd: number, layout: MemoryLayout): PlaneAddressing {
  const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);
  const planeSize = prod(logical.slice(logical.length - nd));
  const planes = prod(logical.slice(0, logical.length - nd));
  if (layout === 'channelsFirst' || logical.length <= nd) {
    const channels = logical.length > nd ? logical[logical.length - nd - 1] : 1;
    return {layout: 'channelsFirst', planes, channels, planeSize, cellStride: 1, planeBase: p => p * planeSize};
  }
  const channels = logical[logical.length - nd - 1];
  return {
    layout,
    planes,
    channels,
    planeSize,
    cellStride: channels,
    planeBase: p => Math.floor(p / channels) * planeSize * channels + (p % channels),
  };
}
