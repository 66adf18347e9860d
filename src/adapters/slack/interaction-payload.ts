import { z } from 'zod';

/**
 * The interactivity payloads this app handles, checked before Bolt sees
 * them. Bolt routes a body by its fields and trusts their shapes: a
 * `block_actions` without a list of actions throws inside Bolt (a 500 after
 * the signature passed), an `event` of any type makes it an Events API call.
 * A signed body that fails here answers 400 and changes nothing.
 */
const id = z.string().min(1).max(64);
const user = z.object({ id }).passthrough();
const action = z.object({ action_id: z.string().min(1).max(255), type: z.string().min(1).max(64) }).passthrough();

const blockActions = z
  .object({
    type: z.literal('block_actions'),
    user,
    // Slack sends one action per click; the documented maximum of elements per block is 25.
    actions: z.array(action).min(1).max(25),
    channel: z.object({ id }).passthrough().nullish(),
    container: z.object({ type: z.string() }).passthrough().nullish(),
  })
  .passthrough();

const view = z.object({ id, callback_id: z.string().max(255), private_metadata: z.unknown().optional() }).passthrough();
const viewInteraction = z.object({ type: z.enum(['view_submission', 'view_closed']), user, view }).passthrough();

/** Other interaction types (shortcuts, message actions ...): only what Bolt needs to route them safely. */
const otherInteraction = z
  .object({ type: z.string().min(1).max(64).refine((type) => !['block_actions', 'view_submission', 'view_closed'].includes(type)), user })
  .passthrough();

const interaction = z.union([blockActions, viewInteraction, otherInteraction]);

/** The payload, when it is an interaction of a well-formed shape; null otherwise. */
export function parseInteraction(payload: Record<string, unknown>): Record<string, unknown> | null {
  if ('event' in payload || 'command' in payload) return null;
  const parsed = interaction.safeParse(payload);
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}
