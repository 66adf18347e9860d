// Types for public/markdown.js (a plain module the widget imports at run time and the Worker bundles).
export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] };

export type MarkdownBlock =
  | { type: 'paragraph'; lines: MarkdownInline[][] }
  | { type: 'quote'; blocks: MarkdownBlock[] }
  | { type: 'list'; ordered: boolean; items: MarkdownInline[][] }
  | { type: 'heading'; content: MarkdownInline[] }
  | { type: 'code'; text: string };

export function parseMarkdown(text: string): MarkdownBlock[];
export function parseInline(text: string, inLink?: boolean): MarkdownInline[];
export function safeHref(url: string | null | undefined): string | null;
