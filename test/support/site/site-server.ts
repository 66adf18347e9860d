import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type LoopbackServer, startLoopbackServer } from '../loopback-server';

/** A page the test serves by hand: status, headers and body. */
export interface SitePage {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SiteServer extends LoopbackServer {
  origin: string;
  /** Every request, in order: method, path and the conditional headers sent. */
  requests: { path: string; ifNoneMatch: string | null; ifModifiedSince: string | null; at: number }[];
  /** Routes served before the static folder; replace or delete entries to change the site between crawls. */
  pages: Map<string, SitePage>;
}

/**
 * A real website on 127.0.0.1: a folder served as static files (with ETag
 * and Last-Modified, answering conditional requests with 304) under
 * `mountPath`, plus hand-made pages for the edge cases a crawler meets.
 */
export async function startSiteServer(options: { folder?: string; mountPath?: string; pages?: Record<string, SitePage>; control?: boolean } = {}): Promise<SiteServer> {
  const pages = new Map(Object.entries(options.pages ?? {}));
  const requests: SiteServer['requests'] = [];
  const mount = options.mountPath ?? '/docs/';
  const server = await startLoopbackServer(
    (req, res, body) => {
      // Tests inside workerd script the site over HTTP: POST /__control/page {path, status?, headers?, body?}.
      if (options.control && req.method === 'POST' && req.url === '/__control/page') {
        const entry = JSON.parse(body.toString('utf8')) as SitePage & { path: string };
        pages.set(entry.path, { status: entry.status, headers: entry.headers, body: entry.body });
        res.writeHead(204);
        res.end();
        return;
      }
      const pathname = new URL(req.url ?? '/', 'http://site').pathname;
      requests.push({ path: req.url ?? '/', ifNoneMatch: header(req, 'if-none-match'), ifModifiedSince: header(req, 'if-modified-since'), at: Date.now() });
      const page = pages.get(req.url ?? '/') ?? pages.get(pathname);
      if (page) {
        res.writeHead(page.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
        res.end(page.body ?? '');
        return;
      }
      if (options.folder && pathname.startsWith(mount)) {
        void serveFile(req, res, path.join(options.folder, path.normalize(pathname.slice(mount.length) || 'index.html')));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    },
    (res) => {
      res.writeHead(500);
      res.end();
    },
  );
  return { ...server, origin: `http://127.0.0.1:${server.port}`, requests, pages };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.pdf': 'application/pdf', '.gz': 'application/gzip', '.png': 'image/png' };

async function serveFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>Not found</h1>');
    return;
  }
  const body = await readFile(file);
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const lastModified = info.mtime.toUTCString();
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'last-modified': lastModified });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', etag, 'last-modified': lastModified, 'content-length': body.length });
  res.end(body);
}
