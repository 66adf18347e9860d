import { describe, expect, it } from 'vitest';
import { questionMessage, systemMessage } from '../answer/prompt';
import type { Passage } from '../answer/types';
import { type EvalItem, evalItemFromExample, scoreReply, summarise } from './model-eval';

const passage: Passage = { label: 'P1', chunkId: 'c1', documentId: 'office.md', title: 'Office', headingPath: ['Office', 'Parking'], text: 'Employees park in the garage on level -1.', url: null, score: 1, ranks: {} };
const item: EvalItem = {
  id: 'review-1',
  audience: 'employee',
  question: 'where do employees park in the garage?',
  passages: [{ label: 'P1', source: 'Office > Parking', text: passage.text }],
  reference: 'Employees park in the garage on level -1.',
  staffOutcome: 'approved',
};
const usage = { inputTokens: 100, outputTokens: 20, latencyMs: 40, logprobs: null };

describe('scoreReply', () => {
  it('scores a grounded, cited, identical reply as similar, valid and sent (agreeing with an approval)', () => {
    const result = scoreReply(item, { answer: 'Employees park in the garage on level -1.', citations: ['P1'], assessment: 'answered', structured: true }, usage, 0.75);
    expect(result).toMatchObject({ similarity: 1, decision: 'send', policyAgrees: true, citationsValid: true, refused: false, unanswerable: false });
  });

  it('flags an invented citation and disagrees with staff who approved', () => {
    const result = scoreReply(item, { answer: 'Level 3.', citations: ['P7'], assessment: 'answered', structured: true }, usage, 0.75);
    expect(result.citationsValid).toBe(false);
    expect(result.decision).toBe('review');
    expect(result.policyAgrees).toBe(false);
  });

  it('agrees with an edit when it would have asked for review', () => {
    const result = scoreReply({ ...item, staffOutcome: 'edited' }, { answer: 'Not sure.', citations: [], assessment: 'partial', structured: true }, usage, 0.75);
    expect(result.decision).not.toBe('send');
    expect(result.policyAgrees).toBe(true);
  });
});

describe('summarise', () => {
  it('aggregates the figures', () => {
    const sent = scoreReply(item, { answer: 'Employees park in the garage on level -1.', citations: ['P1'], assessment: 'answered', structured: true }, usage, 0.75);
    const refused = scoreReply({ ...item, passages: [], staffOutcome: 'handwritten' }, { answer: "I don't know.", citations: [], assessment: 'not_found', structured: true }, { ...usage, latencyMs: 80 }, 0.75);
    expect(summarise([sent, refused])).toEqual({
      items: 2,
      meanSimilarity: (1 + refused.similarity) / 2,
      policyAgreement: 1,
      citationValidity: 1,
      refusalRateOnUnanswerable: 1,
      inputTokens: 200,
      outputTokens: 40,
      p50LatencyMs: 40,
    });
  });
});

describe('evalItemFromExample', () => {
  it('reads back the question, passages and reference from the engine prompt format', () => {
    const example = { messages: [systemMessage('You are the bot.'), questionMessage(item.question, [passage]), { role: 'assistant', content: item.reference }] };
    expect(evalItemFromExample(example, { id: 'review-1', audience: 'employee', source: 'approved' })).toEqual(item);
  });

  it('rejects an example that does not end with the assistant', () => {
    expect(evalItemFromExample({ messages: [{ role: 'user', content: '<question>\nx\n</question>' }] }, { id: 'x', audience: 'employee', source: 'approved' })).toBeNull();
  });
});

describe('evalItemFromExample with a structured training reply', () => {
  it('takes the answer text out of the JSON reply', () => {
    const example = {
      messages: [systemMessage('You are the bot.'), questionMessage(item.question, [passage]), { role: 'assistant', content: JSON.stringify({ answer: item.reference, citations: ['P1'], assessment: 'answered' }) }],
    };
    expect(evalItemFromExample(example, { id: 'review-1', audience: 'employee', source: 'approved' })?.reference).toBe(item.reference);
  });
});
