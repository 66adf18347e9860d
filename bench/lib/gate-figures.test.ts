import { describe, expect, it } from 'vitest';
import { figuresAt, type GateSample, gateAuroc, thresholdForTarget } from './gate-figures';

const s = (score: number, approvable: boolean, kind: GateSample['kind'] = approvable ? 'answerable' : 'unanswerable', neverSent = false): GateSample => ({
  kind,
  approvable,
  score,
  neverSent,
});

describe('thresholdForTarget', () => {
  it('is the lowest score whose sent set (and every stricter one) meets the target', () => {
    const samples = [s(0.9, true), s(0.8, true), s(0.7, true), s(0.6, false), s(0.5, true), s(0.4, false)];
    expect(thresholdForTarget(samples, 0.95)).toBe(0.7);
    expect(thresholdForTarget(samples, 0.75)).toBe(0.5);
  });

  it('does not cut between tied scores, and is 1 when even the best reply fails the target', () => {
    expect(thresholdForTarget([s(0.9, true), s(0.8, true), s(0.8, false)], 0.95)).toBe(0.9);
    expect(thresholdForTarget([s(0.9, false), s(0.8, true)], 0.95)).toBe(1);
  });

  it('ignores questions the policy never sends (actions, handoffs)', () => {
    expect(thresholdForTarget([s(0.95, false, 'action', true), s(0.9, true), s(0.2, false)], 0.95)).toBe(0.9);
  });
});

describe('figuresAt', () => {
  it('counts what would be sent at a threshold, by kind', () => {
    const figures = figuresAt([s(0.9, true), s(0.85, false, 'answerable'), s(0.8, false), s(0.95, false, 'action', true), s(0.1, true)], 0.8);
    expect(figures).toEqual({ sent: 3, sentApprovable: 1, precision: 1 / 3, answerable: 3, answerableSent: 2, unanswerableSent: 1, actionsSent: 0 });
  });
});

describe('gateAuroc', () => {
  it('is 1 when every approvable draft outscores the rest, 0.5 on ties', () => {
    expect(gateAuroc([s(0.9, true), s(0.2, false)])).toBe(1);
    expect(gateAuroc([s(0.5, true), s(0.5, false)])).toBe(0.5);
    expect(gateAuroc([s(0.5, true)])).toBeNull();
  });
});
