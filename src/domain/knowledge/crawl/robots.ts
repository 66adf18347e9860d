/** The product token robots.txt groups are matched against. */
export const CRAWLER_TOKEN = 'countersign';

export interface RobotsRules {
  /** Whether the path (with its query) may be fetched. */
  allows(pathAndQuery: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelaySeconds: number | null;
  /** Sitemaps the site lists. */
  sitemaps: string[];
}

interface Rule {
  allow: boolean;
  pattern: RegExp;
  length: number;
}

/**
 * robots.txt as RFC 9309 reads it: the group naming our token wins over `*`;
 * among its rules the longest matching one decides, Allow winning a tie;
 * `*` matches any run of characters and a final `$` anchors the end.
 */
export function parseRobots(text: string, token = CRAWLER_TOKEN): RobotsRules {
  const groups = new Map<string, { rules: Rule[]; delay: number | null }>();
  const sitemaps: string[] = [];
  let agents: string[] = [];
  let inRules = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const pair = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.trim();
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (key === 'user-agent') {
      // Consecutive user-agent lines share one group; a rule line ends the list.
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      for (const agent of agents) if (!groups.has(agent)) groups.set(agent, { rules: [], delay: null });
      continue;
    }
    if (agents.length === 0) continue;
    inRules = true;
    for (const agent of agents) {
      const group = groups.get(agent)!;
      if ((key === 'allow' || key === 'disallow') && value) group.rules.push({ allow: key === 'allow', pattern: toPattern(value), length: value.length });
      if (key === 'crawl-delay' && Number.isFinite(Number(value))) group.delay = Number(value);
    }
  }
  const mine = [...groups].find(([agent]) => agent !== '*' && token.toLowerCase().includes(agent))?.[1] ?? groups.get('*');
  const rules = mine?.rules ?? [];
  return {
    allows(pathAndQuery) {
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!rule.pattern.test(pathAndQuery)) continue;
        if (!best || rule.length > best.length || (rule.length === best.length && rule.allow)) best = rule;
      }
      return best?.allow ?? true;
    },
    crawlDelaySeconds: mine?.delay ?? null,
    sitemaps,
  };
}

function toPattern(value: string): RegExp {
  const anchored = value.endsWith('$');
  const body = (anchored ? value.slice(0, -1) : value).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

/** No robots.txt (404) or an unreadable one (4xx) means no restrictions, as RFC 9309 says. */
export const ALLOW_ALL: RobotsRules = { allows: () => true, crawlDelaySeconds: null, sitemaps: [] };
