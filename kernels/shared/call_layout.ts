/**
 * A kernel call's memory layout (src/geometry/memory_layout.ts) as the GPU kernels use it: the logical
 * (channels-first) shape its plan is built from, C for the shaders' addressing (kernels/webgl/layout_glsl.ts,
 * kernels/webgpu/layout_wgsl.ts), and the stored shape of a logical output.
 */
import {MemoryLayout, layoutOf, logicalShape, planeAddressing, storedShape} from '../../src/geometry';

/** What a shader needs of a layout: the order, and C (planes per batch entry). */
export interface ShaderLayout {
  readonly layout: MemoryLayout;
  readonly channels: number;
}

export const CHANNELS_FIRST: ShaderLayout = {layout: 'channelsFirst', channels: 1};

export interface CallLayout extends ShaderLayout {
  readonly logical: number[];
  stored(logical: number[]): number[];
}

/** The layout of a call whose attrs name `attr`, for a tensor stored as `shape`, pooled over `nd` axes. */
export function callLayout(attr: unknown, shape: number[], nd: number): CallLayout {
  const logical = logicalShape(shape, nd, layoutOf(attr));
  const a = planeAddressing(logical, nd, layoutOf(attr));
  return {
    layout: a.layout,
    channels: a.layout === 'channelsFirst' ? 1 : a.channels,
    logical,
    stored: s => storedShape(s, nd, a.layout),
  };
}
