/**
 * The `dataFormat` option of the pooling ops (docs/layouts.md): tfjs's names for where the channel axis lies, read
 * into a {@link MemoryLayout}, and the one way an op runs a kernel on a tensor stored in that layout: natively where
 * the backend registered the kernel for channels-last (src/registry.ts), otherwise by transposing around the
 * channels-first kernel. Shapes and argument checks use the logical (channels-first) shape, as PyTorch's
 * channels-last tensors have their logical NCHW shape; only the stored order differs.
 */
import {NamedAttrMap, Tensor, customGrad, engine, pad, reshape, slice, tidy, transpose} from '@tensorflow/tfjs-core';
import {MemoryLayout, layoutOf, toChannelsFirstPerm, toChannelsLastPerm} from '../geometry';
import {runsChannelsLast} from '../registry';
import {TorchError} from './torch_errors';

/**
 * `dataFormat` of the 1d pools: `'NCW'` (PyTorch's order, the default) or `'NWC'` (channels last, `(N, W, C)` or
 * unbatched `(W, C)`).
 * @group Options
 */
export type DataFormat1d = 'NCW' | 'NWC';
/**
 * `dataFormat` of the 2d pools: `'NCHW'` (PyTorch's order, the default) or `'NHWC'` (channels last, tfjs's own order:
 * `(N, H, W, C)` or unbatched `(H, W, C)`).
 * @group Options
 */
export type DataFormat2d = 'NCHW' | 'NHWC';
/**
 * `dataFormat` of the 3d pools: `'NCDHW'` (PyTorch's order, the default) or `'NDHWC'` (channels last: `(N, D, H, W,
 * C)` or unbatched `(D, H, W, C)`).
 * @group Options
 */
export type DataFormat3d = 'NCDHW' | 'NDHWC';

/**
 * The option key every pooling op takes beside PyTorch's keywords (keyword-only: PyTorch has no such argument, so
 * the modules never take it by position, and the property tests' tables of PyTorch's keywords leave it out).
 */
export const LAYOUT_KEYWORDS = ['dataFormat'] as const;

/** [channels-first name, channels-last name] per number of pooled axes. */
export const DATA_FORMATS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['NCW', 'NWC'],
  2: ['NCHW', 'NHWC'],
  3: ['NCDHW', 'NDHWC'],
};

/**
 * Reads `dataFormat` (absent: channels-first). Anything else than the two names of this rank is a ValueError that
 * names both, in the words tfjs uses for its own `dataFormat` (`… must be 'NCHW' or 'NHWC', but got 'nhwc'`):
 * a misspelt layout must never silently pool the wrong axes.
 */
export function parseDataFormat(op: string, value: unknown, nd: number): MemoryLayout {
  if (value === undefined) return 'channelsFirst';
  const [first, last] = DATA_FORMATS[nd];
  if (value === first) return 'channelsFirst';
  if (value === last) return 'channelsLast';
  const got = typeof value === 'string' ? `'${value}'` : value === null ? 'None' : typeof value;
  throw new TorchError('ValueError', `${op}(): dataFormat must be '${first}' or '${last}', but got ${got}`);
}

/** The attrs of a kernel call in `layout`: channels-first calls keep the attrs they had before layouts existed. */
export function layoutAttrs<T extends object>(attrs: T, layout: MemoryLayout): T & {layout?: MemoryLayout} {
  return layout === 'channelsLast' ? {...attrs, layout} : attrs;
}

/**
 * Runs `kernelName` on `inputs`, all stored in the layout `attrs.layout` names with `nd` pooled axes, and returns
 * its outputs in that layout.
 *
 * - channels-first: the kernel, as always;
 * - channels-last on a backend that registered the kernel natively: the kernel, with `layout: 'channelsLast'`;
 * - otherwise: every input transposed to channels-first, the channels-first kernel, every output transposed back.
 *
 * `strayReach` (max pools' gradients only, geometry/stray_gradients.ts): when > 0, a padding-only window's gradient
 * crosses planes, and channels-last PyTorch sends it `back` batch entries on in the same channel, where a
 * channels-first kernel sends it `back` planes on. The fallback then orders the planes channel-major,
 * `[C, N + strayReach, …spatial]` (the added planes zero), so that `back` planes on is `back` batch entries on and
 * a route past the last batch entry lands in an added plane, which is cut off: PyTorch's channels-last routing from
 * the channels-first kernel. Routes out of the added planes carry their zero gradient (+0 leaves PyTorch's sums,
 * never −0, as they are).
 */
