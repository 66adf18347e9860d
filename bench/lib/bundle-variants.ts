/**
 * Variants of the Worker for `npm run bench:slack -- --breakdown`, which
 * says where an acknowledgement's time goes by taking parts away. They exist
 * only in the benchmark's temporary folder; the product always enqueues
 * before it acknowledges.
 */

/** A Worker that answers every request with an empty 200: the runtime's own cost per request. */
export const EMPTY_WORKER = 'export default { fetch() { return new Response(null, { status: 200 }); } };\n';

/**
 * The bundle with the Slack event route's queue send taken out (the message
 * is built and dropped), everything else unchanged: verification, parsing,
 * the pre-filter, Hono and the middleware. Throws unless exactly one such
 * send is found, so a change to the route cannot silently turn this into a
 * measurement of something else.
 */
export function withoutSlackEnqueue(bundle: string): string {
  // esbuild renames Hono's context (c, c2, ...); the message type pins the Slack route's send.
  const send = /await (\w+)\.env\.WORK_QUEUE\.send\((\{\s*type:\s*"slack-event")/g;
  const matches = [...bundle.matchAll(send)];
  if (matches.length !== 1) throw new Error(`expected one Slack event queue send in the bundle, found ${matches.length}`);
  return bundle.replace(send, 'void ($2');
}
