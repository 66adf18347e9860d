import type { D1AuditLog } from '../../adapters/d1/d1-audit-log';
import type { D1VerifiedAnswerStore } from '../../adapters/d1/d1-verified-answer-store';
import { personalDataIn } from '../../domain/answer/verified-answers';

export type VerifiedAnswerChange = { ok: true; changed: boolean } | { ok: false; code: 'not_found' | 'personal_data' | 'no_scope'; message: string };

/**
 * An admin stops a verified answer's reuse, from the console or the admin
 * API alike: kept (and listed) as retired, never deleted, and audited once
 * (retiring it again changes nothing and records nothing).
 */
export async function retireVerifiedAnswer(deps: { audit: D1AuditLog; store: D1VerifiedAnswerStore }, request: { id: string; actor: string; reason: string | null }): Promise<VerifiedAnswerChange> {
  const answer = await deps.store.get(request.id);
  if (!answer) return { ok: false, code: 'not_found', message: 'No such verified answer.' };
  const at = new Date().toISOString();
  const changed = await deps.store.retire(answer.id, request.actor, at);
  if (changed) {
    await deps.audit.append({ at, actor: request.actor, action: 'verified-answer-retired', subject: answer.id, comment: request.reason, details: { audience: answer.audience, channelKind: answer.channelKind, reuseCount: answer.reuseCount, was: answer.status } });
  }
  return { ok: true, changed };
}

/**
 * An admin lets an answer stored before reuse was a choice be reused, after
 * reading it: the same personal-data check as a staff choice, and only with
 * a known scope (the review it came from). Audited.
 */
export async function allowVerifiedAnswer(deps: { audit: D1AuditLog; store: D1VerifiedAnswerStore }, request: { id: string; actor: string }): Promise<VerifiedAnswerChange> {
  const answer = await deps.store.get(request.id);
  if (!answer) return { ok: false, code: 'not_found', message: 'No such verified answer.' };
  const found = personalDataIn(answer.answer);
  if (found.length > 0) return { ok: false, code: 'personal_data', message: `Not allowed: the reply contains personal data (${found.join(', ')}). Retire it instead.` };
  if (!answer.channelKind) return { ok: false, code: 'no_scope', message: 'Not allowed: the review it came from is gone, so where it may be reused is unknown. Retire it instead.' };
  const changed = await deps.store.confirm(answer.id, request.actor);
  if (changed) {
    await deps.audit.append({ at: new Date().toISOString(), actor: request.actor, action: 'verified-answer-allowed', subject: answer.id, comment: null, details: { audience: answer.audience, channelKind: answer.channelKind } });
  }
  return { ok: true, changed };
}