export function runInLayout(
  kernelName: string,
  inputs: Record<string, Tensor>,
  attrs: object,
  nd: number,
  strayReach = 0,
): Tensor | Tensor[] {
  const a = attrs as NamedAttrMap;
  if (layoutOf(a.layout) === 'channelsFirst' || runsChannelsLast(engine().backendName, kernelName)) {
    return engine().runKernel(kernelName, inputs, a) as Tensor | Tensor[];
  }
  const firstAttrs = {...a};
  delete firstAttrs.layout;
  return tidy(() => {
    const arranged: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(inputs)) arranged[name] = toFallback(t, nd, strayReach);
    const out = engine().runKernel(kernelName, arranged, firstAttrs) as Tensor | Tensor[];
    const like = inputs[Object.keys(inputs)[0]];
    const back = (t: Tensor) => fromFallback(t, nd, strayReach, like.rank === nd + 1 ? null : like.shape[0]);
    return Array.isArray(out) ? out.map(back) : back(out);
  });
}

/**
 * A linear rearrangement (transpose, zero padding, cutting, reshape) with its adjoint as gradient, at any order:
 * tfjs-core alone registers no gradient for Transpose, Pad, Slice or Reshape (the union package does), and the
 * fallback must differentiate with tfjs-core alone, as every op of this package does.
 */
function rearrange(x: Tensor, forward: (t: Tensor) => Tensor, adjoint: (t: Tensor) => Tensor): Tensor {
  const f = customGrad(((a: Tensor) => ({
    value: forward(a),
    gradFunc: (dy: Tensor) => rearrange(dy, adjoint, forward),
  })) as unknown as Parameters<typeof customGrad>[0]);
  return f(x);
}

function permute(x: Tensor, perm: number[]): Tensor {
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return rearrange(
    x,
    t => transpose(t, perm),
    t => transpose(t, inverse),
  );
}

function reshaped(x: Tensor, shape: number[]): Tensor {
  const from = x.shape;
  return rearrange(
    x,
    t => reshape(t, shape),
    t => reshape(t, from),
  );
}

/** The first `keep` entries of axis 1, and the zero padding back to `size` entries: a pair of adjoints. */
function axis1Pair(shape: readonly number[], keep: number, size: number) {
  const pads = shape.map((_, i) => (i === 1 ? [0, size - keep] : [0, 0]) as [number, number]);
  const begin = shape.map(() => 0);
  const cutShape = shape.map((n, i) => (i === 1 ? keep : n));
  return {cut: (t: Tensor) => slice(t, begin, cutShape), grow: (t: Tensor) => pad(t, pads)};
}

/** Keeps the first `keep` entries of axis 1. */
function cutAxis1(x: Tensor, keep: number): Tensor {
  const {cut, grow} = axis1Pair(x.shape, keep, x.shape[1] as number);
  return rearrange(x, cut, grow);
}

/** Appends `extra` zero entries to axis 1. */
function padAxis1(x: Tensor, extra: number): Tensor {
  const keep = x.shape[1] as number;
  const {cut, grow} = axis1Pair(x.shape, keep, keep + extra);
  return rearrange(x, grow, cut);
}

/** A channels-last tensor as the fallback's channels-first kernel takes it (see {@link runInLayout}). */
function toFallback(t: Tensor, nd: number, reach: number): Tensor {
  if (t.rank <= nd) return t;
  if (reach === 0) return permute(t, toChannelsFirstPerm(t.rank, nd));
  const batched = t.rank === nd + 1 ? reshaped(t, [1, ...t.shape]) : t;
  // [N, …spatial, C] → [C, N, …spatial], then `reach` zero batch entries after the last
  return padAxis1(permute(batched, [nd + 1, ...Array.from({length: nd + 1}, (_, i) => i)]), reach);
}

/** The inverse of {@link toFallback} for an output of the channels-first kernel (`batch` null: unbatched). */
function fromFallback(t: Tensor, nd: number, reach: number, batch: number | null): Tensor {
  if (t.rank <= nd) return t;
  if (reach === 0) return permute(t, toChannelsLastPerm(t.rank, nd));
  // [C, N, …spatial] → [N, …spatial, C]
  const stored = permute(cutAxis1(t, batch ?? 1), [...Array.from({length: nd + 1}, (_, i) => i + 1), 0]);
  return batch === null ? reshaped(stored, stored.shape.slice(1)) : stored;
}
