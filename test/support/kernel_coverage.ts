/**
 * Which fixture cases a backend can run yet: the one place that lists kernels still missing on a backend.
 *
 * TODO(issue 12): the max-pooling family's webgl and webgpu kernels (TorchMaxPool, TorchMaxPoolGrad, TorchMaxUnpool,
 * TorchGatherPlanes) are being written on branch issue12-gpu. Until they land, the browser parity suite does not list
 * the max-family cases that reach a kernel on those backends; it reports their number as one skipped test with this
 * reason. Error cases (rejected before any kernel runs) and lp pools with a finite norm (avg pool + element-wise ops)
 * run everywhere. Remove the entries below when the kernels land.
 */
import type {FixtureCase} from './fixture_types';

const MISSING_MAX_FAMILY: Record<string, string> = {
  webgl: 'no webgl kernels for the max-pooling family yet (TODO issue 12, branch issue12-gpu)',
  webgpu: 'no webgpu kernels for the max-pooling family yet (TODO issue 12, branch issue12-gpu)',
};

function needsMaxKernels(c: FixtureCase): boolean {
  if (c.error !== undefined) return false;
  if (/^(maxPool|adaptiveMaxPool|maxUnpool)/.test(c.op)) return true;
  return c.op.startsWith('lpPool') && (c.args[0] === 'inf' || c.args[0] === '-inf');
}

/** Why `backend` cannot run case `c` yet, or null when it can. */
export function missingKernelReason(backend: string, c: FixtureCase): string | null {
  const reason = MISSING_MAX_FAMILY[backend];
  return reason !== undefined && needsMaxKernels(c) ? reason : null;
}
