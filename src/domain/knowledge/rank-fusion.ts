/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): each list
 * contributes weight / (k + rank) for every item it ranks. It needs no score
 * calibration between lists, which matters because BM25 scores and cosine
 * similarities live on different scales. k = 60 is the paper's constant.
 */
export interface RankedList {
  name: string;
  ids: string[];
  weight?: number;
}

export interface FusedItem {
  id: string;
  score: number;
  ranks: Record<string, number>;
}

export function reciprocalRankFusion(lists: RankedList[], k = 60): FusedItem[] {
  const fused = new Map<string, FusedItem>();
  for (const list of lists) {
    const weight = list.weight ?? 1;
    list.ids.forEach((id, index) => {
      const item = fused.get(id) ?? { id, score: 0, ranks: {} };
      item.score += weight / (k + index + 1);
      item.ranks[list.name] = index + 1;
      fused.set(id, item);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
