/** How often a source may be re-crawled: at most hourly, at least monthly. */
export const MIN_EVERY_HOURS = 1;
export const MAX_EVERY_HOURS = 30 * 24;

/** "6h", "1d", "7d" to hours; null for anything else or out of range. */
export function parseEvery(every: string): number | null {
  const match = /^\s*(\d{1,4})\s*([hd])\s*$/i.exec(every);
  if (!match) return null;
  const hours = Number(match[1]) * (match[2]!.toLowerCase() === 'd' ? 24 : 1);
  return hours >= MIN_EVERY_HOURS && hours <= MAX_EVERY_HOURS ? hours : null;
}

/** Hours back to the shortest spelling: 24 is "1d", 36 is "36h". */
export function formatEvery(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
