import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { configuredVar, mergedAllowedOrigins, parseDevOptions } from './dev-options';

describe('parseDevOptions', () => {
  it('takes --port over PORT over 8787', () => {
    expect(parseDevOptions([], {})).toEqual({ port: 8787, allowOrigins: [] });
    expect(parseDevOptions([], { PORT: '9001' }).port).toBe(9001);
    expect(parseDevOptions(['--port', '9002'], { PORT: '9001' }).port).toBe(9002);
    expect(parseDevOptions(['--port=9003'], {}).port).toBe(9003);
  });

  it('collects repeated --allow-origin values', () => {
    expect(parseDevOptions(['--allow-origin', 'http://localhost:3000', '--allow-origin', 'https://www.example.com'], {}).allowOrigins).toEqual([
      'http://localhost:3000',
      'https://www.example.com',
    ]);
  });

  it('refuses a bad port, a non-origin and stray arguments in words', () => {
    for (const [argv, env, message] of [
      [['--port', '0'], {}, '--port (or PORT) must be an integer from 1 to 65535'],
      [[], { PORT: 'eighty' }, '--port (or PORT) must be an integer from 1 to 65535'],
      [['--port', '70000'], {}, '--port (or PORT) must be an integer from 1 to 65535'],
      [['--allow-origin', 'http://localhost:3000/'], {}, 'is not an origin such as http://localhost:3000'],
      [['--allow-origin', 'localhost:3000'], {}, 'is not an origin'],
      [['--allow-origin', 'ftp://files.example.com'], {}, 'is not an origin'],
      [['8788'], {}, 'unexpected argument "8788"'],
      [['--prot', '1'], {}, 'unknown option --prot'],
    ] as [string[], { PORT?: string }, string][]) {
      expect(() => parseDevOptions(argv, env), argv.join(' ')).toThrow(UsageError);
      expect(() => parseDevOptions(argv, env), argv.join(' ')).toThrow(message);
    }
  });
});

describe('mergedAllowedOrigins', () => {
  it('adds the extra origins to the configured list once each, and changes nothing without any', () => {
    expect(mergedAllowedOrigins('', ['http://localhost:3000'])).toBe('http://localhost:3000');
    expect(mergedAllowedOrigins('https://www.example.com, http://localhost:3000', ['http://localhost:3000', 'http://127.0.0.1:5173'])).toBe(
      'https://www.example.com,http://localhost:3000,http://127.0.0.1:5173',
    );
    expect(mergedAllowedOrigins('https://www.example.com', [])).toBeNull();
  });
});

describe('configuredVar', () => {
  it('reads .dev.vars first (it overrides wrangler.toml), then wrangler.toml', () => {
    const toml = '[vars]\nWEB_ALLOWED_ORIGINS = "https://toml.example"\n';
    expect(configuredVar('WEB_ALLOWED_ORIGINS', 'ADMIN_TOKEN="x"\nWEB_ALLOWED_ORIGINS="https://dev.example"\n', toml)).toBe('https://dev.example');
    expect(configuredVar('WEB_ALLOWED_ORIGINS', 'ADMIN_TOKEN="x"\n', toml)).toBe('https://toml.example');
    expect(configuredVar('WEB_ALLOWED_ORIGINS', 'WEB_ALLOWED_ORIGINS=https://bare.example\n', toml)).toBe('https://bare.example');
    expect(configuredVar('WEB_ALLOWED_ORIGINS', '', '')).toBe('');
  });
});
