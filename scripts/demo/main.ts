/**
 * `npm run demo`: seeds the demo organization into a running re100-ledger through its public API.
 *
 *   ADMIN_PASSWORD=<the printed password> npm run demo
 *
 * Environment: DEMO_URL (default http://127.0.0.1:3000), ADMIN_EMAIL (default admin@localhost),
 * ADMIN_PASSWORD (required), DEMO_YEAR (default last year), DEMO_DAYS (default the whole year).
 */
import { DEMO_ORGANIZATION, DemoApi, Scope2Total, seedDemo } from './seed';

const MWH = 1_000_000;
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const base = (process.env.DEMO_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const email = process.env.ADMIN_EMAIL ?? 'admin@localhost';
  const password = process.env.ADMIN_PASSWORD;
  if (!password) throw new Error('Set ADMIN_PASSWORD (printed by the first `npm start`) and run again');
  const year = Number(process.env.DEMO_YEAR ?? new Date().getUTCFullYear() - 1);
  const days = process.env.DEMO_DAYS ? Number(process.env.DEMO_DAYS) : undefined;

  let token = '';
  const api: DemoApi = {
    async request(method, path, body, organizationId) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (organizationId) headers['x-organization-id'] = organizationId;
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
  token = (await api.request<{ accessToken: string }>('POST', '/api/v1/auth/login', { email, password }))
    .accessToken;
  const mine = await api.request<{ items: { id: string; name: string }[] }>(
    'GET',
    '/api/v1/organizations?limit=500',
  );
  const existing = mine.items.find((o) => o.name === DEMO_ORGANIZATION);
  if (existing) {
    print(`The demo organization already exists (${existing.id}); nothing to do.`);
    return;
  }

  const started = Date.now();
  const summary = await seedDemo(api, { year, days, log: (m) => print(m) });
  const mwh = (wh: string) => (Number(wh) / MWH).toLocaleString('en-US', { maximumFractionDigits: 1 });
  print(`\nSeeded in ${((Date.now() - started) / 1000).toFixed(1)} s. Reporting year ${year}:`);
  print(`  RE % ${summary.rePercent}`);
  for (const m of summary.markets) {
    print(
      `  ${m.market.padEnd(6)} ${mwh(m.consumptionWh).padStart(10)} MWh consumed, ${mwh(m.eligibleWh).padStart(10)} MWh renewable (${m.rePercent} %)`,
    );
  }
  const total = (label: string, t: Scope2Total) =>
    `  Scope 2 ${label}: ${t.tCo2e} t CO2e` +
    (t.complete
      ? ''
      : ` (incomplete: ${t.leftOutMwh} MWh of sites ${t.leftOutSiteIds.join(', ')} left out, no factor)`);
  print(total('location-based', summary.scope2.locationBased));
  print(total('market-based', summary.scope2.marketBased));
  for (const c of summary.claimsWithFindings) {
    print(`  claim ${c.claimId}: ${c.status} (${c.reasons.join(', ')})`);
  }
  for (const r of summary.reports) {
    print(
      `  report (${r.language}) ${r.id}: ${r.status}` +
        (r.failure ? ` (${r.failure.code}: ${r.failure.message})` : `, model SHA-256 ${r.modelHash}`),
    );
  }
  print(`\nSign in as ${email} and send X-Organization-Id: ${summary.organizationId}, e.g.`);
  print(`  GET ${base}/api/v1/re100/progress?year=${year}`);
  print(`  GET ${base}/api/v1/re100/explain?year=${year}`);
  print(`  GET ${base}/api/v1/emissions/scope2?year=${year}`);
  for (const r of summary.reports) print(`  GET ${base}/api/v1/reports/${r.id}/report.pdf`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
