import type { Block } from './blocks';
import { estimateTokens } from './tokens';

export interface ChunkingOptions {
  /** Upper bound on a chunk's estimated tokens (one unsplittable sentence may exceed it). */
  maxTokens: number;
  /** Tokens of the previous chunk repeated at the start of the next one in a long section. */
  overlapTokens: number;
}

/** Measured on the retrieval benchmark: sections rarely need splitting at this size. */
export const DEFAULT_CHUNKING: ChunkingOptions = { maxTokens: 350, overlapTokens: 40 };

export interface DraftChunk {
  headingPath: string[];
  text: string;
  tokenCount: number;
}

interface Piece {
  text: string;
  tokens: number;
  /** Prose may be cut at sentences and repeated as overlap; code and tables may not. */
  prose: boolean;
}

/**
 * Splits a parsed document into passages that each stay inside one section:
 * every chunk carries its heading path from the title down, so a passage can
 * be cited ("Benefits & Perks > Summer Hours") and its headings indexed.
 * Code blocks and tables stay whole when they fit in one chunk.
 */
export function chunkBlocks(title: string, blocks: Block[], options: ChunkingOptions = DEFAULT_CHUNKING): DraftChunk[] {
  const chunks: DraftChunk[] = [];
  const headings: { level: number; text: string }[] = [];
  let section: Piece[] = [];

  const flush = () => {
    const path = [title, ...headings.map((heading) => heading.text)];
    for (const text of packSection(section, options)) chunks.push({ headingPath: path, text, tokenCount: estimateTokens(text) });
    section = [];
  };

  for (const block of blocks) {
    if (block.kind === 'heading') {
      flush();
      // The H1 that repeats the title is the title itself, not a level below it.
      if (block.level === 1 && headings.length === 0 && sameText(block.text, title)) continue;
      while (headings.length > 0 && headings[headings.length - 1]!.level >= block.level) headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    const prose = block.kind === 'paragraph';
    for (const piece of splitOversized(block.text, prose, options)) section.push(piece);
  }
  flush();
  return chunks;
}

function sameText(a: string, b: string): boolean {
  const normalize = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return normalize(a) === normalize(b);
}

/**
 * A block too large for one chunk is cut at sentence (prose) or line (code,
 * tables) boundaries. Prose pieces leave room for the overlap that will be
 * prepended to them.
 */
function splitOversized(text: string, prose: boolean, options: ChunkingOptions): Piece[] {
  const tokens = estimateTokens(text);
  if (tokens <= options.maxTokens) return [{ text, tokens, prose }];
  const maxTokens = prose ? Math.max(1, options.maxTokens - options.overlapTokens) : options.maxTokens;
  const units = prose ? splitSentences(text) : text.split('\n');
  const pieces: Piece[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const unit of units) {
    const unitTokens = estimateTokens(unit);
    if (current.length > 0 && currentTokens + unitTokens > maxTokens) {
      pieces.push({ text: current.join(prose ? ' ' : '\n'), tokens: currentTokens, prose });
      current = [];
      currentTokens = 0;
    }
    current.push(unit);
    currentTokens += unitTokens;
  }
  if (current.length > 0) pieces.push({ text: current.join(prose ? ' ' : '\n'), tokens: currentTokens, prose });
  return pieces;
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])|\n+/u).filter((sentence) => sentence.trim());
}

/** Packs a section's pieces into chunks, repeating a little prose between neighbours. */
function packSection(pieces: Piece[], options: ChunkingOptions): string[] {
  const texts: string[] = [];
  let current: Piece[] = [];
  let currentTokens = 0;
  for (const piece of pieces) {
    if (current.length > 0 && currentTokens + piece.tokens > options.maxTokens) {
      texts.push(current.map((part) => part.text).join('\n\n'));
      // Overlap only where it fits: the size bound matters more than the context.
      const overlap = overlapFrom(current[current.length - 1]!, options.overlapTokens);
      const fits = overlap !== null && overlap.tokens + piece.tokens <= options.maxTokens;
      current = fits ? [overlap] : [];
      currentTokens = fits ? overlap.tokens : 0;
    }
    current.push(piece);
    currentTokens += piece.tokens;
  }
  if (current.length > 0) texts.push(current.map((part) => part.text).join('\n\n'));
  return texts;
}

/** The last sentences of a prose piece, up to the overlap budget. */
function overlapFrom(piece: Piece, budget: number): Piece | null {
  if (!piece.prose || budget <= 0) return null;
  const sentences = splitSentences(piece.text);
  const kept: string[] = [];
  let tokens = 0;
  for (let index = sentences.length - 1; index >= 0; index--) {
    const sentenceTokens = estimateTokens(sentences[index]!);
    if (tokens + sentenceTokens > budget) break;
    kept.unshift(sentences[index]!);
    tokens += sentenceTokens;
  }
  // Repeating the whole piece is not overlap, it is duplication.
  if (kept.length === 0 || kept.length === sentences.length) return null;
  return { text: kept.join(' '), tokens, prose: true };
}
