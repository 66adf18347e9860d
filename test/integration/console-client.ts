import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { expect } from 'vitest';
import { app } from '../../src/http/app';

export const ORIGIN = 'https://countersign.test';
export const ADMIN_TOKEN = 'test-admin-token';
export const REVIEWER_TOKEN = 'test-reviewer-token-0123456789';

/**
 * The Worker's env plus a reviewer token. wrangler's test bindings cannot
 * be changed per file, so console requests go through the app's own fetch
 * with this env: same D1, same Durable Objects, same queue as SELF.
 */
export const consoleEnv: Env = { ...env, REVIEWER_TOKEN };

export interface ConsoleRequest extends Omit<RequestInit, 'body'> {
  /** A form body: URL-encoded from a record, multipart from FormData. */
  form?: Record<string, string> | FormData;
  /** Origin header on POSTs (default: the Worker's own); null sends none. */
  origin?: string | null;
  /** Sec-Fetch-Site header (default same-origin on POSTs); null sends none. */
  site?: string | null;
  /** Another env (e.g. a rotated token). */
  env?: Env;
}

/** A browser in miniature: keeps cookies, sends same-origin headers, never follows redirects. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];

  constructor(readonly base = ORIGIN) {}

  async fetch(path: string, init: ConsoleRequest = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const method = init.method ?? (init.form ? 'POST' : 'GET');
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    if (method === 'POST') {
      if (init.origin !== null) headers.set('origin', init.origin ?? new URL(this.base).origin);
      if (init.site !== null) headers.set('sec-fetch-site', init.site ?? 'same-origin');
    } else if (init.site) headers.set('sec-fetch-site', init.site);
    let body: BodyInit | undefined;
    if (init.form instanceof FormData) body = init.form;
    else if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const request = new Request(`${this.base}${path}`, { ...init, method, headers, body, redirect: 'manual' });
    // Multipart bodies get their length only once serialised; browsers always send it.
    const sized = body instanceof FormData ? await withLength(request) : request;
    const context = createExecutionContext();
    const response = await app.fetch(sized, init.env ?? consoleEnv, context);
    await waitOnExecutionContext(context);
    this.lastSetCookies = response.headers.getSetCookie();
    for (const cookie of this.lastSetCookies) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      const removed = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (removed) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }

  /** Signs in through the form, as a browser would: load it, then post it. */
  async signIn(token: string, actor = 'ana@example.com', env?: Env): Promise<Response> {
    const form = await this.fetch('/admin/login', { env });
    const html = await form.text();
    const loginToken = /name="_login" value="([^"]+)"/.exec(html)?.[1];
    expect(loginToken).toBeTruthy();
    return this.fetch('/admin/login', { form: { _login: loginToken!, actor, token, next: '/admin/reviews' }, env });
  }

  /** The CSRF token from a console page. */
  async csrf(path = '/admin/reviews'): Promise<string> {
    const response = await this.fetch(path);
    expect(response.status).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
    expect(token).toBeTruthy();
    return token!;
  }
}

async function withLength(request: Request): Promise<Request> {
  const bytes = await request.arrayBuffer();
  const headers = new Headers(request.headers);
  headers.set('content-length', String(bytes.byteLength));
  return new Request(request.url, { method: request.method, headers, body: bytes, redirect: 'manual' });
}

/** A signed-in admin and a signed-in reviewer. */
export async function signedIn(role: 'admin' | 'reviewer', actor = role === 'admin' ? 'ana@example.com' : 'rui@example.com'): Promise<ConsoleClient> {
  const client = new ConsoleClient();
  const response = await client.signIn(role === 'admin' ? ADMIN_TOKEN : REVIEWER_TOKEN, actor);
  expect(response.status).toBe(303);
  return client;
}
