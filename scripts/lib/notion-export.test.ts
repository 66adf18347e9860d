import { describe, expect, it } from 'vitest';
import { collectFiles } from './collect-files';
import { withoutNotionIds } from './notion-export';

const EXPORT = 'test/fixtures/exports/notion';

describe('Notion "Markdown & CSV" export in folder sync', () => {
  it('strips the 32-hex ids from every path segment', () => {
    expect(withoutNotionIds('Team Wiki 0123456789abcdef0123456789abcdef/Onboarding 89abcdef0123456789abcdef01234567.md')).toBe('Team Wiki/Onboarding.md');
    expect(withoutNotionIds('notes/plain-file.md')).toBe('notes/plain-file.md');
  });

  it('gives the pages of an exported folder clean ids, and reports the CSV database as skipped', async () => {
    const { files, skipped } = await collectFiles([EXPORT]);
    expect(files.map((file) => file.relative).sort()).toEqual(['Team Wiki.md', 'Team Wiki/Onboarding.md', 'Team Wiki/Onboarding/First week.md']);
    expect(skipped).toEqual([`${EXPORT}/Team Wiki 0123456789abcdef0123456789abcdef/Tasks fedcba9876543210fedcba9876543210.csv`]);
  });

  it('follows the relative links of a page named on its own, transitively, inside the export only', async () => {
    const { files } = await collectFiles([`${EXPORT}/Team Wiki 0123456789abcdef0123456789abcdef.md`]);
    expect(files.map((file) => file.relative)).toEqual(['Team Wiki.md', 'Team Wiki/Onboarding.md', 'Team Wiki/Onboarding/First week.md']);
  });

  it('leaves a file outside an export as it is, links unfollowed', async () => {
    const { files } = await collectFiles(['samples/knowledge/public']);
    expect(files.every((file) => !/[0-9a-f]{32}/.test(file.relative))).toBe(true);
  });
});
