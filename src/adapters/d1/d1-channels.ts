import type { RolloutStage } from '../../domain/answer/types';
import type { Channel, ChannelKind, ChannelRepository } from '../../domain/rollout/types';

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  stage: RolloutStage;
  updated_at: string;
  updated_by: string;
}

/**
 * Channels and their stages in D1. `seeds` are channels that exist by
 * configuration (the Slack channel, starting at SLACK_STAGE): created on
 * first read, never overwritten once a stage has been signed off.
 */
export class D1ChannelRepository implements ChannelRepository {
  private seeded: Promise<void> | null = null;

  constructor(
    private readonly db: D1Database,
    private readonly seeds: { id: string; kind: ChannelKind; stage: RolloutStage }[] = [],
  ) {}

  async get(id: string): Promise<Channel | null> {
    await this.seed();
    const row = await this.db.prepare('SELECT * FROM channels WHERE id = ?').bind(id).first<ChannelRow>();
    return row ? fromRow(row) : null;
  }

  async list(): Promise<Channel[]> {
    await this.seed();
    const { results } = await this.db.prepare('SELECT * FROM channels ORDER BY kind, id').all<ChannelRow>();
    return results.map(fromRow);
  }

  async setStage(id: string, from: RolloutStage, to: RolloutStage, by: string, at: string): Promise<boolean> {
    const result = await this.db
      .prepare('UPDATE channels SET stage = ?, updated_at = ?, updated_by = ? WHERE id = ? AND stage = ?')
      .bind(to, at, by, id, from)
      .run();
    return result.meta.changes === 1;
  }

  private seed(): Promise<void> {
    if (this.seeds.length === 0) return Promise.resolve();
    this.seeded ??= this.db
      .batch(
        this.seeds.map((seed) =>
          this.db
            .prepare("INSERT OR IGNORE INTO channels (id, kind, stage, updated_at, updated_by) VALUES (?, ?, ?, ?, 'configuration')")
            .bind(seed.id, seed.kind, seed.stage, new Date().toISOString()),
        ),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          this.seeded = null;
          throw error;
        },
      );
    return this.seeded;
  }
}

function fromRow(row: ChannelRow): Channel {
  return { id: row.id, kind: row.kind, stage: row.stage, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
