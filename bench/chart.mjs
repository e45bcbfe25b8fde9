// The benchmark chart (scripts/bench.mjs writes it to docs/bench.svg): for each configuration a group of horizontal
// bars, one per comparison (backend vs reference), length the ratio ours / reference on a log axis, a whisker for its
// min–max over rounds, the 1.0 line (parity) marked. Plain SVG text, no dependency; ratios outside the axis are drawn
// to its edge and labelled with their value.

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const esc = t => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * columns: [{label, get(id) → {ratio, spread: [min, max] | null, approx} | null}]; ids and nameOf(id) give the
 * configurations, in order. Returns the SVG document.
 */
export function chartSvg({ids, nameOf, columns, title, min = 0.1, max = 10}) {
  const [left, right, top, bar, gap, groupGap] = [290, 30, 56, 9, 2, 10];
  const plotW = 560;
  const width = left + plotW + right;
  const x = v =>
    left +
    ((Math.log10(Math.min(max, Math.max(min, v))) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * plotW;
  const shown = ids.filter(id => columns.some(c => c.get(id)));
  const groupH = columns.length * (bar + gap) + groupGap;
  const legendH = Math.ceil(columns.length / 3) * 16 + 8;
  const height = top + shown.length * groupH + 30 + legendH;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="12">${esc(title)}</text>`,
  ];
  // axis: decades and the marks between them
  const plotBottom = top + shown.length * groupH;
  for (const v of [0.1, 0.2, 0.5, 1, 2, 5, 10].filter(v => v >= min && v <= max)) {
    out.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${top - 8}" y2="${plotBottom}" stroke="${v === 1 ? '#000' : '#ddd'}" ` +
        `stroke-width="${v === 1 ? 1.5 : 1}"${v === 1 ? '' : ' stroke-dasharray="2,2"'}/>`,
      `<text x="${x(v)}" y="${top - 12}" text-anchor="middle">${v}×</text>`,
    );
  }
  out.push(`<text x="${x(1) + 4}" y="${plotBottom + 14}">1.0 = as fast as the reference</text>`);
  shown.forEach((id, g) => {
    const y0 = top + g * groupH;
    out.push(
      `<text x="${left - 6}" y="${y0 + (columns.length * (bar + gap)) / 2 + 4}" text-anchor="end">` +
        `${esc(nameOf(id))}</text>`,
    );
    columns.forEach((c, i) => {
      const v = c.get(id);
      if (!v) return;
      const y = y0 + i * (bar + gap);
      const [a, b] = [x(Math.min(1, v.ratio)), x(Math.max(1, v.ratio))];
      out.push(
        `<rect x="${a}" y="${y}" width="${Math.max(1, b - a)}" height="${bar}" fill="${COLORS[i % COLORS.length]}"` +
          `${v.approx ? ' fill-opacity="0.55"' : ''}><title>${esc(
            `${c.label}: ${v.ratio.toFixed(3)}×${
              v.spread ? ` (${v.spread[0].toFixed(3)}–${v.spread[1].toFixed(3)})` : ''
            }`,
          )}</title></rect>`,
      );
      if (v.spread) {
        const [s0, s1] = [x(v.spread[0]), x(v.spread[1])];
        out.push(
          `<line x1="${s0}" x2="${s1}" y1="${y + bar / 2}" y2="${y + bar / 2}" stroke="#333"/>`,
          `<line x1="${s0}" x2="${s0}" y1="${y + 1}" y2="${y + bar - 1}" stroke="#333"/>`,
          `<line x1="${s1}" x2="${s1}" y1="${y + 1}" y2="${y + bar - 1}" stroke="#333"/>`,
        );
      }
      if (v.ratio < min || v.ratio > max) {
        out.push(
          `<text x="${v.ratio < min ? x(min) + 3 : x(max) - 3}" y="${y + bar - 1}" font-size="9" ` +
            `text-anchor="${v.ratio < min ? 'start' : 'end'}">${v.ratio.toPrecision(2)}×</text>`,
        );
      }
    });
  });
  columns.forEach((c, i) => {
    const [cx, cy] = [10 + (i % 3) * ((width - 20) / 3), plotBottom + 30 + Math.floor(i / 3) * 16];
    out.push(
      `<rect x="${cx}" y="${cy}" width="12" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${cx + 16}" y="${cy + 9}">${esc(c.label)}</text>`,
    );
  });
  out.push(
    `<text x="${width - 6}" y="${height - 4}" text-anchor="end" font-size="9">pale bars: the reference ` +
      'computes slightly different values (≈)</text>',
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
