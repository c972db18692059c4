import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { MEMBER_PASSWORD, startTestApp, TestApp } from './test-app';

/** Debian's Chromium (`.ci/run` installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the screenshots of a run are kept (a test artifact, not committed). */
export const SCREENSHOTS = path.join(__dirname, '..', '.artifacts', 'screens');

export const WIDTHS = { laptop: 1366, tablet: 768 } as const;

/** The test app listening on a loopback port, for a real browser. */
export async function startBrowserApp(): Promise<TestApp & { base: string }> {
  const t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { ...t, base: `http://127.0.0.1:${port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser page that records what the console says: a violation of the Content-Security-Policy (an inline
 * script or style, a resource from elsewhere) and an uncaught error are failures of the page.
 */
export async function openPage(
  browser: Browser,
  width: number = WIDTHS.laptop,
  /** For axe-core only: it sets style attributes of its own, which the pages' CSP would refuse. */
  bypassCSP = false,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', bypassCSP });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !/status of (401|403|404|409|422)/.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { context, page, problems };
}

export async function signIn(
  page: Page,
  base: string,
  email: string,
  password = MEMBER_PASSWORD,
): Promise<void> {
  await page.goto(`${base}/app/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Waits until the page's charts report they are drawn (templates/web/app.js), when it has any. */
export async function chartsDrawn(page: Page): Promise<void> {
  if ((await page.locator('.chart[data-option]').count()) === 0) return;
  await page.waitForSelector('html[data-charts-drawn="true"]', { timeout: 15_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's WCAG 2.1 A/AA checks on the page as it is, evaluated through the browser's debugging protocol;
 * run it in a page opened with `bypassCSP` (axe sets style attributes the pages' CSP refuses).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target })),
  }));
}

/** The serious and critical ones, which fail a test. */
export const seriousOf = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
