import { describe, expect, it } from 'vitest';
import { channelCalibration, DEFAULT_TARGET, type Prior } from './channel-calibration';
import type { CalibrationModel } from './logistic';
import { NO_SAFE_THRESHOLD } from './threshold-for-target';
import type { CalibrationFit } from './types';

const model = (version: string): CalibrationModel => ({ version, intercept: 0, coefficients: { coverage: 1 }, fittedOn: { decisions: 0, source: 'test', fittedAt: '2026-12-01T00:00:00.000Z' } });
const prior: Prior = { model: model('prior'), thresholdFor: (target) => Math.round(target * 80) / 100 };

function fitOf(scored: CalibrationFit['scored']): CalibrationFit {
  return { channel: 'web', version: 3, fittedAt: '2026-12-02T00:00:00.000Z', model: model('web-v3'), decisions: scored.length, approved: 0, lastDecidedAt: '2026-12-01T00:00:00.000Z', previousModel: 'web-v2', scored };
}
const approvedAt = (predicted: number, count: number) => Array.from({ length: count }, () => ({ predicted, approved: true }));

describe('channelCalibration', () => {
  it('uses the prior model and its threshold for the default target before the channel has a fit', () => {
    const calibration = channelCalibration('web', prior, null, null);
    expect(calibration).toMatchObject({ target: DEFAULT_TARGET, targetSetBy: null, model: prior.model, fitVersion: null, threshold: 0.76, thresholdBasis: 'prior' });
    expect(calibration.thresholdNote).toContain('73 staff decisions');
  });

  it("keeps the prior's threshold while the fit has fewer decisions than the target needs, but uses the channel's model", () => {
    const calibration = channelCalibration('web', prior, fitOf(approvedAt(0.9, 40)), { channel: 'web', target: 0.95, updatedAt: 'x', updatedBy: 'admin@example.com' });
    expect(calibration).toMatchObject({ model: { version: 'web-v3' }, fitVersion: 3, threshold: 0.76, thresholdBasis: 'prior', targetSetBy: { by: 'admin@example.com', at: 'x' } });
  });

  it("takes the threshold from the channel's decisions once there are enough for the target", () => {
    const scored = [...approvedAt(0.9, 40), ...Array.from({ length: 20 }, (_, index) => ({ predicted: 0.4, approved: index < 5 }))];
    const calibration = channelCalibration('web', prior, fitOf(scored), { channel: 'web', target: 0.8, updatedAt: 'x', updatedBy: 'admin' });
    expect(calibration).toMatchObject({ threshold: 0.9, thresholdBasis: 'channel', fitVersion: 3 });
    expect(calibration.thresholdNote).toContain('40 decisions');
    const unreachable = channelCalibration('web', prior, fitOf(scored.map((decision) => ({ ...decision, approved: false }))), { channel: 'web', target: 0.8, updatedAt: 'x', updatedBy: 'admin' });
    expect(unreachable).toMatchObject({ threshold: NO_SAFE_THRESHOLD, thresholdBasis: 'channel' });
    expect(unreachable.thresholdNote).toContain('every reply is reviewed');
  });
});
