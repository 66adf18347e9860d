import type { SyncSummary } from './sync-documents';

type AudienceChanges = SyncSummary['audienceChanges'];

/** Prints each audience change (made, or refused for want of --allow-audience-change); returns how many were refused. */
export function reportAudienceChanges(changes: AudienceChanges): number {
  let refused = 0;
  for (const change of changes) {
    if (change.changed) console.log(`audience changed: ${change.id} (${change.from} → ${change.to})`);
    else {
      refused++;
      console.error(`refused: ${change.id}: stored as ${change.from} (${change.from} → ${change.to}); pass --allow-audience-change to change who can read it`);
    }
  }
  return refused;
}

/** The summary line's tail for audience changes: empty when there were none. */
export function audienceChangeCounts(changes: AudienceChanges, refused: number): string {
  return changes.length > 0 ? `, audience changed ${changes.length - refused}, audience changes refused ${refused}` : '';
}
