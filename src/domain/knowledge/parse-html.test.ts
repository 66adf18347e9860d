import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from './blocks';
import { parseHtml } from './parse-html';

const allText = (blocks: Block[]) => blocks.map((block) => block.text).join('\n');

const PAGE = `<!doctype html>
<html>
<head>
  <title>Billing | Example Docs</title>
  <script>window.analytics = "tracking-secret";</script>
  <style>.banner { color: red }</style>
</head>
<body>
  <header><a href="/">Example home</a></header>
  <nav><ul><li><a href="/a">Sidebar link</a></li></ul></nav>
  <div id="cookie-banner"><p>We use cookies to track you.</p><button>Accept all</button></div>
  <main>
    <h1>Billing &amp; Invoices</h1>
    <p>Invoices are sent on the <strong>first</strong> of <a href="/month">each month</a> by email.</p>
    <h2 id="plans">Plans</h2>
    <table>
      <thead>
        <tr><th>Plan</th><th>Price</th></tr>
      </thead>
      <tbody>
        <tr><td>Free</td><td>$0</td></tr>

        <tr><td>Business</td><td>$99</td></tr>
      </tbody>
    </table>
    <h3>API</h3>
    <pre><code class="language-sh">curl -H "x: &lt;token&gt;" https://api
  --data '{"a":1}'</code></pre>
  </main>
  <footer><p>© 2024 Example Inc.</p></footer>
  <script src="/app.js"></script>
</body>
</html>`;

describe('parseHtml', () => {
  it('keeps the main text and drops header, nav, cookie banner, footer, scripts and styles', () => {
    const text = allText(parseHtml(PAGE).blocks);
    expect(text).toContain('Invoices are sent on the first of each month by email.');
    for (const chrome of ['Example home', 'Sidebar link', 'cookies', 'Accept all', '2024 Example Inc', 'tracking-secret', 'color: red', 'app.js']) {
      expect(text).not.toContain(chrome);
    }
  });

  it('turns h1..h3 into headings in reading order, decoding entities', () => {
    const headings = parseHtml(PAGE).blocks.filter((block) => block.kind === 'heading');
    expect(headings).toEqual([
      { kind: 'heading', level: 1, text: 'Billing & Invoices' },
      { kind: 'heading', level: 2, text: 'Plans' },
      { kind: 'heading', level: 3, text: 'API' },
    ]);
  });

  it('turns h4..h6 into headings of the same level', () => {
    const blocks = parseHtml('<body><h4>Four</h4><h5>Five <em>x</em></h5><h6>Six</h6></body>').blocks;
    expect(blocks).toEqual([
      { kind: 'heading', level: 4, text: 'Four' },
      { kind: 'heading', level: 5, text: 'Five x' },
      { kind: 'heading', level: 6, text: 'Six' },
    ]);
  });

  it('turns a table into one table block with its rows on consecutive lines', () => {
    const tables = parseHtml(PAGE).blocks.filter((block) => block.kind === 'table');
    expect(tables).toEqual([{ kind: 'table', text: '| Plan | Price |\n| Free | $0 |\n| Business | $99 |' }]);
  });

  it('keeps <pre> as a code block with entities decoded and indentation kept', () => {
    const code = parseHtml(PAGE).blocks.filter((block) => block.kind === 'code');
    expect(code).toEqual([{ kind: 'code', text: '```\ncurl -H "x: <token>" https://api\n  --data \'{"a":1}\'\n```' }]);
  });

  it('takes the title from the first <h1> before <title>', () => {
    expect(parseHtml(PAGE).title).toBe('Billing & Invoices');
  });

  it('falls back to <title> when there is no <h1>, and to null when there is neither', () => {
    expect(parseHtml('<html><head><title>Only &amp; Title</title></head><body><h2>Sub</h2><p>Hi.</p></body></html>').title).toBe('Only & Title');
    expect(parseHtml('<p>No title anywhere.</p>').title).toBeNull();
  });

  it('uses <article> when there is no <main>', () => {
    const blocks = parseHtml('<body><div>Site menu text</div><article><p>Article body.</p></article></body>').blocks;
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Article body.' }]);
  });

  it('drops navigation sections and cookie notices marked by role, id or class', () => {
    const blocks = parseHtml(
      '<body><section role="navigation"><p>Nav section</p></section><div class="cookie-consent"><p>Cookie text</p></div><aside><p>Aside</p></aside><p>Real content.</p></body>',
    ).blocks;
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Real content.' }]);
  });

  it('separates paragraphs and list items, and keeps <br> as a line break', () => {
    const blocks = parseHtml('<main><p>First<br>line two</p><p>Second.</p><ul><li>One</li><li>Two</li></ul></main>').blocks;
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'First\nline two' },
      { kind: 'paragraph', text: 'Second.' },
      { kind: 'paragraph', text: '- One\n- Two' },
    ]);
  });

  it('keeps escaped markup as text', () => {
    expect(parseHtml('<main><p>Use <code>&lt;div&gt;</code> here.</p></main>').blocks).toEqual([
      { kind: 'paragraph', text: 'Use <div> here.' },
    ]);
  });

  it('returns no tags', () => {
    expect(parseHtml(PAGE).tags).toEqual([]);
  });
});

