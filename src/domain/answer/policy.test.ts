import { describe, expect, it } from 'vitest';
import { decide, type PolicyInput, stageAllowsSending } from './policy';

const BASE: PolicyInput = {
  audience: 'employee',
  stage: 'internal',
  confidence: 0.9,
  sendThreshold: 0.75,
  relevantFound: true,
  modelFailed: false,
  proposesWriteAction: false,
  asksForAction: false,
};

describe('decide', () => {
  const table: [string, Partial<PolicyInput>, 'send' | 'review' | 'handoff', RegExp][] = [
    ['confident employee answer in the internal stage', {}, 'send', /meets the send threshold/],
    ['confident employee answer in the autonomous stage', { stage: 'autonomous' }, 'send', /meets/],
    ['employee channel under supervision', { stage: 'supervised' }, 'review', /supervised stage/],
    ['low confidence', { confidence: 0.6 }, 'review', /below the send threshold 0\.75/],
    ['confidence exactly at the threshold', { confidence: 0.75 }, 'send', /meets/],
    ['a proposed write action, however confident', { proposesWriteAction: true, confidence: 1 }, 'review', /Proposes an action/],
    ['a question asking for an action', { asksForAction: true }, 'review', /asks for an action/],
    ['an action request with nothing relevant found', { asksForAction: true, relevantFound: false }, 'review', /asks for an action/],
    ['nothing relevant found', { relevantFound: false }, 'handoff', /Nothing relevant/],
    ['the model failed', { modelFailed: true }, 'handoff', /model failed/],
    ['the model failed on an action request', { modelFailed: true, proposesWriteAction: true }, 'handoff', /model failed/],
    ['confident customer answer, autonomous', { audience: 'customer', stage: 'autonomous' }, 'send', /meets/],
    ['confident customer answer, supervised', { audience: 'customer', stage: 'supervised' }, 'review', /supervised stage/],
    ['confident customer answer, internal (preview only)', { audience: 'customer', stage: 'internal' }, 'review', /internal stage/],
    ['low-confidence customer answer, autonomous', { audience: 'customer', stage: 'autonomous', confidence: 0.5 }, 'review', /below/],
    ['customer write action, autonomous', { audience: 'customer', stage: 'autonomous', proposesWriteAction: true }, 'review', /Proposes/],
    ['customer question with nothing relevant', { audience: 'customer', stage: 'autonomous', relevantFound: false }, 'handoff', /Nothing/],
  ];

  for (const [name, change, decision, reason] of table) {
    it(`${name}: ${decision}`, () => {
      const result = decide({ ...BASE, ...change });
      expect(result.decision).toBe(decision);
      expect(result.reason).toMatch(reason);
    });
  }
});

describe('stageAllowsSending', () => {
  it.each([
    ['employee', 'internal', true],
    ['employee', 'supervised', false],
    ['employee', 'autonomous', true],
    ['customer', 'internal', false],
    ['customer', 'supervised', false],
    ['customer', 'autonomous', true],
  ] as const)('%s in %s: %s', (audience, stage, allowed) => {
    expect(stageAllowsSending(audience, stage)).toBe(allowed);
  });
});
