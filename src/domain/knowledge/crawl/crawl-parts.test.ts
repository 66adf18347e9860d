import { describe, expect, it } from 'vitest';
import { canonicalUrl, sameOrigin } from './canonical-url';
import { pageLinks } from './page-links';
import { parseRobots } from './robots';
import { isSitemapUrl, parseSitemap } from './sitemap';

describe('canonicalUrl', () => {
  it('drops the fragment, tracking parameters, default port and credentials, and lower-cases the host', () => {
    expect(canonicalUrl('HTTPS://Help.Example.com:443/a/b?utm_source=x&q=1#top')).toBe('https://help.example.com/a/b?q=1');
    expect(canonicalUrl('https://user:pw@example.com/?utm_medium=y')).toBe('https://example.com/');
    expect(canonicalUrl('../c', 'https://example.com/a/b/')).toBe('https://example.com/a/c');
  });

  it('refuses what is not an http(s) URL', () => {
    for (const raw of ['mailto:a@b.c', 'javascript:alert(1)', 'ftp://x/y', 'not a url']) expect(canonicalUrl(raw)).toBeNull();
  });

  it('tells the same origin apart by scheme, host and port', () => {
    expect(sameOrigin('https://a.com/x', 'https://a.com/y')).toBe(true);
    expect(sameOrigin('http://a.com/x', 'https://a.com/x')).toBe(false);
    expect(sameOrigin('https://a.com:8443/', 'https://a.com/')).toBe(false);
    expect(sameOrigin('https://evil.com/', 'https://a.com/')).toBe(false);
  });
});

describe('parseRobots', () => {
  const robots = `# comment
User-agent: *
Disallow: /private/
Allow: /private/open.html
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: OtherBot
Disallow: /

Sitemap: https://example.com/sitemap.xml`;

  it('applies the longest matching rule, Allow winning a tie, with * and $ wildcards', () => {
    const rules = parseRobots(robots);
    expect(rules.allows('/docs/a.html')).toBe(true);
    expect(rules.allows('/private/secret.html')).toBe(false);
    expect(rules.allows('/private/open.html')).toBe(true);
    expect(rules.allows('/files/guide.pdf')).toBe(false);
    expect(rules.allows('/files/guide.pdf?x=1')).toBe(true);
    expect(rules.crawlDelaySeconds).toBe(2);
    expect(rules.sitemaps).toEqual(['https://example.com/sitemap.xml']);
  });

  it('prefers a group naming our crawler over *, and shares a group between consecutive agents', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: Countersign\nDisallow: /drafts/\n');
    expect(rules.allows('/docs/')).toBe(true);
    expect(rules.allows('/drafts/x')).toBe(false);
  });

  it('allows everything when no group applies or the file is empty', () => {
    expect(parseRobots('User-agent: OtherBot\nDisallow: /').allows('/x')).toBe(true);
    expect(parseRobots('').allows('/x')).toBe(true);
  });
});

describe('parseSitemap', () => {
  it('reads a URL set and a sitemap index, namespaced or not', () => {
    const urlset = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://example.com/a </loc><lastmod>2024-01-01</lastmod></url><url><loc>https://example.com/b?x=1&amp;y=2</loc></url></urlset>`;
    expect(parseSitemap(urlset)).toEqual({ sitemaps: [], pages: ['https://example.com/a', 'https://example.com/b?x=1&y=2'] });
    const index = '<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:sitemap><sm:loc>https://example.com/s1.xml</sm:loc></sm:sitemap></sm:sitemapindex>';
    expect(parseSitemap(index)).toEqual({ sitemaps: ['https://example.com/s1.xml'], pages: [] });
  });

  it('recognises sitemap URLs', () => {
    expect(isSitemapUrl('https://example.com/sitemap.xml')).toBe(true);
    expect(isSitemapUrl('https://example.com/sitemap-docs.xml')).toBe(true);
    expect(isSitemapUrl('https://example.com/docs/')).toBe(false);
  });
});

describe('pageLinks', () => {
  it('resolves links against <base>, skips nofollow and non-http links, and reads canonical and robots meta', () => {
    const html = `<html><head><base href="https://example.com/docs/"><link rel="canonical" href="/docs/page">
      <meta name="robots" content="NOINDEX"></head><body><a href="a.html#x">A</a><a href="mailto:x@y.z">mail</a>
      <a rel="nofollow" href="b.html">B</a><a href="https://other.com/">other</a></body></html>`;
    expect(pageLinks(html, 'https://example.com/docs/page?utm_source=z')).toEqual({
      canonical: 'https://example.com/docs/page',
      links: ['https://example.com/docs/a.html', 'https://other.com/'],
      noindex: true,
      nofollow: false,
    });
  });
});
