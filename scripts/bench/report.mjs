// Report benchmark (design.md performance targets): "PDF + XLSX report for 1,000 sites and 5,000
// certificates: < 3 s each, peak RSS < 300 MB". Starts the built app on a fresh embedded PostgreSQL and
// seeds an organization with a RE100 commitment, 1,000 sites in KR, DE, NL and US (in their time zones)
// with one daily import meter each, 20 facilities, 5,000 retired certificates and 5,000 claims of 2025:
// sites, meters and facilities through the API, the certificates through the CSV import, the claims through
// POST /allocations (so each has its audit entry; by default market-wide, naming no site). A year of daily
// readings (365,000) is written by SQL with its daily rollups, as bench:progress does (the derived rollups
// follow by trigger). Then, each the median of RUNS (5) after one warm-up:
// - model build: GET /reports/{id}/verify, which rebuilds the year's model from the database (the figures'
//   read plus the pure builder) and compares it with the stored one (reading and parsing that, a diff);
// - PDF and XLSX render: the built renderers on the downloaded model.json, in a child process per format
//   (scripts/bench/report-render.mjs) whose peak RSS is therefore the render's, not the seeding's;
// - report job: POST /reports → ready (build, both renders and storing the files, in the app), median of 3;
// - the app's peak RSS during the jobs and during the verifies (VmHWM, reset before each by
//   /proc/<pid>/clear_refs), and the longest a poll waited while a job held the app's event loop.
// Goals are reported as met or missed, not asserted; a failed step exits non-zero. Loopback only.
// Run after `npm run build`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { peakRssMb, startApp } from './harness.mjs';

const SITES = Number(process.env.BENCH_SITES ?? 1000);
const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOB_RUNS = 3; // report jobs timed after the first: each is a whole build + both renders
// Claims name no site by default, so Scope 2 places them, together, on the sites of their market (as for
// POST /allocations without siteIds); BENCH_CLAIM_SITES=1 names one site of the certificate's country.
const CLAIM_SITES = process.env.BENCH_CLAIM_SITES === '1';
const YEAR = 2025;
const SERIALS = 500; // certificates (MWh) per range
const FACILITIES = 5; // per country
const LEGAL_NAME = 'Bench Report Co., Ltd.';
const COUNTRIES = [
  { country: 'KR', market: 'KR', registry: 'KPX', instrumentType: 'K_REC', zones: [['Asia/Seoul']] },
  { country: 'DE', market: 'EU', registry: 'UBA', instrumentType: 'GO', zones: [['Europe/Berlin']] },
  { country: 'NL', market: 'EU', registry: 'CertiQ', instrumentType: 'GO', zones: [['Europe/Amsterdam']] },
  {
    country: 'US', market: 'US-CA', registry: 'M-RETS', instrumentType: 'US_REC',
    zones: [['America/New_York', 'US-RFCE'], ['America/Chicago'], ['America/Denver'], ['America/Los_Angeles', 'US-CAMX']],
  },
];

const started = Date.now();
const seconds = (since) => +((Date.now() - since) / 1000).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const step = (what) => process.stderr.write(`[${seconds(started)} s] ${what}\n`);

