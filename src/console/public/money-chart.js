// Each province's net of a settlement month as bars (uPlot, shipped in the package).
import uPlot from './vendor/uplot/uPlot.esm.js';
import { h } from './dom.js';
import { t } from './i18n.js';

export function netChart(statements) {
  const sorted = statements.slice().sort((a, b) => a.province.localeCompare(b.province));
  const holder = h('div', { id: 'net-chart' });
  const data = [sorted.map((_, i) => i), sorted.map((s) => s.netAmount / 100)];
  const bars = uPlot.paths.bars({ size: [0.6, 40] });
  const options = {
    width: 900,
    height: 220,
    legend: { show: false },
    scales: { x: { time: false } },
    axes: [{ values: (_, ticks) => ticks.map((i) => sorted[i]?.province ?? '') }, { label: t('money.net') }],
    series: [{}, { label: t('money.net'), stroke: '#c8102e', fill: 'rgba(200,16,46,0.25)', paths: bars, points: { show: false } }],
  };
  // uPlot measures its container: draw once the card is in the page.
  requestAnimationFrame(() => new uPlot(options, data, holder));
  return holder;
}
