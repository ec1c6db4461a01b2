/**
 * robots.txt, read once per site and run with robots-parser, as RFC 9309 says: a 4xx (none) allows everything; a 5xx
 * or no answer means the site cannot say, so nothing is fetched from it. Crawl-delay is honoured (up to a minute).
 */
import robotsParser from 'robots-parser';
import { ROBOTS_AGENT, type Http } from './http';

type Robot = ReturnType<typeof robotsParser>;

export interface SiteRules {
  allowed(url: string): boolean;
  /** Milliseconds asked between two requests (Crawl-delay), if any. */
  delayMs?: number;
  /** Why nothing may be fetched from the site (robots.txt could not be read). */
  unreachable?: string;
}

/** The most of robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB). */
const MAX_ROBOTS_BYTES = 512 * 1024;
const MAX_DELAY_MS = 60_000;

export class Robots {
  private readonly sites = new Map<string, Promise<SiteRules>>();

  constructor(private readonly http: Http) {}

  /** The rules of the URL's site (fetched on first use). */
  rules(url: string): Promise<SiteRules> {
    const origin = new URL(url).origin;
    let rules = this.sites.get(origin);
    if (!rules) {
      rules = this.read(origin);
      this.sites.set(origin, rules);
    }
    return rules;
  }

  private async read(origin: string): Promise<SiteRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const res = await this.http.get(robotsUrl);
    if (res.status !== null && res.status >= 400 && res.status < 500) return { allowed: () => true };
    if (res.status !== 200 || !res.body) {
      const why = res.error ?? `HTTP ${res.status}`;
      return { allowed: () => false, unreachable: `robots.txt could not be read (${why}): the site is not crawled` };
    }
    const robot: Robot = robotsParser(robotsUrl, res.body.subarray(0, MAX_ROBOTS_BYTES).toString('utf8'));
    const delay = robot.getCrawlDelay(ROBOTS_AGENT);
    return {
      allowed: (url) => robot.isAllowed(url, ROBOTS_AGENT) !== false,
      delayMs: delay === undefined ? undefined : Math.min(delay * 1000, MAX_DELAY_MS),
    };
  }
}
