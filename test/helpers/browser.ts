/**
 * Debian's Chromium driven by puppeteer-core, for the dashboard's browser tests and its benchmark. No vitest here: the
 * benchmark script uses it too. Without a browser the tests are skipped, unless GONGKAI_REQUIRE_BROWSER=1 (set by CI),
 * which makes a missing browser a failure.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';

/** GONGKAI_CHROMIUM, when set, is the only one tried. */
const CANDIDATES = process.env.GONGKAI_CHROMIUM
  ? [process.env.GONGKAI_CHROMIUM]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath = (): string | undefined => CANDIDATES.find((p) => p && existsSync(p));

/** Why the browser tests cannot run, or undefined; under GONGKAI_REQUIRE_BROWSER=1 a missing browser throws. */
export function browserSkipReason(): string | undefined {
  if (chromiumPath()) return undefined;
  const why = `no Chromium at ${CANDIDATES.join(' or ')} (apt-get install -y chromium, or set GONGKAI_CHROMIUM)`;
  if (process.env.GONGKAI_REQUIRE_BROWSER === '1') throw new Error(`GONGKAI_REQUIRE_BROWSER=1 but ${why}`);
  console.warn(`${why}: the browser tests are skipped. Set GONGKAI_REQUIRE_BROWSER=1 to fail instead.`);
  return why;
}

/** Flags that keep a headless Chromium quiet in a container: no sandbox, no GPU, nothing phoning home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  browser: Browser;
  page: Page;
  /** Requests to anywhere but `origin` (aborted), and console errors or uncaught exceptions, since the last clear. */
  outside: string[];
  errors: string[];
  /** Paths requested from the server since the last clear. */
  asked: string[];
  clear(): void;
  close(): Promise<void>;
}

/** A fresh browser profile and one page that may talk to `origin` only. */
export async function openBrowser(origin: string): Promise<Session> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'gongkai-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [...FLAGS, `--user-data-dir=${profile}`],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(30_000);
  const s: Session = {
    browser,
    page,
    outside: [],
    errors: [],
    asked: [],
    clear() {
      s.outside.length = 0;
      s.errors.length = 0;
      s.asked.length = 0;
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
  await page.setRequestInterception(true);
  page.on('request', (r: HTTPRequest) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:') return void r.continue();
    if (url.origin !== origin) {
      s.outside.push(r.url());
      return void r.abort();
    }
    s.asked.push(url.pathname);
    return void r.continue();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') s.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => s.errors.push(`page: ${(e as Error).message}`));
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).origin === origin) s.errors.push(`failed: ${r.url()}`);
  });
  return s;
}

/** Opens a view of the dashboard (a full page load) and waits until it says it is drawn. */
export async function openView(s: Session, url: string): Promise<void> {
  await s.page.goto(url);
  await drawn(s);
}

/** Waits for the view being shown to be drawn; fails if it says it could not be. */
export async function drawn(s: Session): Promise<void> {
  await s.page.waitForFunction(() => (globalThis as any).document.documentElement.dataset.state !== 'loading');
  const state = await s.page.evaluate(() => (globalThis as any).document.documentElement.dataset.state);
  if (state !== 'ready') throw new Error(`the dashboard says ${state}: ${s.errors.join('; ')}`);
}

/** Milliseconds from the start of the last page load to the dashboard's first "ready" (its performance mark). */
export const firstRender = (s: Session): Promise<number> =>
  s.page.evaluate(() => (globalThis as any).performance.getEntriesByName('gongkai-ready')[0].startTime);
