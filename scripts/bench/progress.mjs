// Progress benchmark (design.md performance targets, issue 4 §6): 1,000 meters × one year of 15-minute
// data (35,040,000 readings), RE100 progress p50 < 100 ms. Starts the built app on a fresh embedded
// PostgreSQL, creates the organization, sites, meters, facilities, certificates and claims through the
// API; the readings are written in bulk by SQL (through the API they would take minutes of ingestion,
// which bench:ingest measures) together with their daily rollups, computed from the stored readings the
// way the write path keeps them. Then times GET /re100/progress and the other reads served from rollups.
// Loopback only. Run after `npm run build`.
import pg from 'pg';
import { startApp } from './harness.mjs';

const METERS = Number(process.env.BENCH_METERS ?? 1000);
const YEAR = 2025;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const SITES = [
  { name: 'Gumi', country: 'KR', timeZone: 'Asia/Seoul', market: 'KR', registry: 'KPX', instrumentType: 'K_REC' },
  { name: 'Dresden', country: 'DE', timeZone: 'Europe/Berlin', market: 'EU', registry: 'UBA', instrumentType: 'GO' },
  { name: 'Eindhoven', country: 'NL', timeZone: 'Europe/Amsterdam', market: 'EU', registry: 'CertiQ', instrumentType: 'GO' },
  { name: 'Austin', country: 'US', timeZone: 'America/Chicago', market: 'US-CA', registry: 'ERCOT', instrumentType: 'US_REC' },
];

