import { ibanValid, luhnValid } from './checksums';
import type { ChatExample, PreferencePair, TrainingMessage } from './types';

export { ibanValid, luhnValid } from './checksums';

export type PersonalDataKind = 'email' | 'phone' | 'card' | 'account' | 'name';
export type ScrubReport = Record<PersonalDataKind, number>;

export interface ScrubOptions {
  /** People's names to remove (askers, staff); matched case-insensitively as whole words, part by part. */
  names?: readonly string[];
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Keywords in the casings people type; the value after them may be an IBAN of any checksum or 8+ digits.
const KEYWORD = '(?:[Aa]ccount|ACCOUNT|[Aa]cct|ACCT|[Aa]/[Cc]|IBAN|[Ii]ban|[Kk]onto|KONTO)';
const IBAN_SHAPE = String.raw`[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)`;
const KEYWORD_ACCOUNT = new RegExp(
  String.raw`\b(${KEYWORD}(?:\s+(?:[Nn]umber|[Nn]o\.?|[Nn]r\.?|#))?(?:\s+is)?\s*[:#]?\s*)(${IBAN_SHAPE}|\d(?:[ -]?\d){7,33})(?![\w-])`,
  'g',
);
const IBAN = new RegExp(String.raw`\b${IBAN_SHAPE}\b`, 'g');
// Runs of 13 to 19 digits, single spaces or dashes between; not inside an id like T-1234... or after "+".
const CARD = /(?<![\w+-])\d(?:[ -]?\d){12,18}(?!\d)/g;
// An optional +CC and (area code), then digits with single space, dot or dash separators.
const PHONE = /(?<![\w+.,/-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d|[ .-]?\(\d{1,5}\)){5,18}(?![\w/:]|[.,-]\d)/g;
const DATE = /^(?:\d{4}([-./])\d{1,2}\1\d{1,2}|\d{1,2}([-./])\d{1,2}\2\d{2,4})$/;
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DOTTED_THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;
const DECIMAL = /^\d+\.\d+$/;
// Round figures written with spaces ("10 000 000 users"); phone numbers do not end in " 000".
const ROUND_THOUSANDS = /^\d{1,3}(?: \d{3})*(?: 000)+$/;
const DATE_TEXT = String.raw`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}`;
const LEADING_DATE = new RegExp(`^(${DATE_TEXT})([ .-])(.+)$`);
const TRAILING_DATE = new RegExp(`^(.+?)([ .-])(${DATE_TEXT})$`);
const CURRENCY_BEFORE = /(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|INR))\s?$/i;
const CURRENCY_AFTER = /^\s?(?:[$€£¥₹%]|(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|INR)\b)/i;

export function emptyScrubReport(): ScrubReport {
  return { email: 0, phone: 0, card: 0, account: 0, name: 0 };
}

export function addScrubReports(total: ScrubReport, more: ScrubReport): ScrubReport {
  for (const kind of Object.keys(total) as PersonalDataKind[]) total[kind] += more[kind];
  return total;
}

/**
 * Replaces personal data with placeholders ([EMAIL], [PHONE], [CARD],
 * [ACCOUNT], [NAME]). It errs towards removing: a number that could be a
 * phone number is treated as one unless its shape says date, IP address,
 * thousands or price. Order matters: e-mails and account numbers go first so
 * their digits are not mistaken for phone or card numbers.
 */
export function scrubPersonalData(text: string, options: ScrubOptions = {}): { text: string; found: ScrubReport } {
  const found = emptyScrubReport();
  let out = text.replace(EMAIL, () => count(found, 'email', '[EMAIL]'));
  out = out.replace(KEYWORD_ACCOUNT, (match, keyword: string, value: string) =>
    DATE.test(value) ? match : `${keyword}${count(found, 'account', '[ACCOUNT]')}`,
  );
  out = out.replace(IBAN, (match) => replaceIban(match, found));
  out = out.replace(CARD, (match) => replaceCard(match, found));
  out = out.replace(PHONE, (match, offset: number, whole: string) =>
    replacePhone(match, whole.slice(Math.max(0, offset - 6), offset), whole.slice(offset + match.length), found),
  );
  out = scrubNames(out, nameWords(options.names ?? []), found);
  return { text: out, found };
}

/** Scrubs every message of a chat example or preference pair; a structured reply's answer is scrubbed inside its JSON. */
export function scrubExample<T extends ChatExample | PreferencePair>(example: T, options: ScrubOptions = {}): { example: T; found: ScrubReport } {
  const found = emptyScrubReport();
  const scrub = <M extends TrainingMessage>(message: M): M => {
    const result = scrubContent(message.content, options);
    addScrubReports(found, result.found);
    return { ...message, content: result.text };
  };
  if ('messages' in example) return { example: { ...example, messages: example.messages.map(scrub) }, found };
  const pair: PreferencePair = {
    input: { ...example.input, messages: example.input.messages.map(scrub) },
    preferred_output: [scrub(example.preferred_output[0])],
    non_preferred_output: [scrub(example.non_preferred_output[0])],
  };
  return { example: pair as T, found };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function scrubContent(content: string, options: ScrubOptions): { text: string; found: ScrubReport } {
  // Scrubbing JSON text directly could split an escape ("\n" + "nada@x.io"); scrub the decoded answer instead.
  if (content.startsWith('{')) {
    try {
      const parsed = JSON.parse(content) as unknown;
      if (parsed && typeof parsed === 'object' && typeof (parsed as { answer?: unknown }).answer === 'string') {
        const result = scrubPersonalData((parsed as { answer: string }).answer, options);
        return { text: JSON.stringify({ ...parsed, answer: result.text }), found: result.found };
      }
    } catch {
      // Not JSON: scrub it as text.
    }
  }
  return scrubPersonalData(content, options);
}

function count(found: ScrubReport, kind: PersonalDataKind, placeholder: string): string {
  found[kind]++;
  return placeholder;
}

function replaceCard(match: string, found: ScrubReport): string {
  // Try the whole run, then runs of whole groups, so a card next to another number is still found.
  const parts = match.split(/([ -])/);
  const groups = parts.filter((_, index) => index % 2 === 0);
  for (let length = groups.length; length >= 1; length--) {
    for (let start = 0; start + length <= groups.length; start++) {
      const digits = groups.slice(start, start + length).join('');
      if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
      found.card++;
      return `${parts.slice(0, 2 * start).join('')}[CARD]${parts.slice(2 * (start + length) - 1).join('')}`;
    }
  }
  return match;
}

function replaceIban(match: string, found: ScrubReport): string {
  // A spaced IBAN's last group may have swallowed a short word after it: retry without it.
  const groups = match.split(' ');
  for (let length = groups.length; length >= 1; length--) {
    if (!ibanValid(groups.slice(0, length).join(' '))) continue;
    found.account++;
    return ['[ACCOUNT]', ...groups.slice(length)].join(' ');
  }
  return match;
}

/** A date run together with a phone number ("on 2026-11-26 0171 2345678") is split off and kept. */
function replacePhone(candidate: string, before: string, after: string, found: ScrubReport): string {
  if (isPhone(candidate, before, after)) return count(found, 'phone', '[PHONE]');
  const leading = LEADING_DATE.exec(candidate);
  if (leading) return `${leading[1]}${leading[2]}${replacePhone(leading[3]!, leading[2]!, after, found)}`;
  const trailing = TRAILING_DATE.exec(candidate);
  if (trailing) return `${replacePhone(trailing[1]!, before, trailing[2]!, found)}${trailing[2]}${trailing[3]}`;
  return candidate;
}

function isPhone(candidate: string, before: string, after: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  if (DATE.test(candidate) || IP_ADDRESS.test(candidate) || DOTTED_THOUSANDS.test(candidate) || DECIMAL.test(candidate) || ROUND_THOUSANDS.test(candidate)) return false;
  if (CURRENCY_BEFORE.test(before) || CURRENCY_AFTER.test(after)) return false;
  // A bare run of digits is an order or reference number unless it looks dialled: trunk 0, or 10+ digits.
  if (/^\d+$/.test(candidate)) return candidate.startsWith('0') || digits.length >= 10;
  return true;
}

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const NAME_MARK = '\uE000';

/** The lower-cased words of the names, full names split into their parts ("Mary-Jane O'Neil": mary, jane, neil). */
function nameWords(names: readonly string[]): Set<string> {
  const cached = nameCache.get(names);
  if (cached) return cached;
  const words = new Set<string>();
  for (const name of names) for (const word of name.normalize('NFC').match(WORD) ?? []) if (word.length >= 2) words.add(word.toLowerCase());
  nameCache.set(names, words);
  return words;
}

// The same names list is passed for every message of an export: build its word set once.
const nameCache = new WeakMap<readonly string[], Set<string>>();

/**
 * Word by word against a set, so thousands of asker names cost one pass per
 * text. Adjacent name words ("Ada Lovelace") become one [NAME] and count once.
 */
function scrubNames(text: string, words: Set<string>, found: ScrubReport): string {
  if (words.size === 0) return text;
  const marked = text.replace(WORD, (word: string, offset: number, whole: string) => {
    // Never inside a placeholder such as [EMAIL].
    if (whole[offset - 1] === '[' && whole[offset + word.length] === ']') return word;
    return words.has(word.normalize('NFC').toLowerCase()) ? NAME_MARK : word;
  });
  return marked.replace(/\uE000(?:[ -]\uE000)*/g, () => count(found, 'name', '[NAME]'));
}
