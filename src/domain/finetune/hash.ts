const encoder = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`. Not cryptographic: it is
 * used where a stable, well-spread number is all that is needed (splits, ids).
 * `offsetBasis` lets a second, differently seeded pass widen an id.
 */
export function fnv1a32(text: string, offsetBasis = 0x811c9dc5): number {
  let hash = offsetBasis >>> 0;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A 64-bit hex id from two FNV-1a passes with different offset bases: 32 bits
 * alone would make a collision likely (~1 in 1,000) among a few thousand rows.
 */
export function stableId(text: string): string {
  const hex = (value: number) => value.toString(16).padStart(8, '0');
  return `${hex(fnv1a32(text))}${hex(fnv1a32(text, 0x050c5d1f))}`;
}
