// npm run setup:cloudflare: lists, in order, the one-time commands that
// create Countersign's Cloudflare resources (after `npx wrangler login`).
// It only prints them: the D1 id has to be copied into wrangler.toml between
// steps, and a human should see what gets created in their account.
const dimensions = process.env.EMBEDDING_DIMENSIONS ?? '1536';
const steps = [
  ['Create the database; copy the printed database_id into wrangler.toml', 'npx wrangler d1 create countersign'],
  ['Create its tables', 'npx wrangler d1 migrations apply DB --remote'],
  [`Create the vector index (dimensions = EMBEDDING_DIMENSIONS, here ${dimensions})`, `npx wrangler vectorize create countersign-knowledge --metric cosine --dimensions ${dimensions}`],
  ['Index the audience metadata, before any vector is inserted', 'npx wrangler vectorize create-metadata-index countersign-knowledge --property-name audience --type string'],
  ['Create the work queue and its dead-letter queue', 'npx wrangler queues create countersign-work && npx wrangler queues create countersign-work-dlq'],
  ['Set the admin token (a long random string)', 'npx wrangler secret put ADMIN_TOKEN'],
  ['Optional: enable semantic search', 'npx wrangler secret put OPENAI_API_KEY'],
  ['Enable web chat (a random string of 32+ characters, e.g. openssl rand -base64 32)', 'npx wrangler secret put WEB_SESSION_SECRET'],
  ['Optional: let staff preview the web chat while it is internal', 'npx wrangler secret put WEB_PREVIEW_KEY'],
  ['In wrangler.toml [vars], name the sites that embed the widget and the chat model (empty: extractive answers)', 'WEB_ALLOWED_ORIGINS = "https://www.example.com"   CHAT_MODEL = "gpt-4.1-mini"'],
  ['Deploy', 'npx wrangler deploy'],
];
console.log('One-time Cloudflare setup (run `npx wrangler login` first):\n');
for (const [index, [what, command]] of steps.entries()) console.log(`${index + 1}. ${what}\n   ${command}\n`);
