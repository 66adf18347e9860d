/**
 * A small, strict command-line parser: `--name value`, `--name=value`,
 * boolean flags, repeatable options, and positional arguments. Unknown
 * options are errors, so a typo never silently changes what a command does.
 */
export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  multiple?: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** True when the command line asks for help: `--help` or `-h` among the options (not after `--`). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * Parses a command line. Given the command's `usage`, `--help` (or `-h`)
 * prints it and exits 0 before anything else is checked, so asking for
 * help never fails on a missing required option.
 */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>, usage?: string) {
  if (usage !== undefined && wantsHelp(argv)) {
    console.log(usage);
    process.exit(0);
  }
  const options: Record<string, string | number | boolean | string[]> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inlineValue] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const option = spec[rawName];
    if (!option) throw new UsageError(`unknown option --${rawName}`);
    if (option.type === 'boolean') {
      if (inlineValue !== undefined) throw new UsageError(`--${rawName} takes no value`);
      options[rawName] = true;
      continue;
    }
    const value = inlineValue ?? argv[++index];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) throw new UsageError(`--${rawName} needs a value`);
    if (option.type === 'number') {
      const number = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(number)) throw new UsageError(`--${rawName} must be a number, got "${value}"`);
      options[rawName] = number;
    } else if (option.multiple) {
      options[rawName] = [...((options[rawName] as string[] | undefined) ?? []), value];
    } else {
      options[rawName] = value;
    }
  }
  return { options, positionals };
}
