import { describe, expect, it } from 'vitest';
import { toChatExample, toPreferencePair } from './examples';
import { characterCounter, item } from './test-fixtures';
import type { ChatExample } from './types';
import { countConversationTokens, defaultEpochs, estimateCost, FINE_TUNING_PRICES, validateChatExamples, validatePreferencePairs } from './validate';

const options = { counter: characterCounter, maxTokensPerExample: 1000 };
const good: ChatExample = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi?' },
    { role: 'assistant', content: 'Hello.' },
  ],
};
// 3 for the reply, then 3 + role + content per message, with one token per character.
const goodTokens = 3 + (3 + 6 + 9) + (3 + 4 + 3) + (3 + 9 + 6);
const many = (count: number, example: unknown = good) => Array.from({ length: count }, () => example);

describe('validateChatExamples', () => {
  it('accepts well-formed examples and reports token statistics', () => {
    expect(countConversationTokens(good.messages, characterCounter)).toBe(goodTokens);
    const report = validateChatExamples(many(10), options);
    expect(report.errors).toEqual([]);
    expect(report.stats).toEqual({ examples: 10, totalTokens: 10 * goodTokens, maxTokens: goodTokens, meanTokens: goodTokens });
  });

  it('refuses fewer than 10 examples and warns below 500', () => {
    expect(validateChatExamples(many(9), options).errors).toEqual([{ index: -1, message: '9 examples: OpenAI requires at least 10' }]);
    expect(validateChatExamples(many(10), options).warnings[0]).toContain('usually 500 to 1,000 examples make a difference');
    expect(validateChatExamples(many(500), options).warnings).toEqual([]);
  });

  const broken: [string, unknown, string][] = [
    ['no messages', {}, 'messages is missing or empty'],
    ['not an object', 'text', 'messages is missing or empty'],
    ['an unknown role', { messages: [{ role: 'tool', content: 'x' }, { role: 'assistant', content: 'y' }] }, 'messages[0]: role must be system, user or assistant'],
    ['empty content', { messages: [{ role: 'user', content: '  ' }, { role: 'assistant', content: 'y' }] }, 'messages[0]: content is missing or empty'],
    ['two system messages', { messages: [...good.messages.slice(0, 1), ...good.messages] }, 'messages[1]: a system message may only come first'],
    ['a late system message', { messages: [good.messages[1], good.messages[0], good.messages[2]] }, 'messages[1]: a system message may only come first'],
    ['no alternation', { messages: [good.messages[1], good.messages[1], good.messages[2]] }, 'messages[1]: expected an assistant message'],
    ['an assistant first', { messages: [good.messages[0], good.messages[2]] }, 'messages[1]: expected a user message'],
    ['a user last', { messages: good.messages.slice(0, 2) }, 'messages: the last message must be from the assistant'],
    ['an unknown key', { messages: [good.messages[1], { ...good.messages[2], extra: 1 }] }, 'messages[1]: unrecognised keys "extra"'],
    ['a bad weight', { messages: [good.messages[1], { ...good.messages[2], weight: 2 }] }, 'messages[1]: weight must be 0 or 1'],
    ['too many tokens', { messages: [good.messages[1], { role: 'assistant', content: 'x'.repeat(1000) }] }, 'over the limit of 1000 per example'],
  ];
  it.each(broken)('reports %s with the example index', (_, example, message) => {
    const report = validateChatExamples([...many(10), example], options);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.every((error) => error.index === 10)).toBe(true);
    expect(report.errors.map((error) => error.message).join(' | ')).toContain(message);
  });

  it('passes the examples built from reviewed items', () => {
    const examples = Array.from({ length: 12 }, (_, index) => toChatExample(item({ id: `r${index}` }), 'Bot.'));
    expect(validateChatExamples(examples, { ...options, maxTokensPerExample: 5000 }).errors).toEqual([]);
  });
});

describe('validatePreferencePairs', () => {
  const pair = toPreferencePair(item(), 'Bot.', { replyFormat: 'text' })!;

  it('accepts pairs built from edited items and counts both outputs', () => {
    const report = validatePreferencePairs(many(10, pair), { ...options, maxTokensPerExample: 5000 });
    expect(report.errors).toEqual([]);
    const input = pair.input.messages;
    const expected =
      countConversationTokens([...input, pair.preferred_output[0]], characterCounter) + countConversationTokens([...input, pair.non_preferred_output[0]], characterCounter);
    expect(report.stats.maxTokens).toBe(expected);
  });

  const broken: [string, unknown, string][] = [
    ['no input', { ...pair, input: {} }, 'input.messages is missing or empty'],
    ['an input ending with the assistant', { ...pair, input: { messages: [...pair.input.messages, { role: 'assistant', content: 'x' }] } }, 'the last message must be from the user'],
    ['two preferred messages', { ...pair, preferred_output: [...pair.preferred_output, ...pair.preferred_output] }, 'preferred_output must hold exactly one assistant message'],
    ['a user output', { ...pair, non_preferred_output: [{ role: 'user', content: 'x' }] }, 'non_preferred_output[0]: role must be assistant'],
    ['identical outputs', { ...pair, non_preferred_output: pair.preferred_output }, 'are the same'],
    ['an output over the limit', { ...pair, non_preferred_output: [{ role: 'assistant', content: 'x'.repeat(5000) }] }, 'over the limit of 5000'],
  ];
  it.each(broken)('reports %s', (_, example, message) => {
    const report = validatePreferencePairs([...many(10, pair), example], { ...options, maxTokensPerExample: 5000 });
    expect(report.errors.map((error) => `${error.index}: ${error.message}`).join(' | ')).toContain(`10: `);
    expect(report.errors.map((error) => error.message).join(' | ')).toContain(message);
  });
});

describe('cost', () => {
  it('multiplies tokens, epochs and the price per million', () => {
    expect(estimateCost({ trainingTokens: 1_000_000, epochs: 3, pricePerMillionTokens: 3 })).toBe(9);
    expect(estimateCost({ trainingTokens: 250_000, epochs: 2, pricePerMillionTokens: FINE_TUNING_PRICES['gpt-4.1-2025-04-14']!.trainingPerMillionTokens })).toBe(12.5);
    expect(() => estimateCost({ trainingTokens: -1, epochs: 3, pricePerMillionTokens: 3 })).toThrow(RangeError);
  });

  it('lists the common base models', () => {
    expect(Object.keys(FINE_TUNING_PRICES)).toEqual(['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-2025-04-14']);
  });

  it("picks epochs as OpenAI's auto setting does", () => {
    expect(defaultEpochs(10)).toBe(10);
    expect(defaultEpochs(20)).toBe(5);
    expect(defaultEpochs(1000)).toBe(3);
    expect(defaultEpochs(20_000)).toBe(1);
  });
});
