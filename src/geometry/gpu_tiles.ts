/**
 * Bounded work per GPU invocation. A GPU runs a shader invocation to completion; a display driver's watchdog
 * (Windows TDR: 2 s for a whole submission; macOS and Linux drivers similar) resets the device — a lost WebGL or
 * WebGPU context — when one submission runs too long, and a single invocation cannot be preempted. So no invocation
 * of this package's shaders adds up (or compares) more than MAX_WINDOW_ELEMENTS values: 4096 reads of 4 bytes are a few
 * microseconds on any GPU, so even a dispatch of a million such invocations finishes in tens of milliseconds, while
 * the passes that split larger windows stay few (two for any window up to 16M cells). Longer windows, adaptive bins
 * and covering ranges are cut into tiles of at most that many cells: one pass sums each tile, the next ones sum the
 * tiles' partial sums in order, at most MAX_WINDOW_ELEMENTS at a time (summation order changes, within the GPU
 * tolerance of float32: test/support/tolerances.ts).
 */
export const MAX_WINDOW_ELEMENTS = 4096;

/**
 * Program runs needed for loops of `n` iterations, at most `limit` each (at least one): the max family's GPU kernels
 * scan a longer window (or covering range) in row-major chunks, one run each, each continuing from the previous
 * run's result; since the chunks are visited in scan order, ties, NaN and float sums come out exactly as in one loop.
 */
export function passCount(n: number, limit = MAX_WINDOW_ELEMENTS): number {
  return Math.max(1, Math.ceil(n / limit));
}

/** A window of up to spans[d] cells per axis, cut into tiles of tile[d] cells; count[d] tiles per axis. */
export interface WindowTiles {
  tile: [number, number, number];
  count: [number, number, number];
  /** count[0]·count[1]·count[2]: partial sums per output */
  tiles: number;
}

/**
 * Tiles for windows of at most `spans` cells per axis (axes3 order): the innermost axis first gets as many cells as
 * the bound allows, then the next. Every tile holds at most MAX_WINDOW_ELEMENTS cells; null when the whole window
 * already fits (one invocation per output suffices).
 */
export function windowTiles(spans: readonly number[], limit = MAX_WINDOW_ELEMENTS): WindowTiles | null {
  const [s0, s1, s2] = spans.map(s => Math.max(1, s));
  if (s0 * s1 * s2 <= limit) return null;
  const t2 = Math.min(s2, limit);
  const t1 = Math.min(s1, Math.max(1, Math.floor(limit / t2)));
  const t0 = Math.min(s0, Math.max(1, Math.floor(limit / (t1 * t2))));
  const count: [number, number, number] = [Math.ceil(s0 / t0), Math.ceil(s1 / t1), Math.ceil(s2 / t2)];
  return {tile: [t0, t1, t2], count, tiles: count[0] * count[1] * count[2]};
}

/**
 * The passes that reduce `n` consecutive partial sums per output to one, each adding at most `limit` of them per
 * invocation: the chunk length of each pass, in order (empty when n <= 1). Balanced: chunks of about n^(1/passes).
 */
export function chunkPasses(n: number, limit = MAX_WINDOW_ELEMENTS): number[] {
  const passes: number[] = [];
  let left = n;
  while (left > 1) {
    const levels = Math.ceil(Math.log(left) / Math.log(limit) - 1e-9);
    const chunk = Math.min(limit, Math.max(2, Math.ceil(Math.pow(left, 1 / Math.max(1, levels)))));
    passes.push(chunk);
    left = Math.ceil(left / chunk);
  }
  return passes;
}

/**
 * How a GPU mean reduces n elements per output: the chunk each pass adds up per invocation (the last pass leaves
 * one value per output, which it divides by N).
 *   singlePass  n up to this runs as one pass in input order (PyTorch sums short rows sequentially too);
 *   first pass  about √n elements (at least minChunk, at most maxChunk): balanced passes keep more invocations busy
 *               than one long loop per output;
 *   later       'sqrt': the same rule again; 'fewest': as few passes as the bound allows (chunkPasses).
 */
export interface ReductionPolicy {
  singlePass: number;
  minChunk: number;
  maxChunk: number;
  later: 'sqrt' | 'fewest';
}

/** webgl: passes of √n, 16 to 256 (on SwiftShader, 56×56 with windows of 256 took 1.7× tfjs's mean, √n about 1.1×). */
export const WEBGL_MEAN: ReductionPolicy = {singlePass: 0, minChunk: 16, maxChunk: 256, later: 'sqrt'};
/** webgpu: sequential up to 1024, then √n and as few passes as MAX_WINDOW_ELEMENTS allows (two up to 16M). */
export const WEBGPU_MEAN: ReductionPolicy = {
  singlePass: 1024,
  minChunk: 1,
  maxChunk: MAX_WINDOW_ELEMENTS,
  later: 'fewest',
};

export function reductionPasses(n: number, p: ReductionPolicy): number[] {
  if (n <= Math.max(1, p.singlePass)) return [Math.max(1, n)];
  const sqrtChunk = (m: number) => Math.min(m, p.maxChunk, Math.max(p.minChunk, Math.ceil(Math.sqrt(m))));
  const passes = [sqrtChunk(n)];
  let left = Math.ceil(n / passes[0]);
  if (p.later === 'fewest') return [...passes, ...chunkPasses(left, p.maxChunk)];
  while (left > 1) {
    passes.push(sqrtChunk(left));
    left = Math.ceil(left / passes[passes.length - 1]);
  }
  return passes;
}
