import { readFile } from 'node:fs/promises';
import { connectAdmin } from './lib/admin-client';
import { parseArgs, UsageError } from './lib/args';

export interface PromoteIo {
  stdout(line: string): void;
  /** Records the decision; by default in the Worker's audit log. */
  record?(entry: { action: 'model-promoted'; actor: string; subject: string; comment?: string; details: Record<string, unknown> }): Promise<{ id: number; at: string }>;
}

/**
 * `npm run finetune -- promote --model <id> --by <person> --figures eval.json [--comment TEXT] [--url WORKER]`
 *
 * Records a person's decision to promote a model in the audit log, with the
 * evaluation figures it was based on, and prints the configuration change
 * that makes it so. The change itself (CHAT_MODEL) stays a deliberate deploy.
 */
export async function runPromote(argv: string[], io: PromoteIo): Promise<number> {
  const { options } = parseArgs(argv, {
    model: { type: 'string' },
    by: { type: 'string' },
    figures: { type: 'string' },
    comment: { type: 'string' },
    url: { type: 'string' },
  });
  const model = (options.model as string | undefined)?.trim();
  const actor = (options.by as string | undefined)?.trim();
  const figuresPath = options.figures as string | undefined;
  if (!model || !actor || !figuresPath) throw new UsageError('--model, --by and --figures (from `eval --save`) are required');
  let saved: { candidate?: unknown; figures?: Record<string, unknown> };
  try {
    saved = JSON.parse(await readFile(figuresPath, 'utf8'));
  } catch {
    throw new UsageError(`cannot read evaluation figures from ${figuresPath}: run \`npm run finetune -- eval ... --save ${figuresPath}\``);
  }
  if (saved.candidate !== model || !saved.figures?.[model]) {
    throw new UsageError(`${figuresPath} does not evaluate ${model}: evaluate it as --candidate first`);
  }
  const record = io.record ?? (await auditLog((options.url as string | undefined) ?? 'http://127.0.0.1:8787'));
  const comment = options.comment as string | undefined;
  const entry = await record({ action: 'model-promoted', actor, subject: model, ...(comment ? { comment } : {}), details: saved as Record<string, unknown> });
  io.stdout(`recorded in the audit log (#${entry.id}, ${entry.at}): ${actor} promotes ${model}`);
  io.stdout('Now make it so: set CHAT_MODEL in wrangler.toml [vars] (or .dev.vars locally) and deploy:');
  io.stdout(`  CHAT_MODEL = "${model}"`);
  io.stdout('  npx wrangler deploy');
  return 0;
}

async function auditLog(url: string): Promise<NonNullable<PromoteIo['record']>> {
  const client = await connectAdmin(url);
  return (entry) => client.recordAudit(entry);
}
