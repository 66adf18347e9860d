import { describe, expect, it } from 'vitest';
import { chooseSuggestedPrompts, parseConfiguredPrompts } from './suggested-prompts';

describe('suggested prompts', () => {
  it('uses the configured prompts first, at most four', async () => {
    const configured = parseConfiguredPrompts(' How do I book a desk? | Where do I park?\nWhen is payday? |  | a | b ');
    expect(configured.map((prompt) => prompt.message)).toEqual(['How do I book a desk?', 'Where do I park?', 'When is payday?', 'a']);
    expect(await chooseSuggestedPrompts(configured, async () => [{ question: 'never asked for' }])).toBe(configured);
  });

  it("otherwise offers the questions answered well, never one carrying someone's personal data", async () => {
    const prompts = await chooseSuggestedPrompts([], async () => [
      { question: 'Where do employees park?' },
      { question: 'Send my payslip to jane.doe@example.com' },
      { question: 'My card 4111 1111 1111 1111 was declined' },
      { question: `${'Very long question '.repeat(5)}?` },
    ]);
    expect(prompts[0]).toEqual({ title: 'Where do employees park?', message: 'Where do employees park?' });
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.title.length).toBeLessThanOrEqual(60);
    expect(prompts[1]!.title.endsWith('…')).toBe(true);
  });

  it('offers nothing rather than made-up prompts', async () => {
    expect(parseConfiguredPrompts(undefined)).toEqual([]);
    expect(await chooseSuggestedPrompts([], async () => [])).toEqual([]);
  });
});
