import type { RolloutStage } from '../answer/types';

export type ChannelKind = 'slack' | 'web';

export interface Channel {
  id: string;
  kind: ChannelKind;
  stage: RolloutStage;
  updatedAt: string;
  updatedBy: string;
}

/** Who is acting. Only admins change stages; reviewers decide reviews. */
export interface Actor {
  id: string;
  role: 'reviewer' | 'admin';
}

export interface ChannelRepository {
  get(id: string): Promise<Channel | null>;
  list(): Promise<Channel[]>;
  /**
   * Moves a channel from `from` to `to`, atomically: false when the stage is
   * no longer `from` (someone changed it meanwhile), so nothing is overwritten blindly.
   */
  setStage(id: string, from: RolloutStage, to: RolloutStage, by: string, at: string): Promise<boolean>;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  comment: string | null;
  details: Record<string, unknown>;
}

/** Append-only: entries are added, never changed or deleted. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}
