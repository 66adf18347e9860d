// Stands in for `undici`, which @slack/bolt imports only for Socket Mode
// (through @slack/socket-mode). The Worker receives Slack over HTTP and never
// opens a socket, and undici's Node-only internals (node:sqlite) cannot be
// bundled for workerd; wrangler.toml and vitest.workers.config.ts alias
// `undici` here. CommonJS, because it is require()d by CommonJS code.
// Anything that tries to use it fails loudly.
function unavailable() {
  throw new Error('undici is not available in the Worker: Socket Mode is not supported, use the HTTP endpoints');
}
class Unavailable {
  constructor() {
    unavailable();
  }
}
module.exports = {
  Agent: Unavailable,
  WebSocket: Unavailable,
  CloseEvent: Unavailable,
  ErrorEvent: Unavailable,
  MessageEvent: Unavailable,
  buildConnector: unavailable,
  fetch: unavailable,
  ping: unavailable,
};
