import type { RolloutStage } from '../answer/types';
import { isStepUp } from './stages';
import type { Actor, AuditLog, Channel, ChannelRepository } from './types';

export class StageChangeError extends Error {
  override name = 'StageChangeError';
  constructor(
    readonly code: 'forbidden' | 'not_found' | 'unchanged' | 'invalid_reason' | 'not_ready' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP status each refusal maps to, for every front end. */
export const STAGE_CHANGE_STATUS: Record<StageChangeError['code'], 400 | 403 | 404 | 409> = {
  forbidden: 403,
  not_found: 404,
  unchanged: 409,
  invalid_reason: 400,
  not_ready: 409,
  conflict: 409,
};

/** The readiness report at the moment of a change: recorded with it, and checked when stepping up. */
export interface ReadinessSnapshot {
  ready: boolean;
  /** The bars not met, in words, for the error and the audit log. */
  unmet: string[];
  figures: Record<string, unknown>;
}

export interface StageChangeRequest {
  channelId: string;
  to: RolloutStage;
  actor: Actor;
  /** Why: required for every change, kept in the audit log. */
  reason: string;
  /** Step up although readiness bars are unmet; the reason must say why. */
  override?: boolean;
  /** 'sign-off' from the console and API, 'step-down' from the safety net. */
  kind?: 'sign-off' | 'step-down';
}

export interface StageChangeDependencies {
  channels: ChannelRepository;
  audit: AuditLog;
  /** The channel's readiness for a stage; absent: no bars are checked (the change is still audited). */
  readiness?: (channel: Channel, to: RolloutStage) => Promise<ReadinessSnapshot>;
  now(): Date;
}

const MAX_REASON = 2000;

/**
 * The one way a channel's rollout stage changes. Only admins may change it;
 * every change names its reason and lands in the audit log with who, when
 * and the readiness figures of that moment. Stepping up while bars are unmet
 * takes an explicit override. Stepping down is always allowed: it is the
 * safe direction.
 */
export async function changeStage(deps: StageChangeDependencies, request: StageChangeRequest): Promise<{ channel: Channel; from: RolloutStage }> {
  if (request.actor.role !== 'admin') throw new StageChangeError('forbidden', 'Only admins can change a rollout stage.');
  const reason = request.reason.trim();
  if (!reason) throw new StageChangeError('invalid_reason', 'Say why the stage changes: the reason goes in the audit log.');
  if (reason.length > MAX_REASON) throw new StageChangeError('invalid_reason', `The reason is longer than ${MAX_REASON} characters.`);
  const channel = await deps.channels.get(request.channelId);
  if (!channel) throw new StageChangeError('not_found', `No channel "${request.channelId}".`);
  if (channel.stage === request.to) throw new StageChangeError('unchanged', `The channel is already ${request.to}.`);

  const up = isStepUp(channel.stage, request.to);
  const readiness = deps.readiness ? await deps.readiness(channel, request.to) : null;
  if (up && readiness && !readiness.ready && !request.override) {
    throw new StageChangeError('not_ready', `Readiness bars not met: ${readiness.unmet.join('; ')}. Override with a reason to proceed.`);
  }

  const at = deps.now().toISOString();
  if (!(await deps.channels.setStage(channel.id, channel.stage, request.to, request.actor.id, at))) {
    throw new StageChangeError('conflict', 'The stage changed meanwhile; reload and try again.');
  }
  await deps.audit.append({
    at,
    actor: request.actor.id,
    action: request.kind === 'step-down' ? 'stage-stepped-down' : 'stage-changed',
    subject: channel.id,
    comment: reason,
    details: {
      from: channel.stage,
      to: request.to,
      direction: up ? 'up' : 'down',
      override: Boolean(up && readiness && !readiness.ready && request.override),
      readiness: readiness ?? null,
    },
  });
  return { channel: { ...channel, stage: request.to, updatedAt: at, updatedBy: request.actor.id }, from: channel.stage };
}
