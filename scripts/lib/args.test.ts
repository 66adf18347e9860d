import { describe, expect, it } from 'vitest';
import { type OptionSpec, parseArgs, UsageError, wantsHelp } from './args';

const spec: Record<string, OptionSpec> = {
  url: { type: 'string' },
  k: { type: 'number' },
  tag: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
};

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv, spec);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseArgs', () => {
  it('parses --name value, --name=value, booleans and positionals in any order', () => {
    expect(parseArgs(['docs', '--url', 'https://x.example', 'more.md', '--k=5', '--dry-run'], spec)).toEqual({
      options: { url: 'https://x.example', k: 5, 'dry-run': true },
      positionals: ['docs', 'more.md'],
    });
  });

  it('returns empty options and positionals for no arguments', () => {
    expect(parseArgs([], spec)).toEqual({ options: {}, positionals: [] });
  });

  it('keeps everything after = in an inline value, including further = signs', () => {
    expect(parseArgs(['--url=https://x.example/?a=1&b=2'], spec).options.url).toBe('https://x.example/?a=1&b=2');
  });

  it('collects a repeatable option into a list, in order', () => {
    expect(parseArgs(['--tag', 'hr', '--tag=benefits', '--tag', 'faq'], spec).options.tag).toEqual(['hr', 'benefits', 'faq']);
  });

  it('keeps the last value of a non-repeatable option', () => {
    expect(parseArgs(['--url', 'a', '--url', 'b'], spec).options.url).toBe('b');
  });

  it('parses numbers, including negative and decimal ones given as separate arguments', () => {
    expect(parseArgs(['--k', '-3'], spec).options.k).toBe(-3);
    expect(parseArgs(['--k', '2.5'], spec).options.k).toBe(2.5);
    expect(parseArgs(['--k=1e3'], spec).options.k).toBe(1000);
  });

  it('rejects a number option whose value is not a finite number', () => {
    expect(usageError(['--k', 'ten']).message).toBe('--k must be a number, got "ten"');
    expect(usageError(['--k', 'Infinity']).message).toBe('--k must be a number, got "Infinity"');
  });

  // Number('') and Number(' ') are 0, so an empty value silently becomes k = 0.
  it('rejects an empty value for a number option', () => {
    expect(usageError(['--k=']).message).toMatch(/^--k /);
    expect(usageError(['--k', ' ']).message).toMatch(/^--k /);
  });

  it('rejects an unknown option, naming it', () => {
    expect(usageError(['--urll', 'x']).message).toBe('unknown option --urll');
    expect(usageError(['--dryrun=1']).message).toBe('unknown option --dryrun');
  });

  it('rejects a missing value at the end or before another option', () => {
    expect(usageError(['--url']).message).toBe('--url needs a value');
    expect(usageError(['--url', '--dry-run']).message).toBe('--url needs a value');
  });

  it('accepts a value that starts with -- when given inline', () => {
    expect(parseArgs(['--url=--weird'], spec).options.url).toBe('--weird');
  });

  it('rejects a value given to a boolean flag', () => {
    expect(usageError(['--dry-run=false']).message).toBe('--dry-run takes no value');
  });

  it('treats everything after -- as positional', () => {
    expect(parseArgs(['--k', '1', '--', '--url', 'x'], spec)).toEqual({ options: { k: 1 }, positionals: ['--url', 'x'] });
  });

  it('treats single-dash arguments as positional', () => {
    expect(parseArgs(['-', '-v'], spec).positionals).toEqual(['-', '-v']);
  });

  it('names its error class UsageError', () => {
    expect(usageError(['--nope']).name).toBe('UsageError');
  });
});

describe('wantsHelp', () => {
  it('sees --help and -h anywhere among the options, but not after --', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['docs', '--url', 'x', '-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
    expect(wantsHelp([])).toBe(false);
  });
});
