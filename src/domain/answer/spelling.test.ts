import { describe, expect, it } from 'vitest';
import { editDistance, nearMiss } from './spelling';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('rota', 'rota')).toBe(0);
    expect(editDistance('rotas', 'rota')).toBe(1);
    expect(editDistance('rota', 'iota')).toBe(1);
    expect(editDistance('shfit', 'shift')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('nearMiss', () => {
  const passageWords = ['schedule', 'overtime', 'timesheet', 'approve', 'manager'];
  it('maps a misspelt question word to the passage word it was meant to be', () => {
    expect(nearMiss('shcedule', passageWords)).toBe('schedule');
    expect(nearMiss('overtiem', passageWords)).toBe('overtime');
    expect(nearMiss('timeshete', passageWords)).toBe('timesheet');
    expect(nearMiss('aprove', passageWords)).toBe('approve');
  });

  it('does not turn a word the knowledge base lacks into one it has', () => {
    // Short words, another first letter, or too many edits: a different word, not a typo.
    expect(nearMiss('manger', ['manager', 'ranger'])).toBe('manager');
    expect(nearMiss('ranger', ['danger'])).toBeNull();
    expect(nearMiss('vesting', ['testing', 'nesting'])).toBeNull();
    expect(nearMiss('gyms', ['gym', 'guns'])).toBeNull();
    expect(nearMiss('payroll', ['parole'])).toBeNull();
    expect(nearMiss('schedule', ['schedule'])).toBeNull();
    expect(nearMiss('form401k', ['form402k'])).toBeNull();
  });
});
