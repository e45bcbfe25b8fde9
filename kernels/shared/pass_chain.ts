/**
 * The one loop of the GPU kernels' multi-pass work (bounded windows in chunks, cascades of partial sums, sorting
 * networks): each pass reads the previous pass's output and writes a new one. Ownership is the point: the chain
 * owns every intermediate, disposes it as soon as the next pass has produced its own, and, when a pass throws (a
 * shader that does not compile, a texture larger than the GPU allows), disposes the last one before rethrowing,
 * so a failed kernel leaks nothing. The caller owns only what the last pass returns.
 *
 * Backend-free (webgl and webgpu each pass their own dispose), so that both backends run the same loop.
 */

/**
 * Runs passes 0 … count-1. Pass k gets its index and the previous pass's output (null for pass 0, which reads the
 * caller's inputs, never disposed here) and returns its own output. Returns the last pass's output.
 */
export function runPasses<T>(count: number, pass: (k: number, prev: T | null) => T, dispose: (t: T) => void): T {
  if (count < 1) throw new Error(`runPasses: a chain needs at least one pass, got ${count}`);
  let prev: T | null = null;
  try {
    for (let k = 0; k < count; k++) {
      const next = pass(k, prev);
      if (prev !== null) dispose(prev);
      prev = next;
    }
    const out = prev as T;
    prev = null;
    return out;
  } finally {
    if (prev !== null) dispose(prev);
  }
}
