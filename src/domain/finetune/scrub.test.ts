import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, type PersonalDataKind, scrubExample, scrubPersonalData } from './scrub';
import type { ChatExample, PreferencePair } from './types';

const names = ['Ada Lovelace', 'Grace Hopper'];

// [text, expected text, kind counted]
const removed: [string, string, PersonalDataKind][] = [
  ['Mail me at jane.doe+billing@example.co.uk please', 'Mail me at [EMAIL] please', 'email'],
  ['ADA.L@Example.COM', '[EMAIL]', 'email'],
  ['Call +44 20 7946 0958 today', 'Call [PHONE] today', 'phone'],
  ['US office: +1 (555) 123-4567.', 'US office: [PHONE].', 'phone'],
  ['Berlin (030) 1234 5678', 'Berlin [PHONE]', 'phone'],
  ['mobile 0171 2345678', 'mobile [PHONE]', 'phone'],
  ['ring 555.123.4567 now', 'ring [PHONE] now', 'phone'],
  ['Paris +33 1 23 45 67 89', 'Paris [PHONE]', 'phone'],
  ['London +44 (0)20 7946 0958', 'London [PHONE]', 'phone'],
  ['text me on 07911123456', 'text me on [PHONE]', 'phone'],
  ['tel:+4915123456789', 'tel:[PHONE]', 'phone'],
  ['call 5551234567 after six', 'call [PHONE] after six', 'phone'],
  ['on 2026-11-26 0171 2345678 call', 'on 2026-11-26 [PHONE] call', 'phone'],
  ['0171 2345678 26.11.2026', '[PHONE] 26.11.2026', 'phone'],
  ['+1-555-123-4567', '[PHONE]', 'phone'],
  ['card 4111 1111 1111 1111 exp 12/27', 'card [CARD] exp 12/27', 'card'],
  ['card 4111-1111-1111-1111', 'card [CARD]', 'card'],
  ['paid with 5500000000000004', 'paid with [CARD]', 'card'],
  ['amex 378282246310005', 'amex [CARD]', 'card'],
  ['card 4111 1111 1111 1111 1234 cvv', 'card [CARD] 1234 cvv', 'card'],
  ['IBAN DE89 3704 0044 0532 0130 00 is mine', 'IBAN [ACCOUNT] is mine', 'account'],
  ['send to GB82WEST12345698765432.', 'send to [ACCOUNT].', 'account'],
  ['to DE89 3704 0044 0532 0130 00 please', 'to [ACCOUNT] please', 'account'],
  ['account number 12345678', 'account number [ACCOUNT]', 'account'],
  ['Acct: 9876-5432-10', 'Acct: [ACCOUNT]', 'account'],
  ['my IBAN: DE00 1234 5678 9012 3456 78', 'my IBAN: [ACCOUNT]', 'account'],
  ['Konto 0012345678', 'Konto [ACCOUNT]', 'account'],
  ['Thanks, Ada Lovelace!', 'Thanks, [NAME]!', 'name'],
  ['hi ADA, ', 'hi [NAME], ', 'name'],
  ["Ms hopper's laptop", "Ms [NAME]'s laptop", 'name'],
];

const kept: string[] = [
  'The offer ends 2026-11-26.',
  'Due 26/11/2026 or 26.11.2026',
  'Opening hours 09:00-17:30, Monday to Friday',
  'Meeting on 2026-11-26 14:30 in room 4',
  'Logged at 2026-11-26T14:30:00Z',
  'account 2026-11-26 was closed',
  'between 2026-11-26 and 2026-12-01',
  '10 000 000 users and 1 000 000 more',
  'build 20261126, ticket #12345678',
  'It costs $1,299.99 or €12.50 a month',
  'The budget is € 12 345 678 this year',
  'Revenue 12 345 678 USD',
  'See ticket T-123 and T-12345678, or INC0012345678',
  'Upgrade to version 1.2.3 or 10.15.7',
  'Your PIN is 4821, keep it secret',
  'Order 12345678 has shipped',
  'Server 192.168.100.200 is down',
  'Population 12.345.678',
  'pi is 3.14159265358',
  '24/7 support since 2019',
  'A Luhn-invalid 4111 1111 1111 1112 is not a card',
  'Adamant and hoppers are not names',
  'Use @here in Slack or user@localhost',
  'An IBAN-like GB00WEST12345698765432 with a bad checksum',
];

