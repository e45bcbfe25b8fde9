/**
 * Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks",
 * 2015), the one definition of the 3 × 3 stride-1 convolution the kit runs on wasm and cpu: each 2 × 2 block of
 * outputs ("tile") is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, d the 4 × 4 input patch under the tile, g the 3 × 3 filter. Summed
 * over input channels, the 16 element-wise products become 16 matrix products (tiles × Ci by Ci × Co), 16 products
 * of 36 per tile and channel pair instead of 36: 2.25× fewer multiplications than the direct convolution.
 *
 * The matrices hold 0, ±1 and ±½ only, so the transforms add no rounding beyond the sums' own (½ is exact in
 * float32): the outputs differ from a direct convolution's by the order of the additions, as two convolution
 * libraries do. PyTorch's CPU convolution (oneDNN) is itself no bit-level reference for the kit.
 *
 * Here: the matrices; the plan of one call (tiles, scratch, the packed filter's layout); and the AssemblyScript of the
 * two tile transforms, emitted from BT and AT (scripts/build-simd.mjs writes kernels/simd/assembly/
 * winograd_transforms.ts from `winogradTransformsAssembly`; test/geometry/winograd.test.ts checks the matrices
 * against the direct convolution). The filter transform G g Gᵀ runs as tensor ops (src/nn/conv.ts), once per weight.
 */

/** Bᵀ: the input transform, 4 × 4 (d ↦ Bᵀ d B). */
export const WINOGRAD_BT: readonly (readonly number[])[] = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];

/** G: the filter transform, 4 × 3 (g ↦ G g Gᵀ). */
export const WINOGRAD_G: readonly (readonly number[])[] = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];

/** Aᵀ: the output transform, 2 × 4 (m ↦ Aᵀ m A). */
export const WINOGRAD_AT: readonly (readonly number[])[] = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];

/** Outputs per tile side (m), input patch side (α = m + r − 1), filter side (r). */
export const WINOGRAD_M = WINOGRAD_AT.length;
export const WINOGRAD_ALPHA = WINOGRAD_BT.length;
export const WINOGRAD_R = WINOGRAD_G[0].length;

/**
 * Tiles per block: the rows of one block's 16 matrix products, a multiple of the micro-kernel's 4 rows. A block's
 * scratch, 16 · 16 · (Ci + Co) floats, stays in L2 (256 KB at Ci = Co = 128); 16 measured best against 8 and 32.
 */
export const WINOGRAD_BLOCK = 16;
/** The packed filter's column group: [α², Co / 8, Ci, 8], 8 output channels (two SIMD vectors) per group. */
export const WINOGRAD_COLUMNS = 8;
/** Input channels are read 4 at a time (one SIMD vector). */
export const WINOGRAD_CHANNEL_QUANTUM = 4;

export interface WinogradPlan {
  batch: number;
  inH: number;
  inW: number;
  inChannels: number;
  outChannels: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
  /** [N, Ho, Wo, Co], channels-last */
  outShape: number[];
  /** tiles along the output's width; tiles in all (per batch entry) */
  tilesW: number;
  tiles: number;
  block: number;
  /** shape of the transformed, packed filter: [α², Co / 8, Ci, 8] */
  packedFilterShape: [number, number, number, number];
  /** scratch floats: the block's transformed inputs (α² · block · Ci) and products (α² · block · Co) */
  scratchV: number;
  scratchM: number;
}

/**
 * The plan of a 3 × 3, stride 1, undilated, single-group convolution of x [N, H, W, Ci] (channels-last) into Co
 * channels with zero padding [[top, bottom], [left, right]], or null where this path does not apply: channel counts
 * off the SIMD quanta, an empty output, or a tensor past int32 byte addressing.
 */
export function planWinograd(
  xShape: readonly number[],
  outChannels: number,
  pads: readonly (readonly [number, number])[],
): WinogradPlan | null {
  if (xShape.length !== 4 || pads.length !== 2) return null;
  const [batch, inH, inW, inChannels] = xShape;
  const [[top, bottom], [left, right]] = pads;
  const outH = inH + top + bottom - (WINOGRAD_R - 1);
  const outW = inW + left + right - (WINOGRAD_R - 1);
  if (inChannels % WINOGRAD_CHANNEL_QUANTUM !== 0 || outChannels % WINOGRAD_COLUMNS !== 0) return null;
  if (batch < 1 || inChannels < 1 || outChannels < 1 || outH < 1 || outW < 1) return null;
  const tilesW = Math.ceil(outW / WINOGRAD_M);
  const tiles = Math.ceil(outH / WINOGRAD_M) * tilesW;
  const a2 = WINOGRAD_ALPHA * WINOGRAD_ALPHA;
  const bytes = 4 * Math.max(batch * inH * inW * inChannels, batch * outH * outW * outChannels);
  if (bytes >= 2 ** 31 || 4 * a2 * inChannels * outChannels >= 2 ** 31) return null;
  return {
    batch,
    inH,
    inW,
    inChannels,
    outChannels,
    padTop: top,
    padLeft: left,
    outH,
    outW,
    outShape: [batch, outH, outW, outChannels],
    tilesW,
    tiles,
    block: WINOGRAD_BLOCK,
    packedFilterShape: [a2, outChannels / WINOGRAD_COLUMNS, inChannels, WINOGRAD_COLUMNS],
    scratchV: a2 * WINOGRAD_BLOCK * inChannels,
    scratchM: a2 * WINOGRAD_BLOCK * outChannels,
  };
}

