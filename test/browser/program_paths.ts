/**
 * What a fixture case exercises on webgl, as a set of keys, so that WebGL1 can run a subset of the cases that still
 * covers every key WebGL2 saw (parity_suite.ts).
 *
 * Why a subset is enough: webgl runs the same programs under WebGL2 and WebGL1. This package's shader generators
 * (kernels/webgl) never read the WebGL version; tfjs wraps a program's code in the GLSL dialect and texture
 * sampling of the context. So a program whose code differs only in its constants (sizes, strides, trip counts, table
 * offsets) is the same path in both dialects, and running it once per dialect on each input kind exercises what
 * WebGL1 changes. The suite checks that premise on every run: the programs WebGL1 runs for the chosen cases must be
 * the paths WebGL2 ran for them, but for tfjs's texture upload and download conversions (TEXTURE_CODECS), whose
 * code is written per texture format and which every case runs.
 */

/** tfjs's programs that convert between a tensor's values and the context's texture format, per WebGL version. */
export const TEXTURE_CODECS = /^(Encode|Decode)Matrix(Packed)?Program:/;

/** The part of a tfjs GPGPUProgram this looks at. */
interface WebGLProgramLike {
  constructor: {name: string};
  userCode: string;
  packedInputs?: boolean;
  packedOutput?: boolean;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short name for a program's code. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A program's path: its class, whether it reads and writes packed textures, and its code with every number masked
 * (the constants that differ between geometries do not make another path; a different loop, branch, table read or
 * dtype does).
 */
export function programPath(program: WebGLProgramLike): string {
  const code = program.userCode.replace(/\b\d+(\.\d*)?([eE][-+]?\d+)?\b/g, '#').replace(/\s+/g, ' ');
  const packing = `${program.packedInputs ? 'p' : 'u'}${program.packedOutput ? 'p' : 'u'}`;
  return `${program.constructor.name}:${packing}:${hash(code)}`;
}

/** What the input of a case holds that the dialects treat differently: its dtype and its special values. */
export function inputKind(op: string, dtype: string, values: ArrayLike<number>): string {
  let nan = false;
  let inf = false;
  let negZero = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) nan = true;
    else if (!Number.isFinite(v)) inf = true;
    else if (v === 0 && 1 / v < 0) negZero = true;
  }
  return `input:${op}:${dtype}${nan ? ':nan' : ''}${inf ? ':inf' : ''}${negZero ? ':-0' : ''}`;
}

/**
 * Greedy set cover: indices of cases whose keys together hold every key of every case, picking at each step the
 * case with the most keys not yet covered (ties: the earlier case). A case with no keys is never picked.
 */
export function coveringCases(keys: string[][]): number[] {
  const uncovered = new Set(keys.flat());
  const chosen: number[] = [];
  while (uncovered.size > 0) {
    let best = -1;
    let bestGain = 0;
    keys.forEach((k, i) => {
      let gain = 0;
      for (const key of new Set(k)) if (uncovered.has(key)) gain++;
      if (gain > bestGain) [best, bestGain] = [i, gain];
    });
    chosen.push(best);
    for (const key of keys[best]) uncovered.delete(key);
  }
  return chosen.sort((a, b) => a - b);
}
