/**
 * Which channels of a channels-last adaptive average pool divide their sum once by the product of the window's
 * factors instead of successively (one axis at a time, as every other adaptive pool does); docs/SEMANTICS.md §5.
 *
 * Why: ATen's 2d channels-last adaptive average (cpu_adaptive_avg_pool2d_channels_last and its backward) runs its
 * channel loop as an 8-float vector body, which divides by kh·kw once, and a scalar tail, which divides by kh then
 * by kw; so channels [0, C − C mod 8) take the product and the last C mod 8 the successive quotient. Measured with
 * torch 2.15 under ATEN_CPU_CAPABILITY default, avx2 and avx512: the same 8 in all three. The 3d kernel divides
 * successively in both parts, and 1d runs as 2d with kh = 1, where both quotients agree. Channels-first divides
 * successively everywhere, so in this one case the two layouts differ in the last bit, in PyTorch too.
 */
import type {WindowSpec} from './window_attrs';

/** ATen's channel-loop vector width for float in those kernels (Vectorized<float>::size() of its 2d loop). */
const VECTOR_BODY = 8;

/** Channels c < the returned count divide by the product (adaptive 2d channels-last); 0 for every other pool. */
export function productDivisorChannels(spec: WindowSpec, channels: number): number {
  if (spec.kind !== 'adaptive' || spec.outputSize.length > 2) return 0;
  return channels - (channels % VECTOR_BODY);
}
