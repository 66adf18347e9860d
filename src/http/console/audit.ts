import { wiringFor } from '../../wiring/wiring';

/** Console actions recorded in the audit log (stage changes are recorded by changeStage itself). */
export type ConsoleAuditAction =
  | 'console-sign-in'
  | 'console-sign-in-failed'
  | 'console-sign-out'
  | 'console-signed-out-everyone'
  | 'knowledge-uploaded'
  | 'knowledge-audience-changed'
  | 'knowledge-deleted'
  | 'knowledge-source-added'
  | 'knowledge-source-removed'
  | 'conversation-replied';

export async function audit(
  env: Env,
  entry: { actor: string; action: ConsoleAuditAction; subject: string; comment?: string | null; details: Record<string, unknown> },
): Promise<void> {
  await wiringFor(env).audit.append({ at: new Date().toISOString(), comment: null, ...entry });
}
