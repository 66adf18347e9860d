import { z } from 'zod';

/*
 * A slash command (https://api.slack.com/interactivity/slash-commands):
 * form fields, checked before Bolt routes them. Bolt takes any body with a
 * `command` for a command and any with an `event` for an Events API call, so
 * a body with both is refused.
 */

const slashCommand = z
  .object({
    command: z.string(),
    text: z.string().optional(),
  })
  .catchall(z.string());

export type SlashCommand = z.infer<typeof slashCommand>;

export function isSlashCommand(fields: Record<string, string>): fields is SlashCommand {
  return !('event' in fields) && slashCommand.safeParse(fields).success;
}

/** The command, or why the fields are not one (the field to name in the 400). */
export function parseSlashCommand(fields: Record<string, string>): { ok: true; command: SlashCommand } | { ok: false; field: 'command' | 'event'; message: string } {
  if (typeof fields.command !== 'string') return { ok: false, field: 'command', message: 'Missing command.' };
  if ('event' in fields) return { ok: false, field: 'event', message: 'Not a slash command.' };
  const parsed = slashCommand.safeParse(fields);
  return parsed.success ? { ok: true, command: parsed.data } : { ok: false, field: 'command', message: 'Missing command.' };
}
