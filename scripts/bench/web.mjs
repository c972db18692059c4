// Web benchmark (issue: "dashboard time to first byte and to charts drawn for the 1,000-site organization of
// bench:report"). Starts the built app on a fresh embedded PostgreSQL, seeds the organization of
// report-organization.mjs, invites an executive and signs in through the sign-in page. Then, each the
// median of RUNS (10) after one warm-up, for the dashboard of 2025 (/app?year=2025):
// - time to first byte and to the whole page, over a keep-alive connection from this process;
// - in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH): the navigation's responseStart and
//   the moment the page's script marks every chart drawn (performance mark `re100:charts-drawn`), both from
//   the navigation's start, with a warm browser cache (scripts, styles and fonts cached as a returning
//   visitor has them) and once with an empty cache.
// Loopback only. Run after `npm run build`.
import { chromium } from 'playwright-core';
import { startApp } from './harness.mjs';
import { SITES, YEAR, seedReportOrganization } from './report-organization.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'bench-executive-0001';

const started = Date.now();
const seconds = (since) => +((Date.now() - since) / 1000).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const step = (what) => process.stderr.write(`[${seconds(started)} s] ${what}\n`);
const ms = (since) => Number(process.hrtime.bigint() - since) / 1e6;

const app = await startApp();
let browser;
try {
  const { api } = app;
  const { as } = await seedReportOrganization(app, step);

  // An executive of the organization, signed in through the pages as a browser would.
  const email = 'executive@bench.local';
  const invitation = await api.post('/api/v1/invitations', as, { email, role: 'executive' });
  await api.post('/api/v1/invitations/accept', null, { token: invitation.token, password: PASSWORD });
  const form = await fetch(`${api.url}/app/sign-in`);
  const signInCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const signed = await fetch(`${api.url}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signInCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD, next: '/app' }),
  });
  if (signed.status !== 303) throw new Error(`sign-in: ${signed.status}`);
  const session = signed.headers.getSetCookie()[0].split(';')[0];
  const page = `${api.url}/app?year=${YEAR}`;
  step('signed in');

  // Time to first byte and to the whole page, from this process.
  const ttfb = [];
  const whole = [];
  let bytes = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(page, { headers: { cookie: session } });
    const first = ms(t);
    const text = await res.text();
    if (res.status !== 200 || !text.includes('id="re-percent"')) throw new Error(`dashboard: ${res.status}`);
    if (i > 0) {
      ttfb.push(first);
      whole.push(ms(t));
    }
    bytes = Buffer.byteLength(text);
  }
  step('time to first byte');

  // What the dashboard is made of, as the API answers it separately (each its own read of the figures).
  const apiMs = {};
  for (const [name, route] of [
    ['progress', `/api/v1/re100/progress?year=${YEAR}`],
    ['series', '/api/v1/re100/progress/series'],
    ['scope2', `/api/v1/emissions/scope2?year=${YEAR}`],
    ['data quality', `/api/v1/data-quality?year=${YEAR}&limit=1`],
  ]) {
    const ms = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = process.hrtime.bigint();
      await api.get(route, as);
      if (i > 0) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    apiMs[name] = median(ms);
  }
  step('the API parts');

  // Chromium: navigation start → first byte, → every chart drawn.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const [name, value] = session.split('=');
  async function drawn(context) {
    const tab = await context.newPage();
    await tab.goto(page, { waitUntil: 'commit' });
    await tab.waitForSelector('html[data-charts-drawn="true"]', { timeout: 60_000 });
    const timing = await tab.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('re100:charts-drawn')[0];
      return { responseStart: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd, drawn: mark.startTime };
    });
    await tab.close();
    return timing;
  }
  const cookie = { name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' };
  const cold = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await cold.addCookies([cookie]);
  const coldTiming = await drawn(cold);
  await cold.close();
  const warm = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await warm.addCookies([cookie]);
  const timings = [];
  for (let i = 0; i <= RUNS; i++) {
    const timing = await drawn(warm);
    if (i > 0) timings.push(timing);
  }
  step('charts drawn');

  const row = (label, value, unit, includes) =>
    console.log(`${label.padEnd(30)}${`${Math.round(value)} ${unit}`.padStart(9)}   ${includes}`);
  const list = (xs) => xs.map((x) => Math.round(x)).join(', ');
  console.log(`\nDashboard of ${YEAR} for ${SITES} sites (${bytes} bytes of HTML), median of ${RUNS} after a warm-up:\n`);
  row('time to first byte', median(ttfb), 'ms', `fetch from this process: ${list(ttfb)}`);
  row('whole page', median(whole), 'ms', `the HTML read to its end: ${list(whole)}`);
  row('API parts, for scale', Object.values(apiMs).reduce((a, b) => a + b, 0), 'ms', Object.entries(apiMs).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ') + ' (medians; each reads its own snapshot)');
  row('browser: first byte', median(timings.map((t) => t.responseStart)), 'ms', 'Chromium, navigation start → responseStart');
  row('browser: charts drawn', median(timings.map((t) => t.drawn)), 'ms', `navigation start → every chart drawn (warm cache): ${list(timings.map((t) => t.drawn))}`);
  row('browser: charts drawn, cold', coldTiming.drawn, 'ms', 'the same with an empty cache (htmx, ECharts, fonts fetched)');
} catch (error) {
  process.stderr.write(`the app's output (tail):\n${app.output().slice(-3000)}\n`);
  throw error;
} finally {
  await browser?.close();
  await app.stop();
}
console.log(`\nwall time: ${seconds(started)} s (with the app's stop)`);
