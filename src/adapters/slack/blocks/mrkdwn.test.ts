import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMrkdwn, markdownToMrkdwn, slackLink, splitMrkdwn, truncateMrkdwn, truncatePlain } from './mrkdwn';
import { expectSafeMrkdwn } from './slack-limits.testing';

describe('escapeMrkdwn', () => {
  it('turns the three control characters into entities and leaves the rest alone', () => {
    expect(escapeMrkdwn('a & b < c > d * _ ~ `')).toBe('a &amp; b &lt; c &gt; d * _ ~ `');
  });

  it('defuses mentions, broadcasts, links and HTML', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <https://evil.example|click> <script>')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &lt;script&gt;',
    );
  });

  it('escapes an existing entity again, so the reader sees exactly what was written', () => {
    expect(escapeMrkdwn('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });
});

describe('markdownToMrkdwn', () => {
  it.each([
    ['bold with stars', '**Leave** policy', '*Leave* policy'],
    ['bold with underscores', '__Leave__ policy', '*Leave* policy'],
    ['italic with a star', 'an *important* rule', 'an _important_ rule'],
    ['italic with underscores', 'an _important_ rule', 'an _important_ rule'],
    ['bold italic', '***both***', '*_both_*'],
    ['bold and italic together', '**Note:** see *below*', '*Note:* see _below_'],
    ['strikethrough', '~~old~~ new', '~old~ new'],
    ['link', 'See [the handbook](https://example.com/h?a=1&b=2).', 'See <https://example.com/h?a=1&amp;b=2|the handbook>.'],
    ['mailto link', '[HR](mailto:hr@example.com)', '<mailto:hr@example.com|HR>'],
    ['link with parentheses in the URL', '[A](https://w.example/A_(b))', '<https://w.example/A_(b)|A>'],
    ['link with a title', '[A](https://a.example "Title")', '<https://a.example|A>'],
    ['link label formatting is dropped', '[**Bold**](https://a.example)', '<https://a.example|Bold>'],
    ['pipe and angle bracket in a label', '[a|b > c](https://a.example)', '<https://a.example|a∣b &gt; c>'],
    ['pipe in a URL cannot split off a fake label', '[ok](https://evil.example/x|trusted.example)', '<https://evil.example/x%7Ctrusted.example|ok>'],
    ['javascript link becomes text', '[click](javascript:alert(1))', 'click'],
    ['relative link becomes text', '[docs](/internal/docs)', 'docs'],
    ['image becomes a link to it', '![diagram](https://a.example/d.png)', '<https://a.example/d.png|diagram>'],
    ['autolink', '<https://a.example/x>', '<https://a.example/x>'],
    ['bare URL with underscores untouched', 'https://a.example/a_b_c_d', 'https://a.example/a_b_c_d'],
    ['heading', '# Annual leave', '*Annual leave*'],
    ['heading with bold inside', '## The **new** policy ##', '*The new policy*'],
    ['bullets', '- one\n* two\n+ three', '• one\n• two\n• three'],
    ['nested bullets keep their indent', '- one\n  - two', '• one\n  • two'],
    ['task list', '- [ ] todo\n- [x] done', '• ☐ todo\n• ☑ done'],
    ['numbered list kept', '1. first\n2) second', '1. first\n2. second'],
    ['blockquote kept', '> quoted **text**', '> quoted *text*'],
    ['blockquote holding a list', '> - item', '> • item'],
    ['horizontal rule', '---', '───'],
    ['inline code verbatim but escaped', 'run `a < b && **c**` now', 'run `a &lt; b &amp;&amp; **c**` now'],
    ['fenced code verbatim, language dropped', '```ts\nif (a < b) { **x** }\n```', '```\nif (a &lt; b) { **x** }\n```'],
    ['tilde fence', '~~~\n*x*\n~~~', '```\n*x*\n```'],
    ['unclosed fence runs to the end and is closed', '```\ncode', '```\ncode\n```'],
    ['backtick fence inside a tilde fence cannot close it', '~~~\n```\n~~~', '```\n``\u200b`\n```'],
    ['table becomes a code block', '| a | b |\n|---|---|\n| 1 | <2> |\nafter', '```\n| a | b |\n|---|---|\n| 1 | &lt;2&gt; |\n```\nafter'],
    ['arithmetic stars are not emphasis', '2 * 3 * 4', '2 * 3 * 4'],
    ['snake_case is not emphasis', 'set max_leave_days', 'set max_leave_days'],
    ['backslash escapes are literal', '\\*not italic\\*', '*not italic*'],
    ['CRLF line ends', 'a\r\nb', 'a\nb'],
  ])('%s', (_name, markdown, expected) => {
    expect(markdownToMrkdwn(markdown)).toBe(expected);
  });

  it.each([
    ['text', '<!channel> <@U123> <script>alert(1)</script> & co'],
    ['a heading', '# <!here> & <@U123>'],
    ['a list item', '- <!everyone> <@W999>'],
    ['a quote', '> <!channel>'],
    ['a link label', '[<!channel> <@U123>](https://a.example)'],
    ['a link URL', '[x](https://a.example/<!channel>)'],
    ['inline code', '`<!channel> <@U123>`'],
    ['a code block', '```\n<!channel>\n<@U123>\n```'],
    ['a table', '| <!channel> | b |\n|---|---|\n| <@U123> | & |'],
    ['a forged stash marker', '\uE0000\uE001 <!channel>'],
  ])('never lets %s open a Slack token', (_name, markdown) => {
    const mrkdwn = markdownToMrkdwn(markdown);
    expectSafeMrkdwn(mrkdwn);
    expect(mrkdwn).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U123>|<@W999>|<script/);
  });
});

describe('slackLink', () => {
  it('links http(s) and mailto only', () => {
    expect(slackLink('https://a.example/?q=1&r=<2>', 'A & B')).toBe('<https://a.example/?q=1&amp;r=&lt;2&gt;|A &amp; B>');
    expect(slackLink('ftp://a.example', 'A')).toBeNull();
    expect(slackLink('javascript:alert(1)', 'A')).toBeNull();
  });
});

describe('codeBlock', () => {
  it('escapes, neutralises fences and truncates the body, keeping the block closed', () => {
    expect(codeBlock('a < b\n```')).toBe('```\na &lt; b\n``\u200b`\n```');
    const block = codeBlock('&'.repeat(100), 22);
    expect(block).toBe(`\`\`\`\n${'&amp;'.repeat(4)}…\n\`\`\``);
  });
});

describe('truncateMrkdwn', () => {
  it('returns short text unchanged', () => {
    expect(truncateMrkdwn('short', 5)).toBe('short');
  });

  it('cuts at a word boundary and appends an ellipsis', () => {
    expect(truncateMrkdwn('the quick brown fox jumps', 12)).toBe('the quick…');
  });

  it('never cuts inside a link, a mention or a date token', () => {
    expect(truncateMrkdwn('see <https://a.example/long/path|the handbook> now', 30)).toBe('see…');
    expect(truncateMrkdwn('ask <@U12345678> later', 12)).toBe('ask…');
    expect(truncateMrkdwn('at <!date^1700000000^{time}|2023> ok', 20)).toBe('at…');
  });

  it('never cuts inside an entity', () => {
    expect(truncateMrkdwn('&amp;&amp;&amp;', 8)).toBe('&amp;…');
    expect(truncateMrkdwn('x&lt;y&lt;z', 5)).toBe('x…');
    expect(truncateMrkdwn('x&lt;y&lt;z', 6)).toBe('x&lt;…');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateMrkdwn('😀😀😀😀', 4);
    expect(cut).toBe('😀…');
    expectSafeMrkdwn(cut);
  });

  it('closes a code block it cut open', () => {
    const text = `intro\n\`\`\`\n${'line\n'.repeat(20)}\`\`\``;
    const cut = truncateMrkdwn(text, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith('…\n```')).toBe(true);
    expect(cut.match(/```/g)).toHaveLength(2);
  });

  it('stays within the limit for any cut point', () => {
    const text = markdownToMrkdwn('A [link](https://a.example/x?y=1&z=2) & <b> **bold** 😀 '.repeat(20));
    for (let max = 0; max <= 200; max++) {
      const cut = truncateMrkdwn(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      if (cut) expectSafeMrkdwn(cut);
    }
  });
});

describe('splitMrkdwn', () => {
  it('prefers paragraph breaks', () => {
    expect(splitMrkdwn(`${'a'.repeat(30)}\n\n${'b'.repeat(30)}`, 40)).toEqual(['a'.repeat(30), 'b'.repeat(30)]);
  });

  it('closes and reopens a code block split across pieces', () => {
    const pieces = splitMrkdwn(`\`\`\`\n${'line\n'.repeat(20)}\`\`\``, 40);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(40);
      expect(piece.startsWith('```\n') && piece.endsWith('\n```')).toBe(true);
    }
    expect(pieces.join('\n').match(/line/g)).toHaveLength(20);
  });

  it('keeps every piece within the limit and every link whole', () => {
    const text = markdownToMrkdwn('Read [the leave policy](https://a.example/leave) & ask <@U1>. '.repeat(200));
    const pieces = splitMrkdwn(text, 3000);
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expectSafeMrkdwn(piece);
    }
    expect(pieces.join(' ').match(/<https:\/\/a\.example\/leave\|the leave policy>/g)).toHaveLength(200);
  });
});

describe('truncatePlain', () => {
  it('cuts plain text without escaping it', () => {
    expect(truncatePlain('a < b & c', 9)).toBe('a < b & c');
    expect(truncatePlain('a < b & c', 6)).toBe('a < b…');
    expect(truncatePlain('ab😀', 3)).toBe('ab…');
  });
});
