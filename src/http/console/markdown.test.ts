import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../public/markdown.js';
import { markdownToMrkdwn } from '../../adapters/slack/blocks/mrkdwn';
import { renderMarkdown } from './markdown';

const render = (text: string) => renderMarkdown(text).value;

describe('the light Markdown subset (public/markdown.js), as the console renders it', () => {
  it('renders paragraphs, line breaks, lists, bold, code and links', () => {
    expect(render('Tap **Swap** in `Shifts`.\nThen wait.\n\n1. Open the app\n2. Choose a shift')).toBe(
      '<p>Tap <strong>Swap</strong> in <code>Shifts</code>.<br>Then wait.</p><ol><li>Open the app</li><li>Choose a shift</li></ol>',
    );
    expect(render('- a\n* b\n• c')).toBe('<ul><li>a</li><li>b</li><li>c</li></ul>');
    expect(render('See [the guide](https://help.example/swap).')).toBe(
      '<p>See <a href="https://help.example/swap" rel="noopener noreferrer" target="_blank">the guide</a>.</p>',
    );
    expect(render('Details: https://help.example/a_b.')).toBe(
      '<p>Details: <a href="https://help.example/a_b" rel="noopener noreferrer" target="_blank">https://help.example/a_b</a>.</p>',
    );
  });

  it('renders quotes with the blocks inside them, line by line as the widget does', () => {
    expect(render('> quoted\n> - item')).toBe('<blockquote><p>quoted</p><ul><li>item</li></ul></blockquote>');
    expect(render('Before\n> **Quoted** text\nAfter')).toBe('<p>Before</p><blockquote><p><strong>Quoted</strong> text</p></blockquote><p>After</p>');
    expect(render('> > deep')).toBe('<blockquote><blockquote><p>deep</p></blockquote></blockquote>');
  });

  it('shows headings as a bold line and fenced code as code, with nothing inside it converted', () => {
    expect(render('## Returns\n```\n**not bold** <b>\n```')).toBe('<p><strong>Returns</strong></p><pre><code>**not bold** &lt;b&gt;</code></pre>');
  });

  it('escapes everything and links only http(s)', () => {
    expect(render('<script>alert(1)</script> **<b>x</b>**')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>&lt;b&gt;x&lt;/b&gt;</strong></p>');
    expect(render('[click](javascript:alert(1))')).toBe('<p>click</p>');
    expect(render('[x](data:text/html,<b>)')).not.toContain('<a');
    expect(render('[x](https://a.example/"onmouseover="alert(1))')).not.toContain('"onmouseover');
    expect(render('[x](https://a.example/"onmouseover="alert(1))')).not.toContain('<a href="https://a.example/"');
    // A link label cannot hold another link.
    expect(render('[https://a.example](https://b.example)')).toBe('<p><a href="https://b.example/" rel="noopener noreferrer" target="_blank">https://a.example</a></p>');
  });

  it('bounds quote nesting, so hostile input costs little', () => {
    const deep = `${'>'.repeat(500)} x`;
    expect(render(deep).match(/<blockquote>/g)).toHaveLength(8);
  });

  it('parses into a tree with no markup in it', () => {
    expect(parseMarkdown('**Hi** [there](https://a.example)\n- one')).toEqual([
      { type: 'paragraph', lines: [[{ type: 'strong', children: [{ type: 'text', text: 'Hi' }] }, { type: 'text', text: ' ' }, { type: 'link', href: 'https://a.example/', children: [{ type: 'text', text: 'there' }] }]] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'one' }]] },
    ]);
  });
});

describe('the Slack preview of the same subset', () => {
  // Slack reads its own mrkdwn, so it has its own converter; these pin that it shows the subset as the console and widget do.
  it.each([
    ['**bold**', '*bold*'],
    ['> quoted', '> quoted'],
    ['- item', '• item'],
    ['1. first', '1. first'],
    ['[guide](https://help.example/a)', '<https://help.example/a|guide>'],
    ['[click](javascript:alert(1))', 'click'],
    ['`code`', '`code`'],
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
  ])('%s', (markdown, mrkdwn) => {
    expect(markdownToMrkdwn(markdown)).toBe(mrkdwn);
  });
});