const app = await startApp();
try {
  const { api, databaseUrl } = app;
  const admin = await api.login();
  const org = await api.post('/api/v1/organizations', admin, {
    name: 'Bench Progress', legalEntityName: 'Bench Progress Co., Ltd.', country: 'KR', timeZone: 'Asia/Seoul',
    re100: { targetYear: 2040, baselineYear: YEAR },
  });
  const as = { token: admin, organizationId: org.id };

  // Sites and meters through the API.
  const sites = [];
  for (const s of SITES) {
    const site = await api.post('/api/v1/sites', as, { name: s.name, country: s.country, timeZone: s.timeZone });
    sites.push({ ...s, id: site.id, meters: [] });
  }
  const perSite = Math.ceil(METERS / sites.length);
  for (const [k, site] of sites.entries()) {
    for (let i = 0; i < perSite && k * perSite + i < METERS; i += 25) {
      const created = await Promise.all(
        Array.from({ length: Math.min(25, perSite - i, METERS - k * perSite - i) }, (_, j) =>
          api.post('/api/v1/meters', as, {
            siteId: site.id, externalId: `${site.country}-${String(i + j).padStart(4, '0')}`, kind: 'interval',
            intervalMinutes: 15, direction: 'import', unit: 'Wh',
          }),
        ),
      );
      site.meters.push(...created.map((m) => m.id));
    }
  }
  // One reading per UTC month of the sites' local year through the API: the app creates its partitions.
  const first = sites[0].meters[0];
  const months = [];
  for (let m = -1; m <= 12; m++) months.push(new Date(Date.UTC(YEAR, m, 1)).toISOString());
  await api.post(`/api/v1/meters/${first}/readings`, as, {
    readings: months.map((start) => ({ start, value: 25000 })),
  });

  // A year of quarter-hours for every meter, in the site's local year, and the rollups of what was stored.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const seedStarted = Date.now();
  for (const site of sites) {
    for (let month = 0; month < 12; month++) {
      await db.query(
        `INSERT INTO readings (organization_id, meter_id, interval_start, duration_s, value_wh, quality, revision, source)
         SELECT m.organization_id, m.id, t, 900, 20000 + ((extract(epoch FROM t)::bigint / 900 + m.idx * 7919) % 10000), 0, 0, 'api'
         FROM (SELECT organization_id, id, row_number() OVER (ORDER BY id) AS idx FROM meters WHERE organization_id = $1 AND site_id = $2) m
         CROSS JOIN generate_series(($3::timestamp AT TIME ZONE $5), ($4::timestamp AT TIME ZONE $5) - interval '15 minutes', interval '15 minutes') t
         ON CONFLICT DO NOTHING`,
        [org.id, site.id, `${YEAR}-${String(month + 1).padStart(2, '0')}-01`, month === 11 ? `${YEAR + 1}-01-01` : `${YEAR}-${String(month + 2).padStart(2, '0')}-01`, site.timeZone],
      );
    }
    await db.query(
      `INSERT INTO meter_daily_rollups (organization_id, meter_id, local_date, wh, readings, estimated_wh, estimated_readings)
       SELECT r.organization_id, r.meter_id, (r.interval_start AT TIME ZONE $3)::date, sum(r.value_wh), count(*), 0, 0
       FROM readings r JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
       WHERE r.organization_id = $1 AND m.site_id = $2
       GROUP BY 1, 2, 3
       ON CONFLICT (organization_id, meter_id, local_date) DO UPDATE SET wh = EXCLUDED.wh, readings = EXCLUDED.readings`,
      [org.id, site.id, site.timeZone],
    );
    process.stderr.write(`seeded ${site.name}\n`);
  }
  await db.query('ANALYZE');
  const [{ readings }] = (await db.query('SELECT count(*)::bigint AS readings FROM readings WHERE organization_id = $1', [org.id])).rows;
  const [{ rollups, rolled }] = (await db.query(
    'SELECT count(*)::int AS rollups, sum(readings)::bigint AS rolled FROM meter_daily_rollups WHERE organization_id = $1', [org.id],
  )).rows;
  await db.end();
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  if (readings !== rolled) throw new Error(`rollups count ${rolled} readings, the table holds ${readings}`);

  // Facilities, certificates and claims through the API: 10 claims per site's market.
  for (const site of sites) {
    const facility = await api.post('/api/v1/facilities', as, {
      name: `${site.name} wind`, country: site.country, technology: 'WIND', commissioningDate: '2020-01-01',
    });
    for (let i = 0; i < 10; i++) {
      const count = 2000;
      const cert = await api.post('/api/v1/certificates', as, {
        registry: site.registry, instrumentType: site.instrumentType,
        serialStart: `${site.country}-${YEAR}-${i * count + 1}`, serialEnd: `${site.country}-${YEAR}-${(i + 1) * count}`,
        ...(site.instrumentType === 'K_REC' ? { recCount: count, volume: String(count) } : {}),
        facilityId: facility.id, vintageStart: `${YEAR}-01-01`, vintageEnd: `${YEAR}-12-31`,
        status: 'RETIRED', cancellationDate: `${YEAR + 1}-02-01`, beneficiary: 'Bench Progress Co., Ltd.',
      });
      await api.post('/api/v1/allocations', as, { certificateId: cert.id, reportingYear: YEAR, consumptionMarket: site.market });
    }
  }

  async function time(path) {
    for (let i = 0; i < 3; i++) await api.get(path, as); // warm-up
    const ms = [];
    let body;
    for (let i = 0; i < REQUESTS; i++) {
      const started = process.hrtime.bigint();
      body = await api.get(path, as);
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    ms.sort((a, b) => a - b);
    const at = (q) => +ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
    return { p50: at(0.5), p95: at(0.95), max: +ms[ms.length - 1].toFixed(1), body };
  }
  const progress = await time(`/api/v1/re100/progress?year=${YEAR}`);
  const series = await time(`/api/v1/re100/progress/series?from=${YEAR}&to=${YEAR}`);
  const scope2 = await time(`/api/v1/emissions/scope2?year=${YEAR}`);
  const explain = await time(`/api/v1/re100/explain?year=${YEAR}`);
  const result = {
    meters: METERS, readings: Number(readings), rollupRows: rollups, seedSeconds: +seedSeconds.toFixed(1), requests: REQUESTS,
    rePercent: progress.body.rePercent, consumptionWh: progress.body.consumptionWh,
    progressMs: { p50: progress.p50, p95: progress.p95, max: progress.max },
    seriesMs: { p50: series.p50, p95: series.p95 },
    scope2Ms: { p50: scope2.p50, p95: scope2.p95 },
    explainMs: { p50: explain.p50, p95: explain.p95 },
  };
  console.log(JSON.stringify(result, null, 2));
  if (BigInt(progress.body.consumptionWh) === 0n) throw new Error('the progress saw no consumption');
  console.log(`progress: p50 ${progress.p50} ms (target < 100), p95 ${progress.p95} ms over ${Number(readings).toLocaleString('en-US')} readings of ${METERS} meters`);
} finally {
  await app.stop();
}
