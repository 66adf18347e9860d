import { CONFIDENCE_PRIOR, priorThresholdFor } from '../domain/answer/confidence-prior';
import { type ChannelCalibration, channelCalibration, type Prior } from '../domain/calibration/channel-calibration';
import type { CalibrationStore } from '../domain/calibration/types';

/** The prior every channel starts from and is regularised toward (npm run calibrate, bench/questions). */
export const SHIPPED_PRIOR: Prior = { model: CONFIDENCE_PRIOR.model, thresholdFor: (target) => priorThresholdFor(target) };

/** The model and send threshold the gate uses for `channel` now: its latest fit and target, or the prior's. */
export async function currentCalibration(store: CalibrationStore, channel: string): Promise<ChannelCalibration> {
  const [fit, target] = await Promise.all([store.latestFit(channel), store.target(channel)]);
  return channelCalibration(channel, SHIPPED_PRIOR, fit, target);
}
