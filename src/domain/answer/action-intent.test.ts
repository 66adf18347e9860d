import { describe, expect, it } from 'vitest';
import { asksForAction } from './action-intent';

describe('asksForAction', () => {
  it.each([
    'please sign me up for the pet insurance for my dog',
    'my laptop just died, can you order me a new one?',
    'book my flights for the next company meetup pls',
    'log 3 days off for me next week, thu to mon',
    'cancel my subscription for me please',
    'upgrade my account to the Business plan, yearly billing',
    'wipe all the stats for example.com, I want to start fresh',
    'Could you please reset my password?',
    'I need you to create a ticket for the broken printer',
    'hey, open a ticket: the VPN is down',
  ])('treats %j as a request for an action', (message) => {
    expect(asksForAction(message)).toBe(true);
  });

  it.each([
    'how do I cancel my subscription?',
    'is there parking for employees?',
    'where can I change the email on my invoices',
    'what happens if I upgrade mid-month?',
    'can I book a meeting room for a client visit?',
    'do I need approval to order a monitor?',
    'refund policy for annual plans?',
    'when is the next company meetup',
  ])('treats %j as a question', (message) => {
    expect(asksForAction(message)).toBe(false);
  });
});
