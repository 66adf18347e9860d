/**
 * A passage cut into the pieces a reply can quote: sentences of prose, list
 * items and table rows. A list item or a table row is never cut further (it
 * is one fact); a table row keeps its header so a quoted row still reads as
 * a table; a list keeps the sentence that introduces it.
 */
export interface TextUnit {
  kind: 'sentence' | 'item' | 'row';
  text: string;
  /** Position in the passage, for quoting in document order. */
  index: number;
  /** Units of one list or table share a group; prose sentences have none. */
  group: number | null;
  /** For a table row: the table's header row. */
  header: string | null;
  /** For the first item of a list: the sentence just before it that introduces it ("… the following:"). */
  leadIn: number | null;
}

const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
// A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
const SENTENCE_END = /(?<=[.!?])\s+(?=[\p{Lu}\d"“'(*])/u;
// Labels that admonitions and badges leave in the text ("Tip:", "Note:") carry no information alone.
const BARE_LABEL = /^\s*[\p{L} ]{1,24}:\s*$/u;

export function textUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  let group = 0;
  const push = (unit: Omit<TextUnit, 'index'>) => units.push({ ...unit, index: units.length });
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.length >= 2 && lines.every((line) => line.trim().startsWith('|'))) {
      group++;
      const [header, ...rows] = lines;
      for (const row of rows) push({ kind: 'row', text: row.trim(), group, header: header!.trim(), leadIn: null });
      continue;
    }
    let prose: string[] = [];
    let listGroup: number | null = null;
    const flushProse = () => {
      const joined = prose.join(' ').trim();
      prose = [];
      if (!joined || BARE_LABEL.test(joined)) return;
      for (const sentence of joined.split(SENTENCE_END)) if (sentence.trim()) push({ kind: 'sentence', text: sentence.trim(), group: null, header: null, leadIn: null });
    };
    for (const line of lines) {
      if (LIST_ITEM.test(line)) {
        if (listGroup === null) {
          flushProse();
          group++;
          listGroup = group;
          const previous = units[units.length - 1];
          const leadIn = previous && previous.kind === 'sentence' && /:\s*$/.test(previous.text) ? previous.index : null;
          push({ kind: 'item', text: line.trim(), group: listGroup, header: null, leadIn });
        } else push({ kind: 'item', text: line.trim(), group: listGroup, header: null, leadIn: null });
        continue;
      }
      listGroup = null;
      if (!BARE_LABEL.test(line)) prose.push(line.trim());
    }
    flushProse();
  }
  return dedupeLabels(units);
}

/**
 * Drops a badge's label when the text after it repeats it ("Available on the
 * Team plan: Available on the Team, Business and Enterprise plans").
 */
function dedupeLabels(units: TextUnit[]): TextUnit[] {
  return units.map((unit) => {
    const match = /^([^:]{3,60}):\s+(.*)$/s.exec(unit.text);
    if (!match || unit.kind === 'row') return unit;
    const label = words(match[1]!);
    const rest = words(match[2]!);
    const shared = label.slice(0, 3).every((word, index) => rest[index] === word);
    return shared && label.length >= 2 ? { ...unit, text: match[2]!.trim() } : unit;
  });
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
