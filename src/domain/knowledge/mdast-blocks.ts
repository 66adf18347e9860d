import type { Nodes, Parent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { Block } from './blocks';
import { htmlFragmentBlocks } from './html-blocks';
import { admonitionText, attributeText, INVISIBLE_ELEMENTS, tidyText } from './inline-text';

/**
 * A Markdown syntax tree (mdast, MDX nodes included) to blocks. Link
 * definitions, ESM and JSX expressions are not reader text and vanish;
 * components keep the words they show; code keeps its fence as written.
 */
export function mdastBlocks(root: Root, source: string): Block[] {
  const blocks: Block[] = [];
  for (const node of root.children) flowBlocks(node, source, blocks);
  return blocks;
}

function flowBlocks(node: RootContent, source: string, blocks: Block[]): void {
  switch (node.type) {
    case 'heading': {
      const text = tidyText(phrasing(node, source)).replace(/\s*\{#[\w-]+\}$/, '');
      if (text) blocks.push({ kind: 'heading', level: node.depth, text });
      return;
    }
    case 'paragraph':
      paragraph(phrasing(node, source), blocks);
      return;
    case 'code':
      code(node.value, node.lang, node.meta, fenceOf(node, source), blocks);
      return;
    case 'table': {
      const rows = node.children.map((row) => `| ${row.children.map((cell) => tidyText(phrasing(cell, source)).replace(/\n/g, ' ')).join(' | ')} |`);
      if (rows.length > 0) blocks.push({ kind: 'table', text: rows.join('\n') });
      return;
    }
    case 'list':
      paragraph(listLines(node, source, '', blocks).join('\n'), blocks);
      return;
    case 'html':
      blocks.push(...htmlFragmentBlocks(node.value));
      return;
    case 'mdxJsxFlowElement':
      component(node, source, blocks);
      return;
    case 'blockquote':
    case 'footnoteDefinition':
      for (const child of node.children) flowBlocks(child, source, blocks);
      return;
    default:
      // definition, thematicBreak, yaml, mdxFlowExpression, mdxjsEsm: not reader text.
      return;
  }
}

function paragraph(raw: string, blocks: Block[]): void {
  const text = tidyText(admonitionText(raw));
  if (text) blocks.push({ kind: 'paragraph', text });
}

function code(value: string, lang: string | null | undefined, meta: string | null | undefined, fence: string, blocks: Block[]): void {
  const text = value.trimEnd();
  if (!text.trim()) return;
  const info = [lang, meta].filter(Boolean).join(' ');
  blocks.push({ kind: 'code', text: `${fence}${info}\n${text}\n${fence}` });
}

/** The fence the author wrote (``` or ~~~, any length); indented code gets ```. */
function fenceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const written = start === undefined ? null : /^[ \t]*(`{3,}|~{3,})/.exec(source.slice(start, start + 64));
  return written?.[1] ?? '```';
}

/** A component: its label-like attributes as a lead-in, then its children. */
function component(node: MdxJsxFlowElement, source: string, blocks: Block[]): void {
  if (node.name && INVISIBLE_ELEMENTS.has(node.name.toLowerCase())) return;
  const own: Block[] = [];
  for (const child of node.children) flowBlocks(child as RootContent, source, own);
  // What the children already say is not repeated from the attributes (a badge restating its plan).
  const words = attributeText(attributesOf(node), own.map((block) => block.text).join(' '));
  if (words) paragraph(own.length > 0 ? `${words}:` : `${words}.`, blocks);
  blocks.push(...own);
}

function attributesOf(node: MdxJsxFlowElement | MdxJsxTextElement): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute') continue;
    const value = attribute.value;
    if (typeof value === 'string') attributes.set(attribute.name, value);
    // label={"Web"}: a string literal in an expression is still a string.
    else if (value && typeof value === 'object') {
      const literal = /^\s*(["'`])([^"'`]*)\1\s*$/.exec(value.value);
      if (literal) attributes.set(attribute.name, literal[2]!);
    }
  }
  return attributes;
}

/** A list as "- item" lines (nested lists indented); code inside an item becomes its own block. */
function listLines(list: Extract<Nodes, { type: 'list' }>, source: string, indent: string, blocks: Block[]): string[] {
  const lines: string[] = [];
  list.children.forEach((item, index) => {
    const marker = list.ordered ? `${(list.start ?? 1) + index}.` : '-';
    const parts: string[] = [];
    for (const child of item.children) {
      if (child.type === 'list') lines.push(...(parts.length ? [`${indent}${marker} ${parts.splice(0).join(' ')}`] : []), ...listLines(child, source, `${indent}  `, blocks));
      else if (child.type === 'paragraph' || child.type === 'heading') parts.push(tidyText(phrasing(child, source)).replace(/\n/g, ' '));
      else flowBlocks(child, source, blocks);
    }
    if (parts.length > 0) lines.push(`${indent}${marker} ${parts.join(' ')}`);
  });
  return lines;
}

/** The words of inline content as a reader sees them; code spans stay as written. */
function phrasing(node: Parent, source: string): string {
  let text = '';
  for (const child of node.children as Nodes[]) {
    switch (child.type) {
      case 'text':
        // A [reference][ref] with no definition is still its words.
        text += child.value.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1').replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ');
        break;
      case 'inlineCode':
        text += sourceOf(child, source) ?? `\`${child.value}\``;
        break;
      case 'break':
        text += '\n';
        break;
      case 'image':
      case 'imageReference':
        text += child.alt ?? '';
        break;
      case 'html':
        // Inline tags are markup; the text between them is separate text nodes.
        text += /^<br\b/i.test(child.value) ? '\n' : ' ';
        break;
      case 'mdxJsxTextElement': {
        if (child.name && INVISIBLE_ELEMENTS.has(child.name.toLowerCase())) break;
        const inner = phrasing(child, source);
        const words = attributeText(attributesOf(child), inner);
        text += words ? (inner.trim() ? ` ${words}: ${inner}` : ` ${words}. `) : inner;
        break;
      }
      case 'footnoteReference':
      case 'mdxTextExpression':
        break;
      default:
        if ('children' in child) text += phrasing(child, source);
    }
  }
  return text;
}

function sourceOf(node: Nodes, source: string): string | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? null : source.slice(start, end);
}
