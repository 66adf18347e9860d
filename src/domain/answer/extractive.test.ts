import { describe, expect, it } from 'vitest';
import { questionAnswerType } from './answer-type';
import { passage } from './confidence-test-fixtures';
import { EXTRACTIVE_LABEL, extractiveReply } from './extractive';
import { weightTerms } from './term-weights';

const reply = (question: string, passages: ReturnType<typeof passage>[]) => extractiveReply(passages, weightTerms(question, null), questionAnswerType(question));

const DELETING = passage(1, ['Refunds and cancellation', 'Deleting your workspace'], 'Deleting your workspace removes all schedules. Refunds are not given for deleted workspaces mid-term. It cannot be undone.', 9);
const ANNUAL = passage(
  2,
  ['Refunds and cancellation', 'Refund policy', 'Annual plans'],
  'Annual plans can be refunded in full within 30 days of purchase. After 30 days, we refund the unused months minus a 10% fee. Contact billing to start a refund.',
  8.5,
);

describe('extractiveReply', () => {
  it('quotes the sentences that answer, from the passage the evidence favours over raw BM25, with the section path', () => {
    const { answer, citations } = reply('can I get a refund on an annual plan after 30 days?', [DELETING, ANNUAL]);
    expect(citations[0]!.chunkId).toBe(ANNUAL.chunkId);
    expect(answer.startsWith(`${EXTRACTIVE_LABEL}\n\n> `)).toBe(true);
    expect(answer).toContain('> Annual plans can be refunded in full within 30 days of purchase.');
    expect(answer).toContain('— Refunds and cancellation › Refund policy › Annual plans');
    expect(answer).not.toContain('It cannot be undone.');
  });

  it('lets the fifth-ranked passage lead when it is the one that answers (a page overview outscoring its own subsection)', () => {
    const overview = (n: number, topic: string) =>
      passage(n, ['Exports', topic], `Exports of ${topic.toLowerCase()} are available from the dashboard. Exports run in the background and an email arrives when they are ready.`, 10 - n * 0.3);
    const answer = passage(5, ['Exports', 'Full export', 'Download link'], 'The download link of a full export expires after 24 hours.', 8.2);
    const passages = [overview(1, 'Overview'), overview(2, 'Goals'), overview(3, 'Pages'), overview(4, 'Sources'), answer];
    const { citations, answer: text } = reply('how long does the download link of a full export last?', passages);
    expect(citations[0]!.chunkId).toBe(answer.chunkId);
    expect(text).toContain('> The download link of a full export expires after 24 hours.');
  });

  it('keeps a short list whole with the sentence that introduces it', () => {
    const medical = passage(
      1,
      ['Benefits', 'Medical Insurance'],
      'Medical insurance is through Blue Cross.\n\nEach pay period, you see a payroll deduction for medical insurance:\n\n* Employee-only medical coverage: $96.05\n* Employee-family medical coverage: $287.65',
    );
    const { answer } = reply('how much is the payroll deduction for family medical coverage?', [medical]);
    expect(answer).toContain('> Each pay period, you see a payroll deduction for medical insurance:\n> * Employee-only medical coverage: $96.05\n> * Employee-family medical coverage: $287.65');
  });

  it('quotes a table row with its header, not the whole table', () => {
    const prices = passage(1, ['Pricing and plans', 'Plan prices'], '| Plan | Billed monthly |\n| Free | €0 |\n| Team | €5 per user/month |\n| Business | €10 per user/month |');
    const { answer } = reply('how much is the Team plan per month?', [prices]);
    expect(answer).toContain('> | Plan | Billed monthly |\n> | Team | €5 per user/month |');
    expect(answer).not.toContain('Business');
  });

  it('quotes repeated text once and leaves badge noise out', () => {
    const badge = passage(1, ['Shift swapping', 'Turning swaps on'], 'Available on the Team plan: Available on the Team, Business and Enterprise plans. Swaps are turned on in Settings.');
    const copy = passage(2, ['Shift swapping', 'Turning swaps on'], 'Available on the Team plan: Available on the Team, Business and Enterprise plans. Swaps are turned on in Settings.');
    const { answer } = reply('which plans have shift swaps?', [badge, copy]);
    expect(answer.match(/Available on the Team, Business/g)).toHaveLength(1);
    expect(answer).not.toContain('Available on the Team plan:');
  });

  it('never quotes a line twice when overlapping passages share list items', () => {
    // Two chunks of one page overlap on a list item; each is quoted for an item of its own.
    const first = passage(1, ['Pay', 'Night shifts'], 'Night shifts are paid at these rates:\n\n* Weeknight shifts: 1.2 times the day rate\n* Weekend night shifts: 1.5 times the day rate');
    const second = passage(2, ['Pay', 'Night shifts'], '* Weekend night shifts: 1.5 times the day rate\n* Holiday night shifts: 2 times the day rate\n\nAsk your lead before swapping a night shift.');
    const { answer, citations } = reply('what rate are weekend and holiday night shifts paid at?', [first, second]);
    expect(citations).toHaveLength(2);
    expect(answer).toContain('> * Holiday night shifts: 2 times the day rate');
    expect(answer.match(/Weekend night shifts: 1\.5 times/g)).toHaveLength(1);
    const quotedLines = answer.split('\n').filter((line) => line.startsWith('> ') && line !== '> …');
    expect(new Set(quotedLines).size).toBe(quotedLines.length);
  });

  it('returns nothing without passages', () => {
    expect(reply('anything?', [])).toMatchObject({ answer: '', citations: [] });
  });
});
