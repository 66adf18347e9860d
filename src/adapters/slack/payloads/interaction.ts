import { z } from 'zod';

/**
 * The interactivity payloads this app handles, checked before Bolt sees
 * them. Bolt routes a body by its fields and trusts their shapes: a
 * `block_actions` without a list of actions throws inside Bolt (a 500 after
 * the signature passed), an `event` of any type makes it an Events API call.
 * A signed body that fails here answers 400 and changes nothing.
 */
import { id, user, viewInteraction } from './view-submission';

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

/** Other interaction types (shortcuts, message actions ...): only what Bolt needs to route them safely. */
const otherInteraction = z
  .object({ type: z.string().min(1).max(64).refine((type) => !['block_actions', 'view_submission', 'view_closed'].includes(type)), user })
  .passthrough();

const interaction = z.union([blockActions, viewInteraction, otherInteraction]);

export type BlockActions = z.infer<typeof blockActions>;
export type Interaction = z.infer<typeof interaction>;

export function isBlockActions(payload: unknown): payload is BlockActions {
  return blockActions.safeParse(payload).success;
}

/** The payload, when it is an interaction of a well-formed shape; null otherwise. */
export function parseInteraction(payload: Record<string, unknown>): Interaction | null {
  if ('event' in payload || 'command' in payload) return null;
  const parsed = interaction.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
