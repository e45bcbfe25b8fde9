/**
 * The memo every plan builder shares: kernels ask for a plan on every run, so a model's repeated layers build their
 * tables once. Keyed by the input shape and the spec (plain data), bounded so a long session does not grow it.
 */
const CACHE_LIMIT = 64;

export function cachedPlans<S, P>(
  build: (inShape: readonly number[], spec: S) => P,
): (inShape: readonly number[], spec: S) => P {
  const cache = new Map<string, P>();
  return (inShape, spec) => {
    const key = JSON.stringify([inShape, spec]);
    let plan = cache.get(key);
    if (plan === undefined) {
      plan = build(inShape, spec);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(key, plan);
    }
    return plan;
  };
}
