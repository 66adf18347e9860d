import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

const render = (text: string) => renderMarkdown(text).value;

describe('renderMarkdown', () => {
  it('renders the light Markdown replies use', () => {
    expect(render('Tap **Swap** in `Shifts`.\nThen wait.\n\n1. Open the app\n2. Choose a shift')).toBe(
      '<p>Tap <strong>Swap</strong> in <code>Shifts</code>.<br>Then wait.</p><ol><li>Open the app</li><li>Choose a shift</li></ol>',
    );
    expect(render('> quoted\n> - item')).toBe('<blockquote><p>quoted<br>- item</p></blockquote>');
    expect(render('- a\n- b')).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(render('See [the guide](https://help.example/swap).')).toBe(
      '<p>See <a href="https://help.example/swap" rel="noopener noreferrer" target="_blank">the guide</a>.</p>',
    );
  });

  it('escapes everything and links only http(s)', () => {
    expect(render('<script>alert(1)</script> **<b>x</b>**')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>&lt;b&gt;x&lt;/b&gt;</strong></p>');
    expect(render('[click](javascript:alert(1))')).toBe('<p>click)</p>');
    expect(render('[x](https://a.example/"onmouseover="alert(1))')).not.toContain('"onmouseover');
  });
});
