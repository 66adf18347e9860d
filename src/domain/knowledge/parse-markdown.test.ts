import { describe, expect, it } from 'vitest';
import type { Block } from './blocks';
import { parseMarkdown } from './parse-markdown';

const texts = (blocks: Block[]) => blocks.map((block) => block.text);
const headings = (blocks: Block[]) =>
  blocks.flatMap((block) => (block.kind === 'heading' ? [{ level: block.level, text: block.text }] : []));
const allText = (source: string) => texts(parseMarkdown(source).blocks).join('\n');

describe('parseMarkdown: front matter', () => {
  it('reads a quoted title and inline tags, and keeps front matter out of the blocks', () => {
    const parsed = parseMarkdown(`---\ntitle: "Billing: FAQ"\ntags: [billing, 'invoices', "plans"]\nsidebar_position: 3\n---\nBody text.`);
    expect(parsed.title).toBe('Billing: FAQ');
    expect(parsed.tags).toEqual(['billing', 'invoices', 'plans']);
    expect(parsed.blocks).toEqual([{ kind: 'paragraph', text: 'Body text.' }]);
  });

  it('reads block-list tags', () => {
    const parsed = parseMarkdown(`---\ntags:\n  - onboarding\n  - "hr"\ntitle: Welcome\n---\n\nHello.`);
    expect(parsed.tags).toEqual(['onboarding', 'hr']);
    expect(parsed.title).toBe('Welcome');
  });

  it('prefers the front matter title over the first H1', () => {
    expect(parseMarkdown(`---\ntitle: From Front Matter\n---\n# From Heading\n\nText.`).title).toBe('From Front Matter');
  });

  it('falls back to the first H1, then to null', () => {
    expect(parseMarkdown('## Not a title\n\n# Real Title\n\nText.').title).toBe('Real Title');
    expect(parseMarkdown('## Only an H2\n\nText.').title).toBeNull();
    expect(parseMarkdown('Just text.').tags).toEqual([]);
  });
});

