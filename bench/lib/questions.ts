import { readFile } from 'node:fs/promises';

export interface GoldSection {
  file: string;
  section: string;
}

export interface BenchQuestion {
  id: string;
  question: string;
  kind: 'answerable' | 'unanswerable' | 'action';
  gold: GoldSection[];
}

/**
 * Reads a questions file (one JSON object a line) and checks every line, so a
 * typo in a hand-written set is reported with its line number instead of
 * quietly skewing the figures.
 */
export async function loadQuestions(file: string): Promise<BenchQuestion[]> {
  const text = await readFile(file, 'utf8');
  const questions: BenchQuestion[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: each line must be a JSON object`);
    const item = value as Partial<BenchQuestion>;
    if (typeof item.id !== 'string' || !item.id) throw new Error(`${where}: "id" must be a non-empty string`);
    if (ids.has(item.id)) throw new Error(`${where}: duplicate id "${item.id}"`);
    if (typeof item.question !== 'string' || !item.question.trim()) throw new Error(`${where}: "question" must be a non-empty string`);
    if (item.kind !== 'answerable' && item.kind !== 'unanswerable' && item.kind !== 'action') {
      throw new Error(`${where}: "kind" must be answerable, unanswerable or action`);
    }
    const gold = item.gold ?? [];
    if (!Array.isArray(gold) || !gold.every((g) => typeof g?.file === 'string' && typeof g?.section === 'string')) {
      throw new Error(`${where}: "gold" must be a list of {file, section}`);
    }
    if (item.kind === 'answerable' && gold.length === 0) throw new Error(`${where}: an answerable question needs gold sections`);
    ids.add(item.id);
    questions.push({ id: item.id, question: item.question, kind: item.kind, gold });
  });
  if (questions.length === 0) throw new Error(`${file}: no questions`);
  return questions;
}
