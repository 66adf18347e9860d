// Secrets are not in wrangler.toml, so `wrangler types` cannot see them.
// Set them with `wrangler secret put NAME` (production) or in .dev.vars (local).
declare namespace Cloudflare {
  interface Env {
    /** Bearer token for the admin API; the admin API refuses every request without it. */
    ADMIN_TOKEN?: string;
    /** Signs staff in to the review console as reviewers (decide reviews, read everything else); optional. */
    REVIEWER_TOKEN?: string;
    /** Signs console session cookies; defaults to a key derived from ADMIN_TOKEN. */
    CONSOLE_SESSION_SECRET?: string;
    /** Enables embeddings (semantic search) when set; sent to the chat model server too. */
    OPENAI_API_KEY?: string;
    /** HMAC key for signing webhook actions (required when ACTION_WEBHOOKS declares any). */
    ACTION_WEBHOOK_SECRET?: string;
    /** Slack bot token (xoxb-...) and signing secret; Slack is off without them. */
    SLACK_BOT_TOKEN?: string;
    SLACK_SIGNING_SECRET?: string;
    /** Signs web chat session tokens (32+ characters); web chat is off without it. */
    WEB_SESSION_SECRET?: string;
    /** Lets staff preview the web chat while its channel is internal (16+ characters). */
    WEB_PREVIEW_KEY?: string;
    /** Scheduled knowledge sources: requests per cron run (default 20) and the pause between them (default 500 ms). */
    SOURCE_SYNC_REQUESTS_PER_RUN?: string;
    SOURCE_SYNC_DELAY_MS?: string;
  }
}
