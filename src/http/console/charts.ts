import { html, type SafeHtml } from './html';

/**
 * Small server-drawn SVG charts: no script and no inline style (the CSP
 * allows neither); colours come from classes in console.css. Every chart is
 * shown with its numbers beside it, so nothing is readable only as a shape.
 */

export interface Bar {
  label: string;
  value: number;
  /** A class from console.css: sent, reviewed, handoff, approved, edited, rejected, expired… */
  tone?: string;
}

const WIDTH = 360;
const ROW = 22;

/** Horizontal bars, one per row, scaled to the largest value. */
export function barChart(title: string, bars: Bar[], format: (value: number) => string = String): SafeHtml {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const labelWidth = 110;
  const height = bars.length * ROW + 4;
  return html`<figure class="chart">
    <svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${title}">
      <title>${title}</title>
      ${bars.map((bar, index) => {
        const width = Math.round(((WIDTH - labelWidth - 60) * bar.value) / max);
        const y = index * ROW + 2;
        return html`<text x="0" y="${y + 14}" class="label">${bar.label}</text>
          <rect x="${labelWidth}" y="${y + 3}" width="${Math.max(width, bar.value > 0 ? 1 : 0)}" height="${ROW - 8}" class="bar ${bar.tone ?? ''}"></rect>
          <text x="${labelWidth + width + 4}" y="${y + 14}" class="value">${format(bar.value)}</text>`;
      })}
    </svg>
    <figcaption>${title}</figcaption>
  </figure>`;
}

export interface Column {
  label: string;
  parts: { value: number; tone: string; name: string }[];
}

/** Stacked vertical columns (e.g. questions per day by outcome), with a legend. */
export function stackedColumns(title: string, columns: Column[]): SafeHtml {
  const height = 140;
  const plot = height - 20;
  const max = Math.max(1, ...columns.map((column) => column.parts.reduce((sum, part) => sum + part.value, 0)));
  // Columns share the width (up to 90 days), so the chart scales with its box rather than scrolling.
  const width = WIDTH;
  const step = columns.length > 0 ? width / columns.length : width;
  const legend = columns[0]?.parts ?? [];
  return html`<figure class="chart">
    <svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}">
      <title>${title}</title>
      <line x1="0" y1="${plot}" x2="${width}" y2="${plot}" class="axis"></line>
      <text x="0" y="10" class="value">${max}</text>
      ${columns.map((column, index) => {
        let top = plot;
        const x = (index * step + step * 0.1).toFixed(1);
        return html`<g><title>${column.label}: ${column.parts.map((part) => `${part.name} ${part.value}`).join(', ')}</title>${column.parts.map((part) => {
          const h = (plot - 12) * (part.value / max);
          top -= h;
          return part.value > 0 ? html`<rect x="${x}" y="${top.toFixed(1)}" width="${Math.max(step * 0.8, 1).toFixed(1)}" height="${h.toFixed(1)}" class="bar ${part.tone}"></rect>` : '';
        })}</g>`;
      })}
      ${columns.length > 0 ? html`<text x="0" y="${height - 4}" class="label">${columns[0]!.label}</text><text x="${width}" y="${height - 4}" class="label end">${columns.at(-1)!.label}</text>` : ''}
    </svg>
    <figcaption>${title} · ${legend.map((part, index) => html`${index ? ', ' : ''}<span class="swatch ${part.tone}"></span> ${part.name}`)}</figcaption>
  </figure>`;
}