/**
 * Σ_k c[k]·v[k] as an AssemblyScript f32x4 expression: terms in index order, a positive one first (no negation),
 * ±1 as add/sub, other coefficients as a multiply by a splat.
 */
function combination(coefficients: readonly number[], terms: readonly string[]): string {
  const nonzero = coefficients.map((c, k) => [c, terms[k]] as const).filter(([c]) => c !== 0);
  const first = nonzero.findIndex(([c]) => c > 0);
  if (first < 0) throw new Error('winograd: a transform row without a positive coefficient');
  const scaled = (c: number, t: string) =>
    Math.abs(c) === 1 ? t : `f32x4.mul(f32x4.splat(<f32>${Math.abs(c)}), ${t})`;
  const [c0, t0] = nonzero[first];
  let e = scaled(c0, t0);
  nonzero.forEach(([c, t], i) => {
    if (i !== first) e = `f32x4.${c > 0 ? 'add' : 'sub'}(${e}, ${scaled(c, t)})`;
  });
  return e;
}

/**
 * The AssemblyScript of the two tile transforms, from BT and AT:
 * - `wgInputTile`: loads the 4 × 4 patch of 4 channels at `q` (rows `rowB`, columns `colB` bytes apart; cells
 *   outside the input, per `inside`, read as 0) and stores Bᵀ d B, element ξ at `o + ξ · vs`;
 * - `wgOutputTile`: loads the products m (element ξ at `base + ξ · ms`) and stores Aᵀ m A + bias (ReLU'd where
 *   `relu`) at `o`, output (i, j) at `o + i · rowO + j · colO` where i < rows and j < cols.
 */
export function winogradTransformsAssembly(): string {
  const A = WINOGRAD_ALPHA;
  const M = WINOGRAD_M;
  const range = (n: number) => Array.from({length: n}, (_, i) => i);
  const lines: string[] = [
    '// Generated by scripts/build-simd.mjs from src/geometry/winograd.ts (WINOGRAD_BT, WINOGRAD_AT). Do not edit.',
    '// The tile transforms of F(2×2, 3×3) and the tiling constants: see that file.',
    '',
    '/** Outputs per tile side (m), input patch side (α), transform elements (α²), packed filter columns. */',
    `export const WG_TILE: i32 = ${M};`,
    `export const WG_PATCH: i32 = ${A};`,
    `export const WG_ELEMENTS: i32 = ${A * A};`,
    `export const WG_COLUMNS: i32 = ${WINOGRAD_COLUMNS};`,
    '',
    '@inline',
    'export function wgInputTile(q: usize, rowB: usize, colB: usize, y0: i32, x0: i32, H: i32, W: i32, inside: bool,',
    '                            o: usize, vs: usize): void {',
    '  const zero = f32x4.splat(0);',
  ];
  for (const i of range(A)) {
    for (const j of range(A)) {
      const at = `q + ${i} * rowB + ${j} * colB`;
      lines.push(
        `  const d${i}${j} = inside || (<u32>(y0 + ${i}) < <u32>H && <u32>(x0 + ${j}) < <u32>W) ? v128.load(${at}) : zero;`,
      );
    }
  }
  // rows: h[i][j] = Σ_k BT[j][k] d[i][k]; then V[i][j] = Σ_k BT[i][k] h[k][j]
  for (const i of range(A)) {
    for (const j of range(A)) {
      lines.push(
        `  const h${i}${j} = ${combination(
          WINOGRAD_BT[j],
          range(A).map(k => `d${i}${k}`),
        )};`,
      );
    }
  }
  for (const i of range(A)) {
    for (const j of range(A)) {
      const e = combination(
        WINOGRAD_BT[i],
        range(A).map(k => `h${k}${j}`),
      );
      lines.push(`  v128.store(o + ${i * A + j} * vs, ${e});`);
    }
  }
  lines.push(
    '}',
    '',
    '@inline',
    'export function wgOutputTile(base: usize, ms: usize, bias: v128, relu: bool, o: usize, rowO: usize, colO: usize,',
    '                             rows: i32, cols: i32): void {',
    '  const zero = f32x4.splat(0);',
  );
  for (const i of range(A)) {
    for (const j of range(A)) lines.push(`  const m${i}${j} = v128.load(base + ${i * A + j} * ms);`);
  }
  // r[i][j] = Σ_k AT[i][k] m[k][j]; then y[i][j] = Σ_k AT[j][k] r[i][k] + bias
  for (const i of range(M)) {
    for (const j of range(A)) {
      lines.push(
        `  const r${i}${j} = ${combination(
          WINOGRAD_AT[i],
          range(A).map(k => `m${k}${j}`),
        )};`,
      );
    }
  }
  for (const i of range(M)) {
    for (const j of range(M)) {
      const e = combination(
        WINOGRAD_AT[j],
        range(A).map(k => `r${i}${k}`),
      );
      lines.push(`  let y${i}${j} = f32x4.add(${e}, bias);`);
      lines.push(`  if (relu) y${i}${j} = f32x4.max(y${i}${j}, zero);`);
      const cond = [i > 0 ? `rows > ${i}` : '', j > 0 ? `cols > ${j}` : ''].filter(Boolean).join(' && ');
      const store = `v128.store(o + ${i} * rowO + ${j} * colO, y${i}${j});`;
      lines.push(cond ? `  if (${cond}) ${store}` : `  ${store}`);
    }
  }
  lines.push('}', '');
  return lines.join('\n');
}
