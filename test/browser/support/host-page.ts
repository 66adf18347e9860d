import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

/** A site that embeds the widget: its <script> tag's data- attributes and its own CSS. */
export interface HostPageOptions {
  scriptSrc: string;
  attributes?: Record<string, string>;
  css?: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function hostPageHtml(options: HostPageOptions): string {
  const attributes = Object.entries(options.attributes ?? {})
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Lumen Loop</title>${options.css ? `<style>${options.css}</style>` : ''}</head>
<body>
<h1>Lumen Loop</h1>
<p class="host-text">The customer's own page.</p>
<script src="${escapeHtml(options.scriptSrc)}"${attributes} async></script>
</body>
</html>`;
}

/**
 * The embedding site, served by a real HTTP server on its own loopback port:
 * another origin than the Worker's, so the browser applies CORS and sends an
 * Origin the Worker must allow. Pages are registered by path.
 */
export interface HostSite {
  origin: string;
  /** Serves a page at `path` and returns its URL. */
  page(path: string, options: HostPageOptions): string;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server: LoopbackServer = await startLoopbackServer(
    (req, res) => {
      const html = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html ?? 'not found');
    },
    (res, error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    },
  );
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    origin,
    page(path, options) {
      pages.set(path, hostPageHtml(options));
      return `${origin}${path}`;
    },
    close: () => server.close(),
  };
}
