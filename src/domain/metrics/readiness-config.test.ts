import { describe, expect, it } from 'vitest';
import { MetricsConfigError } from './errors';
import { DEFAULT_READINESS_CONFIG, parseReadinessConfig } from './readiness-config';

describe('parseReadinessConfig', () => {
  it('gives the documented defaults when READINESS_BARS is empty', () => {
    expect(parseReadinessConfig(undefined)).toEqual({
      sampleSize: 200,
      bars: {
        supervised: { minQuestions: 20, maxNotHelpfulRate: 0.3 },
        autonomous: { minReviewed: 100, minApprovedWithoutEditsRate: 0.95, maxRejectedActions: 0, maxNotHelpfulRate: 0.2 },
      },
      stepDown: { windowDays: 7, minSampleSize: 20, maxSampledRejectionRate: 0.1, maxNotHelpfulRate: 0.3 },
    });
    expect(parseReadinessConfig(' ')).toBe(DEFAULT_READINESS_CONFIG);
  });

  it('overrides key by key; null switches a bar off', () => {
    const config = parseReadinessConfig(
      JSON.stringify({ sampleSize: 300, autonomous: { minReviewed: 150, maxNotHelpfulRate: null, maxRejectionRate: 0.02 }, stepDown: { windowDays: 3 } }),
    );
    expect(config.sampleSize).toBe(300);
    expect(config.bars.autonomous).toEqual({ minReviewed: 150, minApprovedWithoutEditsRate: 0.95, maxRejectedActions: 0, maxRejectionRate: 0.02 });
    expect(config.bars.supervised).toEqual(DEFAULT_READINESS_CONFIG.bars.supervised);
    expect(config.stepDown).toEqual({ ...DEFAULT_READINESS_CONFIG.stepDown, windowDays: 3 });
  });

  it('refuses bad JSON, typos, out-of-range values and unreachable bars, naming the field', () => {
    const message = (json: string) => {
      try {
        parseReadinessConfig(json);
      } catch (error) {
        expect(error).toBeInstanceOf(MetricsConfigError);
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(message('{"autonomous":')).toMatch(/^READINESS_BARS is not valid JSON/);
    expect(message('{"autonomous": {"minReveiwed": 10}}')).toMatch(/^READINESS_BARS: autonomous: Unrecognized key/);
    expect(message('{"autonomous": {"minApprovedWithoutEditsRate": 95}}')).toMatch(/^READINESS_BARS: autonomous\.minApprovedWithoutEditsRate: /);
    expect(message('{"sampleSize": 5000}')).toMatch(/^READINESS_BARS: sampleSize: /);
    expect(message('[]')).toMatch(/^READINESS_BARS: Expected object/);
    expect(message('{"sampleSize": 50}')).toBe(
      'READINESS_BARS: autonomous.minReviewed: 100 can never be met: readiness looks at the last 50 (sampleSize) only',
    );
  });
});
