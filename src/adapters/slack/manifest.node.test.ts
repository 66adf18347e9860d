import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SURFACE_EVENT_TYPES } from './assistant/surface-event';

// slack/manifest.yaml is what a user installs from: it must carry every scope and
// event subscription the code relies on. Read as lines (no YAML parser in the project).
const manifest = readFileSync(new URL('../../../slack/manifest.yaml', import.meta.url), 'utf8');
const listUnder = (key: string) => {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const indent = /^\s*/.exec(lines[start + 1] ?? '')?.[0].length ?? 0;
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = new RegExp(`^\\s{${indent}}- (\\S+)\\s*$`).exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
};

describe('slack/manifest.yaml', () => {
  it('turns on the AI app surface and the App Home', () => {
    expect(manifest).toMatch(/^ {2}agent_view:\n {4}agent_description: .{20,300}$/m);
    expect(manifest).toMatch(/^ {4}home_tab_enabled: true$/m);
    expect(manifest).toMatch(/^ {4}messages_tab_enabled: true$/m);
  });

  it('asks for the scopes the assistant pane and the App Home call with', () => {
    const scopes = listUnder('bot');
    // assistant.threads.*, chat.*, conversations.info / members, reactions.*, message events.
    for (const scope of ['assistant:write', 'chat:write', 'im:history', 'channels:read', 'groups:read', 'reactions:write', 'app_mentions:read', 'commands']) expect(scopes).toContain(scope);
  });

  it("subscribes to the agent view's events and the App Home's (the assistant view's are handled too, for apps that keep it)", () => {
    const events = listUnder('bot_events');
    for (const event of ['app_mention', 'message.im', 'app_home_opened', 'app_context_changed']) expect(events).toContain(event);
    expect(SURFACE_EVENT_TYPES).toEqual(expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed', ...events.filter((event) => event.startsWith('app_') && event !== 'app_mention')]));
  });
});
