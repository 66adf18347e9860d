import type { ReliabilityBin } from '../../domain/calibration/reliability';
import { html, percent, type SafeHtml } from './html';

const SIZE = 220;
const PAD = 28;

/**
 * Predicted against observed approval, one point per non-empty bin with its
 * Wilson interval as a whisker, and the diagonal a calibrated model sits on.
 * The table beside it carries every number (the chart adds only the shape).
 */
export function reliabilityChart(bins: readonly ReliabilityBin[]): SafeHtml {
  const plot = SIZE - 2 * PAD;
  const x = (value: number) => (PAD + value * plot).toFixed(1);
  const y = (value: number) => (SIZE - PAD - value * plot).toFixed(1);
  const filled = bins.filter((bin) => bin.decisions > 0 && bin.meanPredicted !== null && bin.observed.rate !== null);
  return html`<div class="reliability">
    <figure class="chart">
      <svg viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" role="img" aria-label="Reliability: predicted against observed approval">
        <title>Reliability: predicted against observed approval</title>
        <line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(0)}" class="axis"></line>
        <line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(1)}" class="axis"></line>
        <line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" class="axis diagonal"></line>
        <text x="${x(0)}" y="${SIZE - 8}" class="label">0%</text><text x="${x(1)}" y="${SIZE - 8}" class="label end">predicted 100%</text>
        <text x="2" y="${y(1)}" class="label">100%</text><text x="2" y="${y(0)}" class="label">0%</text>
        ${filled.map(
          (bin) => html`<g><title>${percent(bin.from)}–${percent(bin.to)}: predicted ${percent(bin.meanPredicted, 1)}, observed ${percent(bin.observed.rate, 1)} of ${bin.decisions}</title>
            <line x1="${x(bin.meanPredicted!)}" y1="${y(bin.observed.low)}" x2="${x(bin.meanPredicted!)}" y2="${y(bin.observed.high)}" class="axis"></line>
            <circle cx="${x(bin.meanPredicted!)}" cy="${y(bin.observed.rate!)}" r="4" class="bar approved"></circle></g>`,
        )}
      </svg>
      <figcaption>Each point is a bin of decisions: a calibrated model sits on the diagonal; whiskers are 95% Wilson intervals.</figcaption>
    </figure>
    <table class="list bins">
      <thead><tr><th>Predicted</th><th>Decisions</th><th>Mean predicted</th><th>Approved unedited</th><th>95% interval</th></tr></thead>
      <tbody>${bins.map(
        (bin) => html`<tr><td>${percent(bin.from)}–${percent(bin.to)}</td><td>${bin.decisions}</td><td>${percent(bin.meanPredicted, 1)}</td>
          <td>${bin.observed.rate === null ? '–' : html`${percent(bin.observed.rate, 1)} (${bin.observed.count} of ${bin.observed.of})`}</td>
          <td>${bin.decisions ? html`${percent(bin.observed.low, 1)}–${percent(bin.observed.high, 1)}` : '–'}</td></tr>`,
      )}</tbody>
    </table>
  </div>`;
}
