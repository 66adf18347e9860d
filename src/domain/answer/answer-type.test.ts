import { describe, expect, it } from 'vitest';
import { hasAnswerOfType, questionAnswerType } from './answer-type';

describe('questionAnswerType', () => {
  it.each([
    ['how much is the Team plan per user?', 'price'],
    ['what does the Business plan cost', 'price'],
    ['when does open enrollment start?', 'date'],
    ['how many vacation days do we get', 'number'],
    ['where do I find my invoices?', 'place'],
    ['does the mobile app work offline?', 'yes_no'],
    ['tell me about parking', null],
  ])('%s → %s', (question, type) => {
    expect(questionAnswerType(question)).toBe(type);
  });
});

describe('hasAnswerOfType', () => {
  it('finds amounts, numbers, dates and places, and not where there are none', () => {
    expect(hasAnswerOfType('price', 'Team costs €5 per user/month.')).toBe(true);
    expect(hasAnswerOfType('price', 'Ask sales about it.')).toBe(false);
    expect(hasAnswerOfType('number', 'You get 20 days.')).toBe(true);
    expect(hasAnswerOfType('date', 'Open enrollment is in November every year.')).toBe(true);
    expect(hasAnswerOfType('date', 'Ask your manager.')).toBe(false);
    expect(hasAnswerOfType('place', 'Go to Settings › Billing.')).toBe(true);
  });
});
