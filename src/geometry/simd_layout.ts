/**
 * The SIMD modules' reduction layouts (kernels/shared/box_simd.ts runs them; kernels/simd/assembly/box_simd.ts
 * explains the lanes): derived from a plan's tables and strided windows here, like every other layout.
 *
 * Lanes along rows need the last axis's windows strided (output o covers padded [o*S, o*S + K), input w = padded - P,
 * checked against the tables by stridedWindows and phaseCover) and use scratch rows whose lengths are:
 *   M   forward phase-row length, a multiple of 4 (0: the input is read in place: every window inside its row at
 *       stride 1 or 2);
 *   Md  backward delta-row length, Qd of them leading zeros; Mi backward input phase-row length (a multiple of 4).
 */
import type {BoxPlan} from './box_plan';
import {perPlan} from './per_plan';
import {phaseCover, stridedWindows3} from './strided_windows';

export interface SimdRowsLayout {
  K: number;
  S: number;
  P: number;
  M: number;
  Md: number;
  Qd: number;
  Mi: number;
}

/** The rows layout of a plan, or null when its last axis's windows are not strided. */
export const simdRowsLayout = perPlan((plan: BoxPlan, spec): SimdRowsLayout | null => {
  const a2 = plan.axes3[2];
  const W = a2.inSize;
  const O2 = a2.outSize;
  const w = stridedWindows3(plan, spec)[2];
  const phases = w === null ? null : phaseCover(a2, w);
  if (w === null || phases === null || O2 <= 0 || W <= 0) return null;
  const {k: K, s: S, p: P} = w;
  const O2r = (O2 + 3) & ~3;
  // Forward phase rows: lane reads reach index (O2r - 1) + floor((K - 1) / S), and the rows hold P + W.
  const direct = S <= 2 && P === 0 && O2 >= 4 && (O2 - 1) * S + K <= W;
  // A multiple of 4: the module zero-fills rows a vector at a time.
  const M = direct ? 0 : (Math.max(O2r + Math.floor((K - 1) / S), Math.ceil((P + W) / S)) + 3) & ~3;
  // Backward: input i = r + S*m is covered by outputs m + lo[r] .. m + lo[r] + n[r] - 1.
  const Qd = Math.max(0, -Math.min(...phases.lo));
  const Mi = (Math.ceil(W / S) + 3) & ~3;
  let Md = Qd + O2;
  for (let r = 0; r < S; r++) Md = Math.max(Md, Mi + phases.lo[r] + Qd + phases.n[r]);
  return {K, S, P, M, Md, Qd, Mi};
});
