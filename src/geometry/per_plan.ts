import {BoxPlan} from './box_plan';
import {WindowSpec} from './window_attrs';

/**
 * Memoises what a backend derives from a plan (the SIMD kernels' layouts, TensorFlow's native pools, webgl's
 * shortcuts): planBox and planMax hand out one plan object per input shape and spec, so each derivation runs once
 * per plan, not on every kernel call. The spec is the one the plan was built from (S = void: a derivation of the
 * plan alone). The one cache of derived tables: kernels keep no caches of their own.
 */
export function perPlan<T, P extends object = BoxPlan, S = WindowSpec>(
  build: (plan: P, spec: S) => T,
): (plan: P, spec: S) => T {
  const cache = new WeakMap<P, T>();
  return (plan, spec) => {
    if (cache.has(plan)) return cache.get(plan) as T;
    const value = build(plan, spec);
    cache.set(plan, value);
    return value;
  };
}
