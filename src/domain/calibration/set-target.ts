import type { AuditLog } from '../rollout/types';
import { DEFAULT_TARGET, MAX_TARGET, MIN_TARGET } from './channel-calibration';
import type { CalibrationStore, CalibrationTarget } from './types';

export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(readonly code: 'invalid_target' | 'unknown_channel', message: string) {
    super(message);
  }
}

/**
 * An admin sets the share of sent replies staff should approve unedited
 * for a channel. The gate's threshold follows at once (it is derived from
 * the target on every answer); the change is audited with the old value.
 */
export async function setTarget(
  deps: { store: Pick<CalibrationStore, 'target' | 'setTarget' | 'channels'>; audit: AuditLog; now(): Date },
  input: { channel: string; target: number; actor: string; reason: string | null },
): Promise<{ from: number; to: CalibrationTarget }> {
  if (!(Number.isFinite(input.target) && input.target >= MIN_TARGET && input.target <= MAX_TARGET)) {
    throw new TargetError('invalid_target', `The target must be between ${MIN_TARGET * 100}% and ${MAX_TARGET * 100}%.`);
  }
  if (!(await deps.store.channels()).includes(input.channel)) throw new TargetError('unknown_channel', 'No such channel.');
  const from = (await deps.store.target(input.channel))?.target ?? DEFAULT_TARGET;
  const to: CalibrationTarget = { channel: input.channel, target: Math.round(input.target * 1000) / 1000, updatedAt: deps.now().toISOString(), updatedBy: input.actor };
  await deps.store.setTarget(to);
  await deps.audit.append({ at: to.updatedAt, actor: input.actor, action: 'calibration-target-set', subject: input.channel, comment: input.reason, details: { from, to: to.target } });
  return { from, to };
}
