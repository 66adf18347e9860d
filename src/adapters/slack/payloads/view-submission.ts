import { z } from 'zod';

/*
 * A modal's submission or dismissal (`view_submission`, `view_closed`),
 * checked before Bolt routes it by the view's callback_id.
 */

export const id = z.string().min(1).max(64);
export const user = z.object({ id }).passthrough();

const view = z.object({ id, callback_id: z.string().max(255), private_metadata: z.unknown().optional() }).passthrough();
export const viewInteraction = z.object({ type: z.enum(['view_submission', 'view_closed']), user, view }).passthrough();

export type ViewInteraction = z.infer<typeof viewInteraction>;

export function isViewInteraction(payload: unknown): payload is ViewInteraction {
  return viewInteraction.safeParse(payload).success;
}
