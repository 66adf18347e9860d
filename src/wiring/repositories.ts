import type { ReadModels } from '../application/console-read-models';
import { D1ActionLedger } from '../adapters/d1/d1-action-ledger';
import { D1AppHomeFacts } from '../adapters/d1/d1-app-home-facts';
import { D1AssistantThreads } from '../adapters/d1/d1-assistant-threads';
import { D1AuditLog } from '../adapters/d1/d1-audit-log';
import { D1AuditReads } from '../adapters/d1/d1-audit-reads';
import { D1CalibrationStore } from '../adapters/d1/d1-calibration-store';
import { D1ChannelRepository } from '../adapters/d1/d1-channels';
import { D1ConsoleSessions } from '../adapters/d1/d1-console-sessions';
import { D1ConversationReads, D1WebConversations } from '../adapters/d1/d1-conversation-reads';
import { D1DeliveryLedger } from '../adapters/d1/d1-delivery-ledger';
import { D1DocumentStore } from '../adapters/d1/d1-document-store';
import { D1DraftStore } from '../adapters/d1/d1-draft-store';
import { D1FeedbackStore } from '../adapters/d1/d1-feedback-store';
import { D1LexicalIndex } from '../adapters/d1/d1-lexical-index';
import { D1Metrics } from '../adapters/d1/d1-metrics';
import { readPublicKbPage } from '../adapters/d1/d1-kb-pages';
import { D1ReviewList } from '../adapters/d1/d1-review-list';
import { pendingQueue } from '../adapters/d1/d1-review-queue';
import { staffRepliesIn } from '../adapters/d1/d1-staff-replies';
import { D1ReviewRepository } from '../adapters/d1/d1-review-repository';
import { D1SlackAnswers } from '../adapters/d1/d1-slack-answers';
import { D1SlackUsers } from '../adapters/d1/d1-slack-users';
import { D1SourceStore } from '../adapters/d1/d1-source-store';
import { D1TicketSink } from '../adapters/d1/d1-ticket-sink';
import { D1TrainingExamples } from '../adapters/d1/d1-training-examples';
import { D1TrainingSink } from '../adapters/d1/d1-training-sink';
import { D1VectorIndex } from '../adapters/d1/d1-vector-index';
import { D1VerifiedAnswerStore } from '../adapters/d1/d1-verified-answer-store';
import { SlackInboundStore } from '../adapters/d1/d1-inbound-store';
import { type SlackConfig, readSlackConfig } from '../adapters/slack/slack-config';

/**
 * Every D1 repository, each built here and nowhere else, on first use, once
 * per Env (an isolate's life). The wiring extends this with the services.
 */
export class Repositories {
  private readonly built = new Map<string, unknown>();

  constructor(protected readonly env: Env) {}

  /** The value `build` makes, built on the first call for `name` and kept. */
  protected once<T>(name: string, build: () => T): T {
    if (!this.built.has(name)) this.built.set(name, build());
    return this.built.get(name) as T;
  }

  /**
   * The Slack settings, or null when Slack is off. Throws SlackConfigError
   * when they are wrong (not kept: the next call says so again).
   */
  get slackConfig(): SlackConfig | null {
    return this.once('slackConfig', () => readSlackConfig(this.env));
  }

  /** The Slack settings when they are usable; null when Slack is off or misconfigured. */
  slackConfigOrNull(): SlackConfig | null {
    try {
      return this.slackConfig;
    } catch {
      return null;
    }
  }

  /** The channels; the Slack one is created from SLACK_STAGE on first read when Slack is configured (sign-offs change it in D1 from then on). */
  get channels(): D1ChannelRepository {
    return this.once('channels', () => {
      const slack = this.slackConfigOrNull();
      return new D1ChannelRepository(this.env.DB, slack ? [{ id: 'slack', kind: 'slack', stage: slack.stage }] : []);
    });
  }

  get documents(): D1DocumentStore { return this.once('documents', () => new D1DocumentStore(this.env.DB)); }
  get lexical(): D1LexicalIndex { return this.once('lexical', () => new D1LexicalIndex(this.env.DB)); }
  get vectors(): D1VectorIndex { return this.once('vectors', () => new D1VectorIndex(this.env.DB)); }
  get drafts(): D1DraftStore { return this.once('drafts', () => new D1DraftStore(this.env.DB)); }
  get verified(): D1VerifiedAnswerStore { return this.once('verified', () => new D1VerifiedAnswerStore(this.env.DB)); }
  get feedback(): D1FeedbackStore { return this.once('feedback', () => new D1FeedbackStore(this.env.DB)); }
  get tickets(): D1TicketSink { return this.once('tickets', () => new D1TicketSink(this.env.DB)); }
  get reviews(): D1ReviewRepository { return this.once('reviews', () => new D1ReviewRepository(this.env.DB)); }
  get training(): D1TrainingSink { return this.once('training', () => new D1TrainingSink(this.env.DB)); }
  get actionLedger(): D1ActionLedger { return this.once('actionLedger', () => new D1ActionLedger(this.env.DB)); }
  get audit(): D1AuditLog { return this.once('audit', () => new D1AuditLog(this.env.DB)); }
  get metrics(): D1Metrics { return this.once('metrics', () => new D1Metrics(this.env.DB)); }
  get calibrations(): D1CalibrationStore { return this.once('calibrations', () => new D1CalibrationStore(this.env.DB)); }
  get sources(): D1SourceStore { return this.once('sources', () => new D1SourceStore(this.env.DB)); }
  get consoleSessions(): D1ConsoleSessions { return this.once('consoleSessions', () => new D1ConsoleSessions(this.env.DB)); }
  get deliveries(): D1DeliveryLedger { return this.once('deliveries', () => new D1DeliveryLedger(this.env.DB)); }
  get slackInbound(): SlackInboundStore { return this.once('slackInbound', () => new SlackInboundStore(this.env.DB)); }
  get slackAnswers(): D1SlackAnswers { return this.once('slackAnswers', () => new D1SlackAnswers(this.env.DB)); }
  get slackUsers(): D1SlackUsers { return this.once('slackUsers', () => new D1SlackUsers(this.env.DB)); }
  get assistantThreads(): D1AssistantThreads { return this.once('assistantThreads', () => new D1AssistantThreads(this.env.DB)); }
  get appHomeFacts(): D1AppHomeFacts { return this.once('appHomeFacts', () => new D1AppHomeFacts(this.env.DB)); }

  /** What the console pages and admin API read (ports; the SQL is in adapters/d1). */
  get reads(): ReadModels {
    return this.once('reads', () => ({
      reviews: new D1ReviewList(this.env.DB),
      queue: { pending: (options) => pendingQueue(this.env.DB, options) },
      staffReplies: { in: (subject, limit) => staffRepliesIn(this.env.DB, subject, limit) },
      kbPages: { publicPage: (id) => readPublicKbPage(this.env.DB, id) },
      audit: new D1AuditReads(this.env.DB),
      conversations: new D1ConversationReads(this.env.DB),
      webConversations: new D1WebConversations(this.env.DB),
      training: new D1TrainingExamples(this.env.DB),
    }));
  }
}
