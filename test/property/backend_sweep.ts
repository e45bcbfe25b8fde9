/**
 * The backend sweep: the property test's random geometries (arg_space.ts), run on every backend against the cpu
 * result, so that no backend-specific path (strided shortcuts, gather tables, shaders, SIMD layouts) escapes the
 * fixtures. The calls are the valid ones of a seeded sample, with values every backend holds exactly (small
 * floats; int32 within ±2^24, which webgl stores as float32 — see README, Limits); errors are checked by the
 * property test, as they do not depend on the backend.
 */
import * as fc from 'fast-check';
import {Call, callArb, jsOnly} from './arg_space';
import type {CallOutcome} from './run_call';
import type {Tolerance} from '../support/tolerances';

/** SWEEP_SEED overrides it (`npm run fuzz` sets one per night). */
export const SWEEP_SEED = Number(process.env.SWEEP_SEED ?? 2026);

/** How many valid geometries each backend runs: SWEEP_COUNT, else 2000 (`npm run fuzz -- <count>` sets it). */
export function sweepCount(env: Record<string, string | undefined>): number {
  return Number(env.SWEEP_COUNT ?? 2000);
}

/** Candidate calls: tensors of float32 (small values) or int32 (small, or the extremes webgl still holds). */
export function sweepCandidates(count: number, seed = SWEEP_SEED): Call[] {
  // about one call in six is valid (the pools take many options, each sometimes invalid)
  return fc
    .sample(callArb(), {seed, numRuns: count * 8})
    .filter(c => !jsOnly(c) && (c.input.dtype === 'float32' || c.input.dtype === 'int32'))
    .map(c => ({
      ...c,
      input: {...c.input, values: c.input.dtype === 'int32' && !intPowers(c) ? c.input.values : 'small'},
    }))
    .map(tameRoot);
}

/**
 * An lp pool's last step is u^(1/p): GPU shaders' pow (exp2(log2(u)·e)) has a relative error near
 * |e·ln u|·eps32, which a tiny norm (p = 1e-3: e = 1000) turns into 1e-4 and more — a precision limit of the
 * shaders' pow, not of the geometry this sweep is about (the property test keeps such norms against the reference
 * on cpu). Norms with |p| < 1/4 run as p = 1/4 here.
 */
function tameRoot(c: Call): Call {
  const p = c.args[0];
  if (!c.op.startsWith('lpPool') || typeof p !== 'number' || !(Math.abs(p) < 0.25) || p === 0) return c;
  return {...c, args: [Math.sign(p) * 0.25, ...c.args.slice(1)]};
}

/**
 * An lp pool of int32 with a finite integer norm: PyTorch raises int64 to the power, which the package computes in
 * int32, refusing a call whose powers could leave it (README Limits); with int32's extremes such calls would be
 * refused on cpu and never compared, so their inputs stay small here.
 */
function intPowers(c: Call): boolean {
  const p = c.args[0];
  return c.op.startsWith('lpPool') && typeof p === 'number' && Number.isInteger(p);
}

/** Differences between a backend's outcome and cpu's for one call (both returned; same shape, dtype, values). */
export function compareOutcomes(cpu: CallOutcome, other: CallOutcome, tol: Tolerance): string[] {
  const out: string[] = [...other.failures];
  if (other.error) return [...out, `threw ${other.error.name}: ${other.error.message}`];
  const a = other.result!;
  const e = cpu.result!;
  if (JSON.stringify(a.shape) !== JSON.stringify(e.shape)) return [...out, `shape ${a.shape} vs cpu ${e.shape}`];
  if (a.dtype !== e.dtype) out.push(`dtype ${a.dtype} vs cpu ${e.dtype}`);
  let scale = 1;
  if (tol.scaled) for (const v of cpu.input.values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const exactInt = e.dtype === 'int32';
  const bad = e.values.findIndex((ev, i) => {
    const av = a.values[i];
    if (Number.isNaN(ev)) return !Number.isNaN(av);
    if (exactInt) return av !== ev;
    if (!Number.isFinite(ev)) return av !== ev;
    return !(Math.abs(av - ev) <= tol.atol * scale + tol.rtol * Math.abs(ev));
  });
  if (bad >= 0) out.push(`value ${bad}: ${a.values[bad]} vs cpu ${e.values[bad]}`);
  // a max pool's indices: exact on every backend (the same taps, the same rule)
  if ((cpu.indices === undefined) !== (other.indices === undefined)) {
    out.push(
      `indices ${other.indices === undefined ? 'missing' : 'returned'}, cpu ${cpu.indices === undefined ? 'none' : 'some'}`,
    );
  } else if (cpu.indices !== undefined) {
    const ai = other.indices!;
    if (JSON.stringify(ai.shape) !== JSON.stringify(cpu.indices.shape) || ai.dtype !== 'int32') {
      out.push(`indices ${ai.dtype} [${ai.shape}] vs cpu int32 [${cpu.indices.shape}]`);
    } else {
      const badIndex = cpu.indices.values.findIndex((v, i) => ai.values[i] !== v);
      if (badIndex >= 0) out.push(`index ${badIndex}: ${ai.values[badIndex]} vs cpu ${cpu.indices.values[badIndex]}`);
    }
  }
  return out;
}

/**
 * Which tolerance applies: mean's (mean, and adaptive average pools whose every output size is 1, computed as
 * mean), lp's (powers), or the pools'.
 */
export function caseKindOf(call: Call, cpu: CallOutcome): 'pool' | 'mean' | 'lp' {
  if (call.op === 'mean') return 'mean';
  if (call.op.startsWith('lpPool')) return 'lp';
  const nd = Number(call.op.slice(-2, -1));
  return call.op.startsWith('adaptiveAvg') && cpu.result!.shape.slice(-nd).every(s => s === 1) ? 'mean' : 'pool';
}
