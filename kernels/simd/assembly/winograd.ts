// AssemblyScript source of the kit's 3 × 3 stride-1 convolution, Winograd F(2×2, 3×3) (src/geometry/winograd.ts),
// compiled by scripts/build-simd.mjs through modules/winograd.ts and run by kernels/shared/winograd.ts. Float32,
// channels-last: x [N, H, W, Ci], out [N, Ho, Wo, Co].
//
// Per block of `T` tiles (the plan's): the input transform of every tile, 4 channels a vector, into v (element ξ of
// tile t at v[ξ][t][ci]); then per element ξ the product v[ξ] (T × Ci) · u[ξ] (Ci × Co) into m[ξ] (T × Co), by a
// 4-row, 8-column micro-kernel (gemm.ts) whose filter panel u[ξ][group] (Ci × 8, packed so) stays in L1 while the block's
// rows run past it; then the output transform, the bias and the ReLU, 4 channels a vector. A block's rows past the
// last tile (up to a multiple of 4) repeat tile 0, so the micro-kernel needs no row tail; their outputs are never
// stored. The last block computes only its own tiles' rows (a 13 × 13 output has 49 tiles: 52 rows, not 64).

import {gemm4x8} from './gemm';
import {WG_COLUMNS, WG_ELEMENTS, WG_PATCH, WG_TILE, wgInputTile, wgOutputTile} from './winograd_transforms';

/**
 * out = conv(x, filter) + bias (ReLU'd where `relu`): `u` the packed transformed filter [16, Co / 8, Ci, 8], `bias`
 * Co floats or 0, `v` and `m` scratch of 16 · T · Ci and 16 · T · Co floats. Tiles start at (m·ty − padTop,
 * m·tx − padLeft), m = WG_TILE; tilesW tiles per tile row, `tiles` per batch entry. The tiling constants come with the
 * transforms from src/geometry/winograd.ts.
 */
export function wgConv(x: usize, u: usize, bias: usize, out: usize, v: usize, m: usize, N: i32, H: i32, W: i32,
                       Ci: i32, Co: i32, padTop: i32, padLeft: i32, Ho: i32, Wo: i32, tilesW: i32, tiles: i32,
                       relu: bool, T: i32): void {
  const groups = Co / WG_COLUMNS;
  const vs = (<usize>T * Ci) << 2;
  const ms = (<usize>T * Co) << 2;
  const rowB = (<usize>W * Ci) << 2;
  const colB = <usize>Ci << 2;
  const rowO = (<usize>Wo * Co) << 2;
  const colO = <usize>Co << 2;
  const zero = f32x4.splat(0);
  for (let n = 0; n < N; n++) {
    const xn = x + ((<usize>n * H * W * Ci) << 2);
    const on = out + ((<usize>n * Ho * Wo * Co) << 2);
    for (let t0 = 0; t0 < tiles; t0 += T) {
      const count = min(T, tiles - t0);
      // rows of this block's products: its tiles, rounded up to the micro-kernel's 4
      const rows4 = (count + 3) & ~3;
      for (let t = 0; t < rows4; t++) {
        const tile = t0 + (t < count ? t : 0);
        const ty = tile / tilesW;
        const y0 = WG_TILE * ty - padTop;
        const x0 = WG_TILE * (tile - ty * tilesW) - padLeft;
        const inside = y0 >= 0 && x0 >= 0 && y0 + WG_PATCH <= H && x0 + WG_PATCH <= W;
        // the patch's first cell, possibly outside x (its loads are then skipped)
        const q = xn + (<usize>(y0 * W + x0) * Ci << 2);
        const o = v + ((<usize>t * Ci) << 2);
        for (let ci = 0; ci < Ci; ci += 4) {
          wgInputTile(q + (<usize>ci << 2), rowB, colB, y0, x0, H, W, inside, o + (<usize>ci << 2), vs);
        }
      }
      for (let xi = 0; xi < WG_ELEMENTS; xi++) {
        const vx = v + <usize>xi * vs;
        const mx = m + <usize>xi * ms;
        for (let g = 0; g < groups; g++) {
          const panel = u + ((<usize>(xi * groups + g) * Ci * WG_COLUMNS) << 2);
          for (let r = 0; r < rows4; r += 4) {
            const c = mx + ((<usize>(r * Co + g * WG_COLUMNS)) << 2);
            gemm4x8(vx + ((<usize>r * Ci) << 2), colB, panel, Ci, c, colO, zero, zero, false);
          }
        }
      }
      for (let t = 0; t < count; t++) {
        const tile = t0 + t;
        const ty = tile / tilesW;
        const oy = WG_TILE * ty;
        const ox = WG_TILE * (tile - ty * tilesW);
        const ob = on + ((<usize>(oy * Wo + ox) * Co) << 2);
        const rows = min(WG_TILE, Ho - oy);
        const cols = min(WG_TILE, Wo - ox);
        for (let co = 0; co < Co; co += 4) {
          const b = bias ? v128.load(bias + (<usize>co << 2)) : zero;
          wgOutputTile(m + ((<usize>(t * Co + co)) << 2), ms, b, relu, ob + (<usize>co << 2), rowO, colO, rows, cols);
        }
      }
    }
  }
}
