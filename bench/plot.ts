// A small SVG of the growth figures: each series divided by its 1x value, on log-log axes.
import type { GrowthPoint } from './run.ts';

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 60, right: 170, top: 30, bottom: 50 };

const SERIES: Array<{ name: string; color: string; value: (p: GrowthPoint) => number }> = [
  { name: 'index build time', color: '#1f77b4', value: (p) => p.buildMs },
  { name: 'snapshot load time', color: '#ff7f0e', value: (p) => p.snapshotLoadMs },
  { name: 'snapshot size', color: '#2ca02c', value: (p) => p.snapshotBytes },
  { name: 'answer p99', color: '#d62728', value: (p) => p.latency.p99 },
  { name: 'RSS', color: '#9467bd', value: (p) => p.rssBytes },
];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function growthSvg(points: readonly GrowthPoint[]): string {
  const first = points[0];
  if (!first) return '';
  const relative = SERIES.map((s) => ({
    ...s,
    points: points.map((p) => ({
      x: p.factor / first.factor,
      y: s.value(p) / Math.max(s.value(first), 1e-9),
    })),
  }));
  const xs = relative.flatMap((s) => s.points.map((p) => p.x));
  const ys = relative.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0);
  const xMax = Math.log10(Math.max(...xs, 10));
  const yMin = Math.min(0, Math.floor(Math.log10(Math.min(...ys))));
  const yMax = Math.max(Math.ceil(Math.log10(Math.max(...ys))), xMax);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (Math.log10(x) / xMax) * plotW;
  const py = (y: number) =>
    MARGIN.top + plotH - ((Math.log10(Math.max(y, 10 ** yMin)) - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12" role="img">`,
    '<title>Kotae benchmark: growth of build time, snapshot, latency and memory with the corpus</title>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${MARGIN.left}" y="18" font-size="14">Growth relative to the real corpus (log-log; dashed: linear)</text>`,
  ];
  for (let e = yMin; e <= yMax; e++) {
    const y = py(10 ** e);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${10 ** e}x</text>`,
    );
  }
  for (const p of relative[0]?.points ?? []) {
    parts.push(`<text x="${px(p.x)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${p.x}x</text>`);
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">corpus size</text>`,
    `<line x1="${px(1)}" y1="${py(1)}" x2="${px(10 ** xMax)}" y2="${py(10 ** xMax)}" stroke="#999" stroke-dasharray="4 4"/>`,
  );
  relative.forEach((s, i) => {
    const path = s.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`)
      .join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.color}"/>`);
    const ly = MARGIN.top + 10 + i * 20;
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" y1="${ly}" x2="${WIDTH - MARGIN.right + 35}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${WIDTH - MARGIN.right + 40}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
