import { load } from 'js-yaml';

export interface FrontMatter {
  title: string | null;
  tags: string[];
}

/**
 * Reads the front matter keys we use with a real YAML parser, so folded and
 * quoted scalars (`title: >-`, `'It''s'`) read as YAML means them. Front
 * matter that is not valid YAML, or not a mapping, gives nothing rather than
 * failing the page: the body is still worth indexing.
 */
export function readFrontMatter(yaml: string): FrontMatter {
  let data: unknown;
  try {
    data = load(yaml);
  } catch {
    return { title: null, tags: [] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { title: null, tags: [] };
  const record = data as Record<string, unknown>;
  const title = typeof record.title === 'string' && record.title.trim() ? record.title.trim() : null;
  return { title, tags: tagsOf(record.tags) };
}

function tagsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list
    .map((tag) => (typeof tag === 'string' || typeof tag === 'number' ? String(tag).trim() : ''))
    .filter(Boolean);
}