describe('scrubPersonalData', () => {
  it.each(removed)('removes personal data: %s', (text, expected, kind) => {
    const result = scrubPersonalData(text, { names });
    expect(result.text).toBe(expected);
    expect(result.found[kind]).toBe(1);
    const others = Object.entries(result.found).filter(([other]) => other !== kind);
    expect(others.every(([, count]) => count === 0)).toBe(true);
  });

  it.each(kept)('keeps look-alikes: %s', (text) => {
    const result = scrubPersonalData(text, { names });
    expect(result.text).toBe(text);
    expect(Object.values(result.found).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('counts every occurrence and leaves the rest of the text alone', () => {
    const result = scrubPersonalData('Ada (ada@example.com, +44 20 7946 0958) asked Grace about order 12345678 on 2026-11-26.', { names });
    expect(result.text).toBe('[NAME] ([EMAIL], [PHONE]) asked [NAME] about order 12345678 on 2026-11-26.');
    expect(result.found).toEqual({ email: 1, phone: 1, card: 0, account: 0, name: 2 });
  });

  it('matches names part by part, in any Unicode normalization', () => {
    const result = scrubPersonalData("Thanks Mary-Jane O'Neil; cc Zoe\u0308 and ÅNGSTRÖM.", { names: ["Mary-Jane O'Neil", 'Zoë Ångström'] });
    expect(result.text).toBe("Thanks [NAME] O'[NAME]; cc [NAME] and [NAME].");
    expect(result.found.name).toBe(4);
  });

  it('does not treat placeholders as names', () => {
    expect(scrubPersonalData('x@y.io', { names: ['Email'] }).text).toBe('[EMAIL]');
  });

  it('checks cards with Luhn and IBANs with mod 97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE88 3704 0044 0532 0130 00')).toBe(false);
  });
});

describe('scrubExample', () => {
  it('scrubs every message and sums the report, keeping a structured reply valid JSON', () => {
    const example: ChatExample = {
      messages: [
        { role: 'system', content: 'You are the bot.' },
        { role: 'user', content: '<question>\nI am Ada, call 0171 2345678\n</question>' },
        // "\n" right before the e-mail: scrubbing the JSON text would break the escape.
        { role: 'assistant', content: JSON.stringify({ answer: 'Hi Ada,\nnada@example.com noted.', citations: ['P1'], assessment: 'answered' }) },
      ],
    };
    const { example: clean, found } = scrubExample(example, { names: ['Ada'] });
    expect(clean.messages[1]!.content).toBe('<question>\nI am [NAME], call [PHONE]\n</question>');
    expect(JSON.parse(clean.messages[2]!.content)).toEqual({ answer: 'Hi [NAME],\n[EMAIL] noted.', citations: ['P1'], assessment: 'answered' });
    expect(found).toEqual({ email: 1, phone: 1, card: 0, account: 0, name: 2 });
    expect(example.messages[1]!.content).toContain('0171 2345678');
  });

  it('scrubs both outputs of a preference pair', () => {
    const pair: PreferencePair = {
      input: { messages: [{ role: 'user', content: 'card 4111 1111 1111 1111' }] },
      preferred_output: [{ role: 'assistant', content: 'Never share it, Grace.' }],
      non_preferred_output: [{ role: 'assistant', content: 'Got 4111 1111 1111 1111, Grace.' }],
    };
    const { example: clean, found } = scrubExample(pair, { names: ['Grace'] });
    expect(clean.input.messages[0]!.content).toBe('card [CARD]');
    expect(clean.preferred_output[0].content).toBe('Never share it, [NAME].');
    expect(clean.non_preferred_output[0].content).toBe('Got [CARD], [NAME].');
    expect(found).toEqual({ email: 0, phone: 0, card: 2, account: 0, name: 2 });
  });
});
