import type { RolloutStage } from '../answer/types';

/** The stages in the order a channel climbs them. */
export const STAGES: readonly RolloutStage[] = ['internal', 'supervised', 'autonomous'];

export function isStage(value: unknown): value is RolloutStage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function nextStage(stage: RolloutStage): RolloutStage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

/** True when `to` lets the bot speak more freely than `from`. */
export function isStepUp(from: RolloutStage, to: RolloutStage): boolean {
  return STAGES.indexOf(to) > STAGES.indexOf(from);
}
