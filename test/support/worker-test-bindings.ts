/**
 * The bindings both workerd test projects give the Worker (integration and
 * faults): test secrets, the fake Slack and OpenAI servers' URLs, local
 * vector search. Each project adds what differs (a model, sampling).
 */
export function workerTestBindings(fakes: { openAIUrl: string; slackUrl: string }, migrations: unknown): Record<string, unknown> {
  return {
    TEST_MIGRATIONS: migrations,
    ADMIN_TOKEN: 'test-admin-token',
    FAKE_OPENAI_URL: fakes.openAIUrl,
    VECTOR_INDEX: 'd1',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_STAFF_CHANNEL: 'C9001',
    SLACK_API_URL: fakes.slackUrl,
    SLACK_BOT_USER_ID: 'UBOT',
    SLACK_BOT_ID: 'B0BOT',
    MAX_DOCUMENT_BYTES: '200000',
    WEB_SESSION_SECRET: 'test-web-session-secret-at-least-32-chars',
    WEB_PREVIEW_KEY: 'test-preview-key-0123',
    WEB_ALLOWED_ORIGINS: 'https://shop.example',
  };
}
