/**
 * The format-neutral shape every parser produces and the chunker consumes:
 * a title and a flat list of blocks in reading order. Headings are blocks too,
 * so the chunker can rebuild the heading path of every passage.
 */
export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  /** Code and tables are kept whole where they fit in one chunk. */
  | { kind: 'code'; text: string }
  | { kind: 'table'; text: string };

export interface ParsedDocument {
  /** The title found in the content (front matter, H1, <title>), if any. */
  title: string | null;
  /** Tags found in the content (front matter `tags:`), merged with the caller's. */
  tags: string[];
  blocks: Block[];
}
