import { z } from 'zod';
import type { Tool, ToolContext } from './types';

/** A passage as the injected search returns it. */
export interface KnowledgePassage {
  /** Citation label such as "P3"; numbered in order when absent. */
  label?: string;
  title: string;
  headingPath: string[];
  text: string;
  url: string | null;
}

/**
 * Searches the knowledge base for the asker. It receives the tool context so
 * the wiring can apply the asker's audience: a customer's search
 * must never return internal passages. A function that ignores the second
 * argument, `(query) => ...`, fits too.
 */
export type PassageSearch = (query: string, context: ToolContext) => Promise<KnowledgePassage[]>;

export interface SearchKnowledgeToolOptions {
  search: PassageSearch;
  /** Passages returned to the model; default 5. */
  maxPassages?: number;
  /** Characters of passage text kept per passage; default 1200. */
  maxPassageLength?: number;
}

const searchKnowledgeSchema = z.object({
  query: z.string().min(1).max(300).describe('What to look for, in a few words (a different wording than the question helps).'),
});

/**
 * Lets the model search again when the passages retrieved for the question
 * are not enough (a follow-up detail, a synonym). Each passage is delimited
 * and labelled so the model can cite it; long passages are cut to keep the
 * prompt within budget.
 */
export function createSearchKnowledgeTool(options: SearchKnowledgeToolOptions): Tool<typeof searchKnowledgeSchema> {
  const maxPassages = options.maxPassages ?? 5;
  const maxPassageLength = options.maxPassageLength ?? 1200;
  return {
    name: 'search_knowledge',
    description: 'Searches the company knowledge base and returns the most relevant passages with their labels and sources.',
    kind: 'read',
    schema: searchKnowledgeSchema,
    async run({ query }, context) {
      const passages = (await options.search(query, context)).slice(0, maxPassages);
      if (passages.length === 0) return 'No passages found.';
      return passages.map((passage, index) => formatPassage(passage, index, maxPassageLength)).join('\n\n---\n\n');
    },
  };
}

function formatPassage(passage: KnowledgePassage, index: number, maxLength: number): string {
  const label = passage.label ?? `P${index + 1}`;
  // The heading path usually starts with the title; do not repeat it.
  const headings = passage.headingPath[0] === passage.title ? passage.headingPath.slice(1) : passage.headingPath;
  const lines = [`[${label}] ${[passage.title, ...headings].join(' › ')}`];
  if (passage.url) lines.push(`Source: ${passage.url}`);
  lines.push(truncate(passage.text.trim(), maxLength));
  return lines.join('\n');
}

/** Cuts at a word boundary near the limit so the model does not see half a word. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > maxLength * 0.8 ? cut.slice(0, lastSpace) : cut}…`;
}
