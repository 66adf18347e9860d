// Stands in for the Node-only packages that @slack/bolt's receivers import:
// express (and through it body-parser, iconv-lite, mime-db), raw-body,
// @slack/oauth (and jsonwebtoken, semver), @slack/socket-mode, undici, and
// path-to-regexp (custom routes of the HTTP and Socket Mode receivers).
// Bolt's index requires every receiver at load, but the Worker hands events
// to Bolt through its own WorkerReceiver (src/adapters/slack/worker-receiver.ts)
// and never builds an ExpressReceiver, HTTPReceiver, SocketModeReceiver or an
// OAuth InstallProvider, so none of this code runs. wrangler.toml's [alias]
// points those packages here (the workerd test configs read the same table),
// which keeps about 1.6 MB of server code out of the upload and off the cold
// start. CommonJS, because it is require()d by CommonJS code; every export
// fails loudly if something does reach it.
function unavailable() {
  throw new Error('not available in the Worker: Bolt receives Slack through WorkerReceiver over HTTP (no Express, OAuth install flow or Socket Mode)');
}
class Unavailable {
  constructor() {
    unavailable();
  }
}
// express() and rawBody() are called as functions; the rest are classes.
module.exports = unavailable;
for (const name of [
  // express
  'Router',
  'json',
  'raw',
  'text',
  'urlencoded',
  'static',
  // @slack/oauth
  'InstallProvider',
  'FileInstallationStore',
  'MemoryInstallationStore',
  'ClearStateStore',
  'FileStateStore',
  // @slack/socket-mode
  'SocketModeClient',
  // undici
  'Agent',
  'WebSocket',
  'CloseEvent',
  'ErrorEvent',
  'MessageEvent',
  'buildConnector',
  'fetch',
  'ping',
  // path-to-regexp
  'match',
]) {
  module.exports[name] = /^[A-Z]/.test(name) ? Unavailable : unavailable;
}
