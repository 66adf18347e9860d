import type { Passage } from '../answer/types';
import type { ReviewedItem } from './types';

/** Test helpers shared by the fine-tuning tests (not used by production code). */
export function passage(label: string, text: string, headingPath = ['Handbook', 'Leave']): Passage {
  return { label, chunkId: `c-${label}`, documentId: 'handbook.md', title: 'Handbook', headingPath, text, url: null, score: 1, ranks: { lexical: 1 } };
}

export function item(overrides: Partial<ReviewedItem> = {}): ReviewedItem {
  return {
    id: 'r1',
    audience: 'employee',
    question: 'How many vacation days do I get?',
    passages: [passage('P1', 'Full-time employees get 25 vacation days a year.'), passage('P2', 'Part-time staff accrue days pro rata.')],
    draftAnswer: 'You get 25 days.',
    finalAnswer: 'Full-time employees get 25 vacation days a year; part-time staff accrue them pro rata.',
    source: 'edited',
    createdAt: '2026-11-01T10:00:00.000Z',
    askerName: null,
    ...overrides,
  };
}

/** Counts one token per character: exact, predictable figures for assertions. */
export const characterCounter = { count: (text: string) => text.length };
