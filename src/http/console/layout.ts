import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ConsoleEnv } from './console-env';
import { html, type SafeHtml } from './html';

/**
 * Sent with every console page: no inline script or style can run (all of
 * it is in /console.js and /console.css), no other site may frame the
 * console or receive its URLs as referrer, forms post only here, and nothing
 * a reviewer saw is kept in a shared cache.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

const NAV: { href: string; label: string; adminOnly?: boolean }[] = [
  { href: '/admin/reviews', label: 'Reviews' },
  { href: '/admin/history', label: 'History' },
  { href: '/admin/conversations', label: 'Conversations' },
  { href: '/admin/knowledge', label: 'Knowledge' },
  { href: '/admin/verified', label: 'Verified answers' },
  { href: '/admin/dashboard', label: 'Dashboard' },
  { href: '/admin/rollout', label: 'Channels' },
  { href: '/admin/calibration', label: 'Calibration' },
  { href: '/admin/audit', label: 'Audit log', adminOnly: true },
  { href: '/admin/sessions', label: 'Sessions', adminOnly: true },
];

export interface PageOptions {
  title: string;
  body: SafeHtml;
  status?: ContentfulStatusCode;
  /** Extra response headers (Set-Cookie is set on the context instead). */
  headers?: Record<string, string>;
}

/** A full console page: the nav, who is signed in, and the body. */
export function page(c: Context<ConsoleEnv>, options: PageOptions): Response {
  const user = c.get('user');
  const path = new URL(c.req.url).pathname;
  const nav = user
    ? html`<nav class="top">
        <a class="brand" href="/admin/reviews">Countersign</a>
        <ul>${NAV.filter((item) => !item.adminOnly || user.role === 'admin').map(
          (item) => html`<li><a href="${item.href}"${path.startsWith(item.href) ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
        )}</ul>
        <form class="who" method="post" action="/admin/logout">
          <span>${user.actor} <span class="role">${user.role}</span></span>
          ${csrfField(user.csrf)}
          <button type="submit">Sign out</button>
        </form>
      </nav>`
    : html`<nav class="top"><span class="brand">Countersign</span></nav>`;
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Countersign</title>
<link rel="stylesheet" href="/console.css">
<script src="/console.js" defer></script>
</head>
<body>
${nav}
<main>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>`;
  return c.html(document.value, options.status ?? 200, { ...SECURITY_HEADERS, ...options.headers });
}

/** The hidden field every console form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A page that only says why not: 401, 403, 404, 409, 500. */
export function messagePage(c: Context<ConsoleEnv>, status: ContentfulStatusCode, title: string, message: string | SafeHtml): Response {
  return page(c, { title, status, body: html`<p class="notice error">${message}</p>` });
}

export function notice(kind: 'ok' | 'error' | 'info', message: string | SafeHtml | null | undefined): SafeHtml {
  return message ? html`<p class="notice ${kind}" role="status">${message}</p>` : html``;
}
