import { describe, expect, it } from 'vitest';
import type { CalibrationModel } from './logistic';
import { operatingPoint } from './operating-point';
import type { ChannelDecision } from './training-samples';
import { wilsonInterval } from './wilson';

// P = sigmoid(10 × (coverage − 0.5)): coverage 0.9 → 0.98, 0.2 → 0.05.
const model: CalibrationModel = { version: 'm', intercept: -5, coefficients: { coverage: 10 }, fittedOn: { decisions: 0, source: 't', fittedAt: '2026-12-01T00:00:00.000Z' } };
const decision = (coverage: number, status: ChannelDecision['status']): ChannelDecision => ({ reviewId: `${coverage}-${status}`, decidedAt: '2026-12-01T00:00:00.000Z', kind: 'review', status, features: { coverage } });

describe('operatingPoint', () => {
  it('counts sendable questions scoring at or above the threshold, and the approval of decisions above it, with intervals', () => {
    const questions = [
      { features: { coverage: 0.9 }, sendable: true },
      { features: { coverage: 0.95 }, sendable: false },
      { features: { coverage: 0.2 }, sendable: true },
      { features: { coverage: 0.8 }, sendable: true },
    ];
    const decisions = [decision(0.9, 'approved'), decision(0.85, 'approved'), decision(0.8, 'edited'), decision(0.1, 'rejected'), decision(0.3, 'approved')];
    const point = operatingPoint(model, 0.9, questions, decisions);
    // coverage 0.8 → 0.95 ≥ 0.9, so 2 of 4 questions are sent; the unsendable one is not, however high it scores.
    expect(point.sentWithoutReview).toEqual(wilsonInterval(2, 4));
    expect(point.approvalOfSent).toEqual(wilsonInterval(2, 3));
    expect(operatingPoint(model, 1.01, questions, decisions).approvalOfSent).toEqual(wilsonInterval(0, 0));
  });
});
