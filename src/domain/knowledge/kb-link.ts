/**
 * Links into the read-only knowledge pages (`/kb/<document id>`), for
 * citations whose document has no URL of its own. A section's anchor is its
 * heading's slug, so a citation can point at the section it quotes.
 */
export function headingSlug(heading: string): string {
  return (
    heading
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** The page of a document, at the section a passage comes from (its heading path starts with the title). */
export function kbPath(documentId: string, headingPath: string[]): string {
  const path = `/kb/${documentId.split('/').map(encodeURIComponent).join('/')}`;
  return headingPath.length > 1 ? `${path}#${headingSlug(headingPath[headingPath.length - 1]!)}` : path;
}
