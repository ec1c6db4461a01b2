/**
 * HTTP for the crawler (undici): a clear User-Agent, timeouts, retries with exponential backoff on timeouts, dropped
 * connections and 5xx (and 429, honouring Retry-After: the server asks to be asked later) but never on other 4xx, a
 * size limit per file, conditional requests (If-None-Match / If-Modified-Since), redirects followed.
 */
import { Agent, RetryAgent, fetch, type Dispatcher } from 'undici';

// From src/crawl and from dist/crawl alike, the project's package.json is two folders up (outside the build's rootDir).
const { version } = require('../../package.json') as { version: string };

/** Who is asking, and where to read about it: site operators see this in their logs. */
/** Names the project and what it does; the project has no public address of its own to link yet. */
export const USER_AGENT = `gongkai/${version} (government information-disclosure annual report collector)`;
/** The name robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'gongkai';

export interface HttpOptions {
  /** Per attempt: to connect, for the headers, and between two chunks of the body. */
  timeoutMs: number;
  /** Per file, all attempts and waits included. */
  maxTimeMs: number;
  /** Bodies larger than this are not downloaded. */
  maxBytes: number;
  /** Attempts after the first, on timeouts, dropped connections and 5xx/429. */
  retries: number;
  /** The first wait before a retry; each next one doubles it. */
  retryDelayMs: number;
}

export const HTTP_DEFAULTS: HttpOptions = {
  timeoutMs: 30_000,
  maxTimeMs: 300_000,
  maxBytes: 100 * 1024 * 1024,
  retries: 3,
  retryDelayMs: 1000,
};

/** What the last download of a URL said, for a conditional request. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface HttpResult {
  url: string;
  /** After redirects. */
  finalUrl: string | null;
  /** null: no response (a timeout, a refused connection, a body too large). */
  status: number | null;
  headers: Record<string, string>;
  /** The body of a 200. */
  body?: Buffer;
  error?: string;
}

const RETRIED_ERRORS = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
];

const ERROR_TEXT: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'no connection within the timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no response within the timeout',
  UND_ERR_BODY_TIMEOUT: 'the body stalled past the timeout',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
};

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The charset of a Content-Type header, if it names one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1].toLowerCase();
}

export class Http {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly opts: HttpOptions = HTTP_DEFAULTS) {
    this.agent = new Agent({
      connect: { timeout: opts.timeoutMs },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    // throwOnError false: after the last retry a 5xx comes back as the response it is, to be recorded.
    this.dispatcher = new RetryAgent(this.agent, {
      maxRetries: opts.retries,
      minTimeout: opts.retryDelayMs,
      maxTimeout: 60_000,
      timeoutFactor: 2,
      statusCodes: [429, 500, 502, 503, 504],
      errorCodes: RETRIED_ERRORS,
      throwOnError: false,
    });
  }

  async get(url: string, validators: Validators = {}): Promise<HttpResult> {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'text/html,application/xhtml+xml,application/pdf,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9',
    };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), this.opts.maxTimeMs);
    try {
      const res = await fetch(url, { dispatcher: this.dispatcher, headers, signal: controller.signal });
      const got: HttpResult = {
        url,
        finalUrl: res.url || url,
        status: res.status,
        headers: Object.fromEntries(res.headers),
      };
      if (res.status !== 200) {
        await res.body?.cancel();
        return got;
      }
      const length = Number(res.headers.get('content-length') ?? 0);
      if (length > this.opts.maxBytes) {
        await res.body?.cancel();
        return { ...got, error: `too large: ${megabytes(length)} (the limit is ${megabytes(this.opts.maxBytes)})` };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body ?? []) {
        size += chunk.length;
        if (size > this.opts.maxBytes) {
          controller.abort();
          return { ...got, error: `too large: over ${megabytes(this.opts.maxBytes)}; not downloaded` };
        }
        chunks.push(Buffer.from(chunk));
      }
      return { ...got, body: Buffer.concat(chunks) };
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const reason = controller.signal.aborted
        ? `no complete answer within ${this.opts.maxTimeMs / 1000} s`
        : ((cause?.code && ERROR_TEXT[cause.code]) ?? cause?.message ?? (e as Error).message);
      const tries = this.opts.retries > 0 ? ` (${this.opts.retries + 1} attempts)` : '';
      return { url, finalUrl: null, status: null, headers: {}, error: `${reason}${tries}` };
    } finally {
      clearTimeout(deadline);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