/** Runs fn over items, `width` at a time, keeping their order. */
async function inParallel(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

/** Calls fn 1 + runs times: milliseconds of the warm-up and of each timed call, and the last answer. */
async function timed(fn, runs = RUNS) {
  const ms = [];
  let last;
  for (let i = 0; i <= runs; i++) {
    const t = process.hrtime.bigint();
    last = await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { warmUp: ms[0], ms: ms.slice(1), last };
}
const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

const app = await startApp();
const work = mkdtempSync(path.join(tmpdir(), 're100-bench-report-'));
try {
  const { api, databaseUrl } = app;
  const admin = await api.login();
  const org = await api.post('/api/v1/organizations', admin, {
    name: 'Bench Report', legalEntityName: LEGAL_NAME, country: 'KR', timeZone: 'Asia/Seoul',
    re100: { targetYear: 2040, baselineYear: YEAR },
  });
  const as = { token: admin, organizationId: org.id };

  // Sites (round-robin over the countries and their zones) and one daily import meter each, by the API.
  let seedStarted = Date.now();
  const siteSpecs = Array.from({ length: SITES }, (_, i) => {
    const c = COUNTRIES[i % COUNTRIES.length];
    const [timeZone, gridRegion] = c.zones[Math.floor(i / COUNTRIES.length) % c.zones.length];
    return { name: `${c.country} plant ${String(i).padStart(4, '0')}`, country: c.country, timeZone, ...(gridRegion ? { gridRegion } : {}) };
  });
  const sites = await inParallel(siteSpecs, 16, (s) => api.post('/api/v1/sites', as, s));
  await inParallel(sites, 16, (site, i) =>
    api.post('/api/v1/meters', as, {
      siteId: site.id, externalId: `M-${String(i).padStart(4, '0')}`, kind: 'interval', intervalMinutes: 1440,
      direction: 'import', unit: 'Wh',
    }),
  );
  const apiSeconds = seconds(seedStarted);
  step(`${SITES} sites and meters by the API`);

  // A year of daily readings at each site's local midnight (10-14 MWh a day), and their daily rollups.
  seedStarted = Date.now();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  for (let m = -1; m <= 12; m++) {
    await db.query('SELECT create_readings_partition($1::date)', [new Date(Date.UTC(YEAR, m, 1)).toISOString().slice(0, 10)]);
  }
  await db.query(
    `INSERT INTO readings (organization_id, meter_id, interval_start, duration_s, value_wh, quality, revision, source)
     SELECT m.organization_id, m.id, d AT TIME ZONE s.time_zone, 86400,
            10000000 + ((extract(doy FROM d)::bigint * 7919 + m.idx * 104729) % 4000000), 0, 0, 'api'
     FROM (SELECT *, row_number() OVER (ORDER BY id) AS idx FROM meters WHERE organization_id = $1) m
     JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
     CROSS JOIN generate_series($2::timestamp, $3::timestamp, interval '1 day') d`,
    [org.id, `${YEAR}-01-01`, `${YEAR}-12-31`],
  );
  await db.query(
    `INSERT INTO meter_daily_rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh, estimated_readings)
     SELECT r.organization_id, r.meter_id, (r.interval_start AT TIME ZONE s.time_zone)::date, sum(r.value_wh), count(*), 0, 0
     FROM readings r
     JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
     JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
     WHERE r.organization_id = $1
     GROUP BY 1, 2, 3`,
    [org.id],
  );
  await db.query('ANALYZE');
  const [{ readings }] = (await db.query('SELECT count(*)::int AS readings FROM readings WHERE organization_id = $1', [org.id])).rows;
  await db.end();
  const sqlSeconds = seconds(seedStarted);
  step(`${readings} readings and their rollups by SQL`);

  // Facilities by the API, certificates by the CSV import (at most 2,000 rows a file), claims by the API.
  seedStarted = Date.now();
  const facilities = {};
  for (const c of COUNTRIES) {
    facilities[c.country] = await inParallel(Array.from({ length: FACILITIES }), FACILITIES, (_, k) =>
      api.post('/api/v1/facilities', as, {
        name: `${c.country} ${k % 2 ? 'solar' : 'wind'} ${k + 1}`, country: c.country, technology: k % 2 ? 'SOLAR' : 'WIND',
        commissioningDate: `${2016 + k}-01-01`,
      }),
    );
  }
  const certs = Array.from({ length: CERTIFICATES }, (_, i) => {
    const c = COUNTRIES[i % COUNTRIES.length];
    const k = Math.floor(i / COUNTRIES.length);
    const site = sites[(k % Math.floor(SITES / COUNTRIES.length)) * COUNTRIES.length + (i % COUNTRIES.length)];
    return { ...c, siteId: site.id, facilityId: facilities[c.country][k % FACILITIES].id, from: k * SERIALS + 1, to: (k + 1) * SERIALS };
  });
  const header = 'registry,instrumentType,serialStart,serialEnd,volume,recCount,facilityId,vintageStart,vintageEnd,status,cancellationDate,beneficiary';
  const claims = [];
  for (let i = 0; i < certs.length; i += 2000) {
    const batch = certs.slice(i, i + 2000);
    const rows = batch.map((c) =>
      [c.registry, c.instrumentType, `${c.country}-${YEAR}-${c.from}`, `${c.country}-${YEAR}-${c.to}`,
        c.instrumentType === 'K_REC' ? SERIALS : '', c.instrumentType === 'K_REC' ? SERIALS : '', c.facilityId,
        `${YEAR}-01-01`, `${YEAR}-12-31`, 'RETIRED', `${YEAR + 1}-02-01`, `"${LEGAL_NAME}"`].join(','),
    );
    const res = await fetch(`${api.url}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'x-organization-id': org.id, 'content-type': 'text/csv' },
      body: [header, ...rows].join('\n'),
    });
    const body = await res.json();
    if (!res.ok || !body.committed) throw new Error(`certificate import: ${res.status} ${JSON.stringify(body).slice(0, 2000)}`);
    body.rows.forEach((r, j) =>
      claims.push({
        certificateId: r.certificateId, reportingYear: YEAR, consumptionMarket: batch[j].market,
        ...(CLAIM_SITES ? { siteIds: [batch[j].siteId] } : {}),
      }),
    );
  }
  step(`${claims.length} certificates imported`);
  await inParallel(claims, 8, (claim) => api.post('/api/v1/allocations', as, claim));
  const procurementSeconds = seconds(seedStarted);
  step(`${claims.length} claims by the API`);

  // The app's peak RSS from here on: VmHWM reset to its current RSS (Linux ≥ 4.0), or else its lifetime peak.
  function resetAppPeak() {
    const rss = rssMb(app.pid);
    try {
      writeFileSync(`/proc/${app.pid}/clear_refs`, '5');
      return `VmHWM reset at ${rss} MB RSS before`;
    } catch {
      return 'lifetime peak, VmHWM could not be reset';
    }
  }
  const jobsPeakNote = resetAppPeak();

  // Report jobs through the API: POST → ready. A job runs in the app's event loop, so a poll may wait for
  // it (the longest wait is printed) or meet a keep-alive socket the app closed meanwhile: it asks again.
  let longestPollMs = 0;
  async function reportJob() {
    const report = await api.post('/api/v1/reports', as, { year: YEAR, language: 'en' });
    for (let failures = 0; ; ) {
      const t = Date.now();
      const now = await api.get(`/api/v1/reports/${report.id}`, as).catch((error) => {
        if (!(error instanceof TypeError) || ++failures > 5) throw error; // fetch failed: not an HTTP error
        return null;
      });
      longestPollMs = Math.max(longestPollMs, Date.now() - t);
      if (now?.status === 'ready') return now;
      if (now?.status === 'failed') throw new Error(`report ${report.id} failed: ${JSON.stringify(now.failure)}`);
      if (now) failures = 0;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const jobs = await timed(reportJob, JOB_RUNS);
  const report = jobs.last;
  const jobsPeak = peakRssMb(app.pid);
  step('report jobs');
  const buildsPeakNote = resetAppPeak();
  const builds = await timed(() => api.get(`/api/v1/reports/${report.id}/verify`, as));
  if (!builds.last.matches) throw new Error(`the rebuilt model differs: ${JSON.stringify(builds.last.differences.slice(0, 5))}`);
  const buildsPeak = peakRssMb(app.pid);
  step('model builds (verify)');

  // Renders of the stored model, in a child process per format.
  const model = await api.get(`/api/v1/reports/${report.id}/model.json`, as);
  const modelFile = path.join(work, 'model.json');
  writeFileSync(modelFile, JSON.stringify(model));
  const renderer = path.join(path.dirname(new URL(import.meta.url).pathname), 'report-render.mjs');
  const render = async (kind) =>
    JSON.parse((await promisify(execFile)(process.execPath, [renderer, kind, modelFile, String(RUNS)], { maxBuffer: 1 << 20 })).stdout);
  const pdf = await render('pdf');
  const xlsx = await render('xlsx');
  step('renders');

  const content = model.content;
  const meters = content.dataQuality.sites.reduce((n, s) => n + s.meters.length, 0);
  const row = (name, value, unit, goal, includes) => {
    const verdict = goal === null ? '' : value < goal ? `goal < ${goal} ${unit}: met` : `goal < ${goal} ${unit}: MISSED`;
    console.log(`${name.padEnd(26)}${`${Math.round(value)} ${unit}`.padStart(10)}   ${verdict.padEnd(24)} ${includes}`);
  };
  const runs = ({ warmUp, ms }) => `median of ${ms.map((x) => Math.round(x)).join(', ')} (warm-up ${Math.round(warmUp)})`;
  console.log(`\nReport of ${YEAR}: ${SITES} sites, ${meters} meters, ${readings} daily readings, ${content.claims.length} claims` +
    ` (${CERTIFICATES} certificates, ${CLAIM_SITES ? 'each naming one site' : 'market-wide'}); RE ${content.summary.rePercent} %, ${content.summary.consumptionMwh} MWh`);
  console.log(`seed: ${apiSeconds} s sites + meters (API), ${sqlSeconds} s readings + rollups (SQL), ${procurementSeconds} s facilities, certificates (CSV import) and claims (API)\n`);
  row('model build', median(builds.ms), 'ms', 3000, `GET /verify: figures read + model built + stored model compared; ${runs(builds)}`);
  row('PDF render', median(pdf.ms), 'ms', 3000, `from model.json (${statSync(modelFile).size} bytes); ${pdf.pages} pages, ${pdf.bytes} bytes; ${runs(pdf)}`);
  row('XLSX render', median(xlsx.ms), 'ms', 3000, `from model.json; ${xlsx.bytes} bytes; ${runs(xlsx)}`);
  row('peak RSS, PDF render', pdf.peakRssMb, 'MB', 300, 'child process: Node + templates + model + PDF renders');
  row('peak RSS, XLSX render', xlsx.peakRssMb, 'MB', 300, 'child process: Node + templates + model + XLSX renders');
  row('peak RSS, app jobs', jobsPeak, 'MB', 300, `app server during the ${JOB_RUNS + 1} report jobs (${jobsPeakNote})`);
  row('peak RSS, app verify', buildsPeak, 'MB', 300, `app server during the ${RUNS + 1} verifies (${buildsPeakNote})`);
  row('report job', median(jobs.ms), 'ms', null, `POST /reports → ready (build + PDF + XLSX + store), polled every 50 ms; ${runs(jobs)}`);
  row('longest poll', longestPollMs, 'ms', null, 'GET /reports/{id} during the jobs: how long the app left a request waiting');
} catch (error) {
  const gone = !existsSync(`/proc/${app.pid}`);
  process.stderr.write(`the app ${gone ? 'has exited' : 'runs'}; its output (tail):\n${app.output().slice(-3000)}\n`);
  throw error;
} finally {
  rmSync(work, { recursive: true, force: true });
  await app.stop();
}
console.log(`\nwall time: ${seconds(started)} s (with the app's stop)`);
