import type { RateInterval } from '../../domain/calibration/wilson';
import type { ExpectedFigures } from './calibration-view';
import { html, percent, type SafeHtml } from './html';

/** The two figures the gate's threshold implies, each with its 95% Wilson interval, in words. */
export function expectedFiguresHtml(expected: ExpectedFigures): SafeHtml {
  return html`<span class="expected-sent">${interval('Sent without review', expected.sentWithoutReview, 'recent questions')}</span><br>
    <span class="expected-approval">${interval('Approved unedited among sent replies', expected.approvalOfSent, 'staff decisions at or above the threshold')}</span>`;
}

function interval(label: string, value: RateInterval, of: string): SafeHtml {
  if (value.rate === null) return html`${label}: no ${of} yet`;
  return html`${label}: ${percent(value.rate, 1)} (${value.count} of ${value.of} ${of}; 95% interval ${percent(value.low, 1)}–${percent(value.high, 1)})`;
}

/** A send threshold in words: a percentage, or none when no threshold meets the target (1 or above: no probability passes it in practice). */
export function thresholdText(threshold: number): string {
  return threshold >= 1 ? 'none (every reply is reviewed)' : percent(threshold, 1);
}
