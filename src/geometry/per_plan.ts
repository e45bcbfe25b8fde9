import {BoxPlan} from './box_plan';
import {WindowSpec} from './window_attrs';

/**
 * Memoises what a backend derives from a BoxPlan (the SIMD kernels' layouts, TensorFlow's native pool, webgl's
 * shortcuts): planBox hands out one plan object per input shape and spec, so each derivation runs once per plan,
 * not on every kernel call.
 */
export function perPlan<T>(build: (plan: BoxPlan, spec: WindowSpec) => T): (plan: BoxPlan, spec: WindowSpec) => T {
  const cache = new WeakMap<BoxPlan, T>();
  return (plan, spec) => {
    if (cache.has(plan)) return cache.get(plan) as T;
    const value = build(plan, spec);
    cache.set(plan, value);
    return value;
  };
}
