import { DurableObject } from 'cloudflare:workers';

/**
 * One web chat conversation (a Durable Object per conversation). Declared
 * from the first deploy so that its binding and storage migration exist
 * before the web chat ships; until then it serves nothing.
 */
export class Conversation extends DurableObject<Env> {
  override async fetch(): Promise<Response> {
    return Response.json({ error: { code: 'not_found', message: 'Web chat is not enabled in this version.' } }, { status: 404 });
  }
}
