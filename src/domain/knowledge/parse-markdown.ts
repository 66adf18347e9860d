import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mdxExpressionFromMarkdown } from 'mdast-util-mdx-expression';
import { mdxJsxFromMarkdown } from 'mdast-util-mdx-jsx';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { mdx } from 'micromark-extension-mdx';
import type { ParsedDocument } from './blocks';
import { readFrontMatter } from './front-matter';
import { mdastBlocks } from './mdast-blocks';

export interface MarkdownOptions {
  /** Parse as MDX (a `.mdx` file); when unset, MDX is assumed where the page uses its syntax. */
  mdx?: boolean;
}

/**
 * Markdown (CommonMark, GFM tables, YAML front matter) and MDX to blocks.
 * MDX is not executed: ESM (`import`/`export`) and `{expressions}` are
 * dropped, components are reduced to the words they show (their text and
 * label-like attributes, such as the plan a feature needs). A page that is
 * not valid MDX is read as plain Markdown rather than refused.
 */
export function parseMarkdown(source: string, options: MarkdownOptions = {}): ParsedDocument {
  const asMdx = options.mdx ?? looksLikeMdx(source);
  let tree: Root | null = null;
  if (asMdx) {
    try {
      tree = fromMarkdown(withoutEsm(source), {
        extensions: [frontmatter(), gfm(), mdx()],
        mdastExtensions: [frontmatterFromMarkdown(), gfmFromMarkdown(), mdxExpressionFromMarkdown(), mdxJsxFromMarkdown()],
      });
    } catch {
      // Not valid MDX (an unclosed tag, a stray `{` or `<`): plain Markdown below.
    }
  }
  const text = tree ? withoutEsm(source) : source;
  tree ??= fromMarkdown(source, { extensions: [frontmatter(), gfm()], mdastExtensions: [frontmatterFromMarkdown(), gfmFromMarkdown()] });

  const yaml = tree.children.find((node) => node.type === 'yaml');
  const frontMatter = yaml && 'value' in yaml ? readFrontMatter(yaml.value) : { title: null, tags: [] };
  const blocks = mdastBlocks(tree, text);
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return { title: frontMatter.title ?? firstH1?.text ?? null, tags: frontMatter.tags, blocks };
}

/** ESM lines, a component (capitalised tag) or an MDX comment: the page is written for MDX. */
function looksLikeMdx(source: string): boolean {
  return /^(import|export)\s/m.test(source) || /<[A-Z][\w.]*[\s/>]/.test(source) || /\{\/\*/.test(source);
}

/**
 * Blanks MDX's ESM blocks: a top-level paragraph starting with `import` or
 * `export` runs to the next blank line (as MDX reads it), so a multi-line
 * `export const meta = {…}` goes whole. Fenced code is left alone, and the
 * text keeps its length so that positions still point into the source.
 */
function withoutEsm(source: string): string {
  const lines = source.split('\n');
  let fence: string | null = null;
  let inEsm = false;
  let previousBlank = true;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    } else if (marker) {
      fence = marker;
      inEsm = false;
    } else if (line.trim() === '') {
      inEsm = false;
    } else if (previousBlank && /^(import|export)\s/.test(line)) {
      inEsm = true;
    }
    if (inEsm) lines[index] = ' '.repeat(line.length);
    // ESM may also follow the front matter's closing fence directly.
    previousBlank = line.trim() === '' || line.trim() === '---';
  }
  return lines.join('\n');
}
