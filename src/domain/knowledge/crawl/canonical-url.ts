/** Query parameters that only say where a visitor came from; the page is the same without them. */
const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref)$/i;

/**
 * The one spelling of a page's URL that ids and citations use: http(s)
 * only, no fragment, no tracking parameters, host in lower case and the
 * default port dropped (the URL parser does both). Null for anything else.
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (TRACKING.test(name)) url.searchParams.delete(name);
  if (url.search === '?') url.search = '';
  return url.toString();
}

/** Same scheme, host and port: the only pages a crawl of a site may visit. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
