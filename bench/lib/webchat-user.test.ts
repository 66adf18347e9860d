import { describe, expect, it } from 'vitest';
import { countReplies } from './webchat-user';

const customer = (seq: number) => ({ seq, role: 'customer' as const, kind: 'question' as const });
const assistant = (seq: number, kind: 'answer' | 'holding' | 'staff' = 'answer') => ({ seq, role: 'assistant' as const, kind });

describe('countReplies', () => {
  it('counts one reply per question in a well-behaved conversation', () => {
    expect(countReplies([customer(1), assistant(2), customer(3), assistant(4)])).toEqual({ questions: 2, answered: 2, unanswered: 0, duplicates: 0, kinds: { answer: 2 } });
  });

  it('counts a second assistant message after the same question as a duplicate, whatever its kind', () => {
    expect(countReplies([customer(1), assistant(2, 'holding'), assistant(3), customer(4), assistant(5)])).toMatchObject({ answered: 2, duplicates: 1, kinds: { holding: 1, answer: 2 } });
  });

  it('counts a question with no assistant message after it as unanswered', () => {
    expect(countReplies([customer(1), assistant(2), customer(3)])).toMatchObject({ questions: 2, answered: 1, unanswered: 1, duplicates: 0 });
  });

  it('orders by seq, not by the order the messages are listed in', () => {
    expect(countReplies([assistant(4), customer(3), assistant(2), customer(1)])).toMatchObject({ answered: 2, duplicates: 0 });
  });

  it('attributes nothing to an assistant message before the first question', () => {
    expect(countReplies([assistant(1, 'staff'), customer(2), assistant(3)])).toMatchObject({ questions: 1, answered: 1, duplicates: 0 });
  });
});
