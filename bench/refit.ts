/**
 * npx tsx bench/refit.ts [decisions]
 *
 * CPU time of one channel refit (refitChannels with an in-memory store) at
 * the cap the cron reads (MAX_FIT_DECISIONS, 2,000 by default): synthetic
 * decisions over the retrieval features, approval following coverage, from
 * a fixed seed. Prints the median of 5 runs in milliseconds.
 */
import { CONFIDENCE_PRIOR } from '../src/domain/answer/confidence-prior';
import { MAX_FIT_DECISIONS, refitChannels } from '../src/domain/calibration/refit-channels';
import type { ChannelDecision } from '../src/domain/calibration/training-samples';
import type { CalibrationStore } from '../src/domain/calibration/types';

const count = Number(process.argv[2] ?? MAX_FIT_DECISIONS);
const names = ['coverage', 'rare_word_missing', 'together', 'heading_match', 'score_vs_best', 'gap', 'passage_gap', 'answer_type', 'retrievers_agree'];
let seed = 1;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const decisions: ChannelDecision[] = Array.from({ length: count }, (_, index) => {
  const features = Object.fromEntries(names.map((name) => [name, random()]));
  return { reviewId: `r${index}`, decidedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(), kind: 'review', status: random() < features.coverage! ? 'approved' : 'rejected', features };
});
const store = { channels: async () => ['web'], decisions: async () => decisions, latestFit: async () => null, saveFit: async () => true } as unknown as CalibrationStore;

const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const started = process.cpuUsage();
  await refitChannels({ store, audit: { append: async () => {} }, prior: CONFIDENCE_PRIOR.model, sampleRate: 0.1, now: () => new Date(), log: () => {} });
  const used = process.cpuUsage(started);
  times.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
console.log(`refit of ${count} decisions: median ${times[2]!.toFixed(0)} ms CPU (runs: ${times.map((time) => time.toFixed(0)).join(', ')})`);
