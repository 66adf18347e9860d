import { currentCalibration, SHIPPED_PRIOR } from '../../wiring/current-calibration';
import type { ChannelCalibration } from '../../domain/calibration/channel-calibration';
import { type OperatingPoint, operatingPoint } from '../../domain/calibration/operating-point';
import { MAX_FIT_DECISIONS } from '../../domain/calibration/refit-channels';
import { type ReliabilityBin, reliabilityBins } from '../../domain/calibration/reliability';
import { type MinimumCheck, meetsMinimum } from '../../domain/calibration/training-samples';
import type { CalibrationFit } from '../../domain/calibration/types';
import { wiringFor } from '../../wiring/wiring';

/** Recent questions the expected share sent is measured on. */
export const EXPECTED_QUESTIONS = 1000;

/** What the gate expects at the threshold it uses, as the readiness report and sign-off show it. */
export interface ExpectedFigures extends OperatingPoint {
  target: number;
  thresholdBasis: ChannelCalibration['thresholdBasis'];
  model: string;
}

/** Everything the calibration page and API show for one channel. */
export interface CalibrationView {
  channel: string;
  calibration: ChannelCalibration;
  prior: { version: string; intercept: number; coefficients: Record<string, number> };
  /** The latest fit without its scored decisions; null before the first. */
  fit: Omit<CalibrationFit, 'scored'> | null;
  history: Omit<CalibrationFit, 'scored'>[];
  /** Decisions available to the next fit, against the minimum. */
  minimum: MinimumCheck;
  /** The latest fit's decisions, binned by its predictions. */
  reliability: ReliabilityBin[];
  expected: ExpectedFigures;
}

/** The channel's expected figures at its current threshold (model applied to its recent questions and decisions). */
export async function expectedFigures(env: Env, channel: string): Promise<ExpectedFigures> {
  return (await calibrationView(env, channel)).expected;
}

export async function calibrationView(env: Env, channel: string): Promise<CalibrationView> {
  const store = wiringFor(env).calibrations;
  const [calibration, latest, history, decisions, questions] = await Promise.all([
    currentCalibration(store, channel),
    store.latestFit(channel),
    store.fits(channel, 20),
    store.decisions(channel, MAX_FIT_DECISIONS),
    store.questions(channel, EXPECTED_QUESTIONS),
  ]);
  const { scored, ...fit } = latest ?? { scored: [] };
  const point = operatingPoint(calibration.model, calibration.threshold, questions, decisions);
  return {
    channel,
    calibration,
    prior: { version: SHIPPED_PRIOR.model.version, intercept: SHIPPED_PRIOR.model.intercept, coefficients: SHIPPED_PRIOR.model.coefficients },
    fit: latest ? (fit as Omit<CalibrationFit, 'scored'>) : null,
    history,
    minimum: meetsMinimum(decisions),
    reliability: reliabilityBins(scored),
    expected: { ...point, target: calibration.target, thresholdBasis: calibration.thresholdBasis, model: calibration.model.version },
  };
}
