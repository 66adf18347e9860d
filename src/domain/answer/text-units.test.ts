import { describe, expect, it } from 'vitest';
import { textUnits } from './text-units';

describe('textUnits', () => {
  it('splits prose into sentences and keeps list items and table rows whole, in order', () => {
    const units = textUnits(
      'Parking is in the garage. Ask reception for a badge.\n\nEach pay period you see a deduction:\n\n* Employee-only: $96.05\n* Family: $287.65\n\n| Plan | Monthly |\n| Team | €5 per user |\n| Business | €10 per user |',
    );
    expect(units.map((unit) => [unit.kind, unit.text])).toEqual([
      ['sentence', 'Parking is in the garage.'],
      ['sentence', 'Ask reception for a badge.'],
      ['sentence', 'Each pay period you see a deduction:'],
      ['item', '* Employee-only: $96.05'],
      ['item', '* Family: $287.65'],
      ['row', '| Team | €5 per user |'],
      ['row', '| Business | €10 per user |'],
    ]);
    expect(units[3]!.leadIn).toBe(2);
    expect(units[3]!.group).toBe(units[4]!.group);
    expect(units[5]!.header).toBe('| Plan | Monthly |');
    expect(units.map((unit) => unit.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('drops badge labels that the text repeats, and bare admonition labels', () => {
    const units = textUnits('Available on the Team plan: Available on the Team, Business and Enterprise plans.\n\nTip:\nYou can only have one trial.');
    expect(units.map((unit) => unit.text)).toEqual(['Available on the Team, Business and Enterprise plans.', 'You can only have one trial.']);
  });

  it('keeps a label that adds information', () => {
    const [unit] = textUnits('Available on the Enterprise plan: Enterprise plans start at 150 users.');
    expect(unit!.text).toBe('Available on the Enterprise plan: Enterprise plans start at 150 users.');
  });
});