describe('parseMarkdown: headings', () => {
  it('parses ATX headings of every level and drops closing hashes', () => {
    const parsed = parseMarkdown('# One\n## Two ##\n### Three\n#### Four\n##### Five\n###### Six\n####### Seven');
    expect(headings(parsed.blocks)).toEqual([
      { level: 1, text: 'One' },
      { level: 2, text: 'Two' },
      { level: 3, text: 'Three' },
      { level: 4, text: 'Four' },
      { level: 5, text: 'Five' },
      { level: 6, text: 'Six' },
    ]);
    // Seven hashes is not a heading: it stays as paragraph text.
    expect(parsed.blocks.at(-1)).toEqual({ kind: 'paragraph', text: '####### Seven' });
  });

  it('requires a space after the hashes', () => {
    expect(parseMarkdown('#hashtag is not a heading').blocks).toEqual([{ kind: 'paragraph', text: '#hashtag is not a heading' }]);
  });

  it('parses setext headings (=== is level 1, --- is level 2)', () => {
    const parsed = parseMarkdown('Main Title\n==========\n\nIntro.\n\nSection\n-------\n\nBody.');
    expect(parsed.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Main Title' },
      { kind: 'paragraph', text: 'Intro.' },
      { kind: 'heading', level: 2, text: 'Section' },
      { kind: 'paragraph', text: 'Body.' },
    ]);
    expect(parsed.title).toBe('Main Title');
  });

  it('treats --- after a blank line as a thematic break, not a heading', () => {
    expect(parseMarkdown('Before.\n\n---\n\nAfter.').blocks).toEqual([
      { kind: 'paragraph', text: 'Before.' },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });

  it('removes a trailing {#anchor} from heading text', () => {
    const parsed = parseMarkdown('## Billing FAQ {#billing-faq}\n\n### Setup `npm i` {#setup}');
    expect(headings(parsed.blocks)).toEqual([
      { level: 2, text: 'Billing FAQ' },
      { level: 3, text: 'Setup `npm i`' },
    ]);
  });

  it('cleans links and markup inside headings', () => {
    expect(headings(parseMarkdown('## See [the pricing page](/pricing) &amp; more').blocks)).toEqual([
      { level: 2, text: 'See the pricing page & more' },
    ]);
  });
});

describe('parseMarkdown: code and tables', () => {
  it('keeps fenced code verbatim, tags, imports and markdown included', () => {
    const source = "Intro.\n\n```tsx\n<Tabs><TabItem value=\"a\">[x](y)</TabItem></Tabs>\nimport foo from 'bar';\n# not a heading\n```\n\nAfter.";
    expect(parseMarkdown(source).blocks).toEqual([
      { kind: 'paragraph', text: 'Intro.' },
      { kind: 'code', text: "```tsx\n<Tabs><TabItem value=\"a\">[x](y)</TabItem></Tabs>\nimport foo from 'bar';\n# not a heading\n```" },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });

  it('supports tilde fences and longer backtick fences that contain shorter ones', () => {
    expect(parseMarkdown('~~~\nrun <b>x</b>\n~~~').blocks).toEqual([{ kind: 'code', text: '~~~\nrun <b>x</b>\n~~~' }]);
    const nested = '````md\n```js\ninner();\n```\n````';
    expect(parseMarkdown(nested).blocks).toEqual([{ kind: 'code', text: nested }]);
  });

  it('keeps an unclosed fence as code to the end and drops empty fences', () => {
    expect(parseMarkdown('```\nunclosed\ncode').blocks).toEqual([{ kind: 'code', text: '```\nunclosed\ncode\n```' }]);
    expect(parseMarkdown('```\n\n```\nText.').blocks).toEqual([{ kind: 'paragraph', text: 'Text.' }]);
  });

  it('turns a pipe table into one table block without the separator row', () => {
    const parsed = parseMarkdown('Prices below.\n| Plan | Price |\n|:-----|------:|\n| Free | $0 |\n| [Business](/b) | $99 |\n\nAfter.');
    expect(parsed.blocks).toEqual([
      { kind: 'paragraph', text: 'Prices below.' },
      { kind: 'table', text: '| Plan | Price |\n| Free | $0 |\n| Business | $99 |' },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });
});

describe('parseMarkdown: MDX', () => {
  it('drops import lines and one-line exports', () => {
    const source = "import Tabs from '@theme/Tabs';\nimport { PlanFeatureNote } from '@site/src/components';\nexport const toc = [];\n\nReal text.";
    expect(parseMarkdown(source).blocks).toEqual([{ kind: 'paragraph', text: 'Real text.' }]);
  });

  it('drops <head> with its JSON-LD script', () => {
    const source = '<head>\n  <script type="application/ld+json">{"@type":"FAQPage","name":"hidden-json-ld"}</script>\n</head>\n\nVisible.';
    const text = allText(source);
    expect(text).toBe('Visible.');
    expect(text).not.toContain('hidden-json-ld');
  });

  it('turns a plan note into words naming the feature and the plan', () => {
    for (const source of [
      '<PlanFeatureNote plan="business" label="Funnel analysis" />',
      '<PlanFeatureNote\n  plan="business"\n  label="Funnel analysis"\n/>',
    ]) {
      const text = allText(source);
      expect(text).toContain('Funnel analysis');
      expect(text).toContain('Business plan');
      expect(text).not.toContain('<');
    }
  });

  it('keeps the inner text of paired components, with a label attribute as a lead-in', () => {
    const source = '<Tabs>\n  <TabItem value="web" label="Web">\n  Install the web snippet.\n  </TabItem>\n</Tabs>';
    expect(allText(source)).toBe('Web:\nInstall the web snippet.');
    expect(allText('<Highlight color="#25c2a0">Docusaurus green</Highlight> is a colour.')).toBe('Docusaurus green is a colour.');
  });

  it('keeps admonition text with its kind and title, and drops the closing fence', () => {
    const blocks = parseMarkdown(':::tip Pro tip\nUse filters wisely.\n:::\n\nAfter.').blocks;
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Tip: Pro tip\nUse filters wisely.' },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });

  it('keeps <details> summary and body text', () => {
    const text = allText('<details>\n<summary>Why are numbers off?</summary>\n\nSampling applies above 10M events.\n</details>');
    expect(text).toBe('Why are numbers off?\nSampling applies above 10M events.');
  });

  it('drops MDX comments and HTML comments', () => {
    expect(allText('Keep {/* hidden note */} this <!-- and not this --> text.')).toBe('Keep this text.');
  });
});

describe('parseMarkdown: inline text', () => {
  it('replaces images with their alt text and links with their text', () => {
    expect(allText('See ![Diagram of steps](img/a.png) and [the guide](https://x.y/z "t") or [ref][1].')).toBe(
      'See Diagram of steps and the guide or ref.',
    );
  });

  it('decodes HTML entities in prose', () => {
    expect(allText('Fish &amp; chips &mdash; &#8364;5 &#x2603;')).toBe('Fish & chips — €5 ☃');
  });

  it('leaves inline code spans untouched', () => {
    expect(allText('Wrap it in `<div>` and write `[x](y)` or `&amp;`.')).toBe('Wrap it in `<div>` and write `[x](y)` or `&amp;`.');
    expect(allText('Use ``a ` tick`` here.')).toBe('Use ``a ` tick`` here.');
  });

  // Code spans are parked before tag rules run, but dropInvisibleElements runs on
  // the whole prose first, so <head>, <script …/> and comments inside code spans vanish.
  it('leaves code spans that mention <head>, <script> or comments untouched', () => {
    expect(allText('Paste the snippet into `<head>`, just before `</head>`.')).toBe(
      'Paste the snippet into `<head>`, just before `</head>`.',
    );
    expect(allText('Add `<script src="https://cdn.example.com/t.js" />` to every page.')).toBe(
      'Add `<script src="https://cdn.example.com/t.js" />` to every page.',
    );
    expect(allText('Write `<!-- note -->` to leave a comment.')).toBe('Write `<!-- note -->` to leave a comment.');
  });

  it('produces no empty paragraphs', () => {
    const blocks = parseMarkdown('\n\n<Tabs>\n\n</Tabs>\n\n:::\n\n   \n\nText.\n\n').blocks;
    expect(blocks).toEqual([{ kind: 'paragraph', text: 'Text.' }]);
  });
});

// Issue 16: each case was probed on the regular-expression parser and failed there.
describe('parseMarkdown: real Markdown the hand-written reader got wrong', () => {
  it('keeps an indented code block as code, not prose', () => {
    const blocks = parseMarkdown('Run this:\n\n    npm install countersign\n    npm run dev\n\nThen open it.').blocks;
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'Run this:' },
      { kind: 'code', text: '```\nnpm install countersign\nnpm run dev\n```' },
      { kind: 'paragraph', text: 'Then open it.' },
    ]);
  });

  it('drops reference-style link definitions and resolves the references to their text', () => {
    const text = allText('Read the [setup guide][setup] first.\n\n[setup]: https://example.com/setup "Setup"');
    expect(text).toBe('Read the setup guide first.');
  });

  it('keeps a link whose URL contains parentheses whole', () => {
    expect(allText('Read [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) now.')).toBe('Read Foo now.');
  });

  it('reads YAML folded and literal titles, and quoted tags with commas', () => {
    const parsed = parseMarkdown('---\ntitle: >-\n  Billing and\n  invoices\ntags:\n  - "a, b"\n  - c\n---\nBody.');
    expect(parsed.title).toBe('Billing and invoices');
    expect(parsed.tags).toEqual(['a, b', 'c']);
  });

  it('ignores front matter that is not valid YAML but still reads the body', () => {
    const parsed = parseMarkdown('---\ntitle: [unclosed\n---\n# Heading\n\nBody.');
    expect(parsed.title).toBe('Heading');
    expect(allText('---\ntitle: [unclosed\n---\n# Heading\n\nBody.')).toBe('Heading\nBody.');
  });

  it('drops a multi-line MDX export whole', () => {
    const source = "import X from './x';\nexport const meta = {\n  plan: 'pro',\n};\n\nVisible text.";
    const text = allText(source);
    expect(text).toBe('Visible text.');
    expect(text).not.toContain('plan');
  });

  it('drops MDX expressions such as {props.limit} and keeps the words around them', () => {
    expect(allText('<Note>You can track up to {props.limit} sites.</Note>')).toBe('You can track up to sites.');
  });

  it('falls back to plain Markdown when a page is not valid MDX, keeping its text', () => {
    const source = '<Callout>\nAn unclosed component and a stray { brace.\n\n## Still here\n\nBody 5 < 6.';
    const parsed = parseMarkdown(source);
    expect(parsed.blocks).toContainEqual({ kind: 'heading', level: 2, text: 'Still here' });
    expect(allText(source)).toContain('Body 5 < 6.');
  });

  it('parses a .mdx file as MDX even without MDX syntax cues, so indented text is not code', () => {
    expect(parseMarkdown('<details>\n    Indented prose in MDX.\n</details>', { mdx: true }).blocks).toEqual([
      { kind: 'paragraph', text: 'Indented prose in MDX.' },
    ]);
  });

  it('decodes every named HTML entity', () => {
    expect(allText('Caf&eacute; &Aring;ngstr&ouml;m &frac12; &hearts;')).toBe('Café Ångström ½ ♥');
  });

  it('turns lists into one "- item" paragraph, nested lists indented', () => {
    expect(parseMarkdown('- One\n- Two\n  1. Sub\n- Three').blocks).toEqual([{ kind: 'paragraph', text: '- One\n- Two\n1. Sub\n- Three' }]);
  });

  it('keeps emphasis as its words and GFM strikethrough and autolinks as text', () => {
    expect(allText('This is **bold**, _it_, ~~gone~~ and www.example.com.')).toBe('This is bold, it, gone and www.example.com.');
  });

  it('reads a label given as a string expression and a plan badge inside a sentence', () => {
    expect(allText('Funnels <PlanBadge plan="business" /> show drop-off.')).toBe('Funnels Available on the Business plan. show drop-off.');
    expect(allText('<TabItem value="a" label={"Web"}>\nText.\n</TabItem>')).toBe('Web:\nText.');
  });

  it('says a badge once when its text restates its plan or label (no "Available on the Team plan: Available on the Team, …")', () => {
    // A block badge whose children name the plans it is on.
    const block = allText('<PlanNote plan="team">\nIncluded in the Team and Studio plans.\n</PlanNote>\n\nRotas repeat weekly.');
    expect(block).toBe('Included in the Team and Studio plans.\nRotas repeat weekly.');
    // An inline one, and a label its children repeat.
    expect(allText('Rotas <Tag plan="studio">Studio plan only</Tag> can be copied.')).toBe('Rotas Studio plan only can be copied.');
    expect(allText('<Callout label="Night shifts">\nNight shifts pay a 20% premium.\n</Callout>')).toBe('Night shifts pay a 20% premium.');
    // Children that do not say the plan keep the attribute's words: nothing the reader sees is lost.
    expect(allText('<PlanNote plan="studio">\nTeam leads can copy rotas.\n</PlanNote>')).toBe('Available on the Studio plan:\nTeam leads can copy rotas.');
  });
});
