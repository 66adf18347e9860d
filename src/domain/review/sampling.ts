/**
 * Whether a sent reply is sampled for grading: decided by a hash of the
 * message id, not by chance, so a retried queue message decides the same.
 */
export async function isSampled(messageId: string, rate: number): Promise<boolean> {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(messageId)));
  const value = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  return value / 2 ** 32 < rate;
}
