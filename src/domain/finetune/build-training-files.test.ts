import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_PROMPTS } from '../answer/prompt';
import { buildTrainingFiles, toJsonl } from './build-training-files';
import { characterCounter, item, passage } from './test-fixtures';
import type { ReviewedItem } from './types';
import { validateChatExamples, validatePreferencePairs } from './validate';

// Personal data seeded into every part of the fixture; none of it may reach the files.
const secrets = [
  'ada.lovelace@example.com',
  'grace@navy.example.org',
  '+44 20 7946 0958',
  '7946 0958',
  '0171 2345678',
  '(555) 123-4567',
  '4111 1111 1111 1111',
  '4111111111111111',
  'DE89 3704 0044 0532 0130 00',
  'GB82WEST12345698765432',
  '12345678901',
  'lovelace',
  'ada',
  'grace',
  'hopper',
];

const topics = ['parking', 'vacation', 'expenses', 'laptops', 'payroll', 'badges', 'travel', 'training', 'benefits', 'pensions', 'holidays', 'onboarding', 'security'];

function fixture(): ReviewedItem[] {
  const items = topics.map((topic, index) =>
    item({
      id: `review-${index}`,
      question: `What is the policy on ${topic}? Reply to ada.lovelace@example.com or call 0171 2345678.`,
      passages: [
        passage('P1', `The ${topic} policy is owned by Grace Hopper (grace@navy.example.org, +44 20 7946 0958).`),
        passage('P2', `Refunds for ${topic} go to IBAN DE89 3704 0044 0532 0130 00.`),
      ],
      draftAnswer: `Ada, the ${topic} policy is in the handbook. Your card 4111 1111 1111 1111 was noted.`,
      finalAnswer: `Hi Ada, the ${topic} policy is described in P1; Grace can help on (555) 123-4567. We never need your card 4111111111111111 or account 12345678901, and refunds go to GB82WEST12345698765432.`,
      source: index % 3 === 0 ? 'approved' : index % 3 === 1 ? 'edited' : 'rejected_with_reply',
      createdAt: `2026-10-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`,
      askerName: 'Ada Lovelace',
    }),
  );
  // An exact duplicate (case and punctuation aside) of the first, older: dropped.
  items.push({ ...items[0]!, id: 'review-dup', question: items[0]!.question.toUpperCase(), createdAt: '2026-09-01T00:00:00.000Z' });
  // Nothing to train on: skipped.
  items.push(item({ id: 'review-empty', finalAnswer: '  ' }));
  return items;
}

const options = { systemPrompts: DEFAULT_SYSTEM_PROMPTS, counter: characterCounter, maxTokensPerExample: 20_000, seed: 'countersign', names: ['Grace Hopper'] };

describe('buildTrainingFiles', () => {
  it('leaves none of the seeded personal data in any JSONL file', () => {
    const files = buildTrainingFiles(fixture(), options);
    const everything = [files.chat.training, files.chat.validation, files.preference.training, files.preference.validation].join('');
    expect(everything).toContain('[EMAIL]');
    for (const secret of secrets) expect(everything.toLowerCase()).not.toContain(secret.toLowerCase());
    // Also after JSON decoding, in case an escape hid something.
    const decoded = JSON.stringify(everything.split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    for (const secret of secrets) expect(decoded.toLowerCase()).not.toContain(secret.toLowerCase());
    const { scrubbed } = files.report;
    expect(scrubbed.email).toBeGreaterThanOrEqual(26);
    expect(scrubbed.phone).toBeGreaterThanOrEqual(39);
    expect(scrubbed.card).toBeGreaterThanOrEqual(13);
    expect(scrubbed.account).toBeGreaterThanOrEqual(39);
    expect(scrubbed.name).toBeGreaterThanOrEqual(39);
  });

  it('drops duplicates and empty items, splits, and produces files that validate', () => {
    const files = buildTrainingFiles(fixture(), options);
    const { report } = files;
    expect(report).toMatchObject({ items: 15, skipped: 1, dropped: 1, drops: [{ id: 'review-dup', duplicateOf: 'review-0', reason: 'exact' }] });
    const training = files.chat.training.trim().split('\n').map((line) => JSON.parse(line));
    const validation = files.chat.validation.trim().split('\n').map((line) => JSON.parse(line));
    expect(training.length + validation.length).toBe(13);
    expect(validation.length).toBeGreaterThanOrEqual(1);
    expect(report.chat.training.errors).toEqual([]);
    expect(report.chat.validation.errors).toEqual([]);
    expect(validateChatExamples(training, options).stats.examples).toBe(training.length);
    // Pairs only from edited and rejected-with-reply items: 8 of the 13.
    const pairs = [files.preference.training, files.preference.validation].join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(pairs).toHaveLength(8);
    // Every pair is well-formed; only the file as a whole is too small for OpenAI.
    expect(validatePreferencePairs(pairs, options).errors).toEqual([{ index: -1, message: '8 examples: OpenAI requires at least 10' }]);
    expect(report.preference.training.errors.every((error) => error.index === -1)).toBe(true);
    expect(training[0].messages[0].content.startsWith(`${DEFAULT_SYSTEM_PROMPTS.employee}\n\nRules:`)).toBe(true);
  });

  it('is deterministic for the same items and seed, in any order', () => {
    const first = buildTrainingFiles(fixture(), options);
    const again = buildTrainingFiles([...fixture()].reverse(), options);
    const lines = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(lines(again.chat.validation)).toEqual(lines(first.chat.validation));
    expect(lines(again.chat.training)).toEqual(lines(first.chat.training));
  });
});

describe('toJsonl', () => {
  it('writes one JSON value per line, newlines inside strings escaped', () => {
    expect(toJsonl([{ a: 'x\ny' }, { b: 1 }])).toBe('{"a":"x\\ny"}\n{"b":1}\n');
    expect(toJsonl([])).toBe('');
  });
});
