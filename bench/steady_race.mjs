// Timing for bench/max_pools.mjs: every contender warmed to steady state, then timed alternated call by call, with
// the median ms of each and the spread (min–max) of the per-round ratios ours / other, so a noisy neighbour on a
// loaded machine shows as a wide spread instead of a wrong median. (Node and browser alike: no Node imports.)

import {prepare, timeConfig} from './common.mjs';

const median = ts => [...ts].sort((a, b) => a - b)[ts.length >> 1];

/**
 * fns: name → function returning a tensor-like {data(), dispose()} (`ours` among them). Warm-up: alternated calls
 * for at least `warmupMs` and until the last two of each contender's calls differ by under 10% (or 50 calls each:
 * JIT tiers, wasm compilation, buffer pools and caches settle). Then at least `rounds` (≥ 5) rounds of one call each,
 * more while the rounds took under `minMs` (at most 200).
 */
export async function steadyRace(fns, {rounds = 15, minMs = 400, warmupMs = 1500} = {}) {
  const names = Object.keys(fns);
  const once = async f => {
    const t = performance.now();
    const y = f();
    await y.data();
    y.dispose();
    return performance.now() - t;
  };
  const last = Object.fromEntries(names.map(n => [n, []]));
  const w0 = performance.now();
  for (let i = 0; i < 50; i++) {
    for (const n of names) last[n] = [...last[n].slice(-1), await once(fns[n])];
    const settled = names.every(
      n => last[n].length === 2 && Math.abs(last[n][0] - last[n][1]) < 0.1 * Math.max(last[n][0], last[n][1]),
    );
    if (i >= 2 && settled && performance.now() - w0 >= warmupMs) break;
  }
  const times = Object.fromEntries(names.map(n => [n, []]));
  const t0 = performance.now();
  const minRounds = Math.max(5, rounds);
  for (let r = 0; r < minRounds || (performance.now() - t0 < minMs && r < 200); r++) {
    for (const n of names) times[n].push(await once(fns[n]));
  }
  const spreadOf = (a, b) => {
    if (!times[a] || !times[b]) return null;
    const ratios = times[a].map((t, r) => t / times[b][r]);
    return [Math.min(...ratios), Math.max(...ratios)];
  };
  const spread = {};
  for (const n of names.filter(n => n !== 'ours' && n !== 'oursLast' && fns.ours)) spread[n] = spreadOf('ours', n);
  // the layout table's (common.mjs layoutTable): ours NHWC / tfjs's NHWC kernel, ours NHWC / ours NCHW
  const layoutSpread = {native: spreadOf('oursLast', 'native'), ours: spreadOf('oursLast', 'ours')};
  return {
    median: Object.fromEntries(names.map(n => [n, median(times[n])])),
    spread,
    layoutSpread,
    rounds: times[names[0]].length,
  };
}

/** Markdown: per configuration, ours' median ms and, per reference, median ratio (min–max per-round ratio). */
export function spreadTable(result, fmt) {
  const refs = [...new Set(result.rows.flatMap(r => Object.keys(r.spread ?? {})))];
  let md =
    `| config | rounds | ours ms | ${refs.map(n => `ours / ${n}: median (min–max of rounds)`).join(' | ')} |\n` +
    `|---|---:|---:|${refs.map(() => '---:|').join('')}\n`;
  for (const r of result.rows) {
    md += `| ${r.name} | ${r.rounds ?? '—'} | ${fmt(r.ms.ours)} | ${refs
      .map(n =>
        r.spread?.[n]
          ? `${(r.ms.ours / r.ms[n]).toFixed(2)}× (${r.spread[n][0].toFixed(2)}–${r.spread[n][1].toFixed(2)})`
          : '—',
      )
      .join(' | ')} |\n`;
  }
  return md;
}

/**
 * One configuration: timeConfig checks what every contender computes (and times it briefly), then steadyRace times
 * the contenders that ran, warmed to steady state and alternated call by call. The row is timeConfig's with ms
 * replaced by steadyRace's medians, plus `spread` (min–max of per-round ratios ours / other) and `rounds`.
 */
export async function timeSteady(tf, c, options, extra = {}) {
  const row = await timeConfig(tf, c, {rounds: 1, minMs: 0, warmup: 1}, extra);
  const inputs = prepare(tf, c);
  try {
    const fns = {ours: c.ours, native: c.native, emulated: c.emulated, oursLast: c.oursLast, ...extra};
    const live = Object.keys(fns).filter(n => fns[n] && row.ms[n] != null);
    const race = await steadyRace(Object.fromEntries(live.map(n => [n, () => fns[n](inputs)])), options);
    return {
      ...row,
      ms: {...row.ms, ...race.median},
      spread: race.spread,
      layoutSpread: race.layoutSpread,
      rounds: race.rounds,
    };
  } finally {
    tf.dispose(Object.values(inputs).filter(Boolean));
  }
}