// Issue 16: each case was probed on the regular-expression parser and failed there.
describe('parseHtml: real pages the hand-written reader got wrong', () => {
  it('never leaks an attribute containing ">" into the text', () => {
    const blocks = parseHtml('<main><p data-rule="a > b" title="x>y">Visible only.</p></main>').blocks;
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Visible only.' }]);
  });

  it('drops a cookie banner nested one <div> deeper, and its button', () => {
    const html = '<body><div class="wrapper"><div id="cookie-notice"><div><p>We use cookies.</p></div><button>OK</button></div><p>Content.</p></div></body>';
    expect(parseHtml(html).blocks).toEqual([{ kind: 'paragraph', text: 'Content.' }]);
  });

  it('decodes every named entity, not only a short list', () => {
    expect(parseHtml('<main><p>Caf&eacute; &Aring; &frac12; &hearts; &amp;amp; &nbsp;x</p></main>').blocks).toEqual([
      { kind: 'paragraph', text: 'Café Å ½ ♥ &amp; x' },
    ]);
  });

  it('drops nav, footer, breadcrumbs, sidebars and hidden elements nested inside <main>', () => {
    const html = `<main><nav class="breadcrumbs"><a>Docs</a></nav><div class="theme-doc-sidebar"><p>Menu</p></div>
      <div aria-hidden="true">Hidden</div><div hidden>Also hidden</div><h1>Page</h1><p>Body.</p><footer>Edit this page</footer></main>`;
    expect(parseHtml(html).blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Page' },
      { kind: 'paragraph', text: 'Body.' },
    ]);
  });

  it('keeps an article header holding the page title, drops a site header without one', () => {
    const html = '<body><header><a>Site</a></header><article><header><h1>Post title</h1></header><p>Text.</p></article></body>';
    expect(parseHtml(html)).toEqual({ title: 'Post title', tags: [], blocks: [{ kind: 'heading', level: 1, text: 'Post title' }, { kind: 'paragraph', text: 'Text.' }] });
  });

  it('reads unclosed paragraphs and list items as the browser would', () => {
    expect(parseHtml('<main><p>One<p>Two<ul><li>A<li>B</ul></main>').blocks).toEqual([
      { kind: 'paragraph', text: 'One' },
      { kind: 'paragraph', text: 'Two' },
      { kind: 'paragraph', text: '- A\n- B' },
    ]);
  });

  it('uses role="main" when there is no <main>', () => {
    expect(parseHtml('<body><div>Menu</div><div role="main"><p>Main text.</p></div></body>').blocks).toEqual([
      { kind: 'paragraph', text: 'Main text.' },
    ]);
  });

  it('reads script-like text inside <pre> as code, not markup', () => {
    expect(parseHtml('<main><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></main>').blocks).toEqual([
      { kind: 'code', text: '```\n<script>alert(1)</script>\n```' },
    ]);
  });
});

describe('parseHtml: a Confluence space HTML export page', () => {
  const source = readFileSync('test/fixtures/exports/confluence/HR/Travel-policy_65538.html', 'utf8');

  it('keeps the page title without the space name, and only the page body', () => {
    const parsed = parseHtml(source);
    expect(parsed.title).toBe('Travel policy');
    const text = allText(parsed.blocks);
    expect(text).toContain('Book second class for trips under 500 km; first class needs a manager’s approval.');
    for (const chrome of ['Human Resources', 'Policies', 'Created by', 'Attachments', 'expense-form.pdf', 'Document generated by Confluence', 'Atlassian']) {
      expect(text).not.toContain(chrome);
    }
    expect(parsed.blocks.filter((block) => block.kind === 'table')).toEqual([{ kind: 'table', text: '| Trip | Class |\n| Under 500 km | Second |' }]);
  });
});
