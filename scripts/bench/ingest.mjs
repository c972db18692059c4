// Ingestion benchmark (design.md performance targets): starts the built app on a fresh embedded
// PostgreSQL, creates 1,000 meters, pushes 1,000,000 15-minute readings over HTTP in 10,000-reading
// batches with 4 concurrent clients, pushes the same rows again (all duplicates), then times a raw COPY of
// the same rows into a table of the same shape in the same database. Prints readings/s, the ratio to
// COPY and the app's peak RSS. Loopback only. Run after `npm run build`.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { peakRssMb, startApp } from './harness.mjs';

const METERS = Number(process.env.BENCH_METERS ?? 1000);
const PER_METER = Number(process.env.BENCH_READINGS_PER_METER ?? 1000);
const BATCH = 10_000;
const CLIENTS = 4;
const START = Date.UTC(2026, 0, 5);

const app = await startApp({ READINGS_MAX_BATCH: String(BATCH) });
try {
  const { api, databaseUrl } = app;
  const admin = await api.login();
  const org = await api.post('/api/v1/organizations', admin, {
    name: 'Bench Manufacturing', legalEntityName: 'Bench Manufacturing Co., Ltd.', country: 'DE', timeZone: 'Europe/Berlin',
  });
  const as = { token: admin, organizationId: org.id };
  const site = await api.post('/api/v1/sites', as, { name: 'Bench plant', country: 'DE', timeZone: 'Europe/Berlin' });
  const meterIds = [];
  for (let i = 0; i < METERS; i += 20) {
    const created = await Promise.all(
      Array.from({ length: Math.min(20, METERS - i) }, (_, j) =>
        api.post('/api/v1/meters', as, { siteId: site.id, externalId: `BENCH-${String(i + j).padStart(5, '0')}`, kind: 'interval', intervalMinutes: 15, direction: 'import', unit: 'Wh' }),
      ),
    );
    meterIds.push(...created.map((m) => m.id));
  }
  const key = (await api.post('/api/v1/api-keys', as, { name: 'bench-gateway' })).key;

  // Batches of 10 meters × 1,000 quarter-hours, serialized before timing (the server's work is measured).
  const metersPerBatch = Math.max(1, Math.floor(BATCH / PER_METER));
  const bodies = [];
  let total = 0;
  for (let m = 0; m < meterIds.length; m += metersPerBatch) {
    const readings = [];
    for (const meterId of meterIds.slice(m, m + metersPerBatch)) {
      for (let i = 0; i < PER_METER; i++) {
        readings.push({ meterId, start: new Date(START + i * 900_000).toISOString(), value: 100 + ((i * 7919 + m) % 400) });
      }
    }
    total += readings.length;
    bodies.push(JSON.stringify({ readings }));
  }

  async function push(label) {
    const counts = { accepted: 0, duplicates: 0, rejected: 0 };
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await fetch(`${api.url}/api/v1/readings`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body,
          });
          if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
          const result = await res.json();
          counts.accepted += result.accepted;
          counts.duplicates += result.duplicates;
          counts.rejected += result.rejected.length;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...counts, seconds, perSecond: Math.round(total / seconds) };
  }

  const fresh = await push('new');
  const again = await push('duplicates');

  // The same rows by COPY into a table of the same shape (keys, checks, partitions) in the same database.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`CREATE TABLE bench_copy (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (interval_start)`);
  await db.query(`ALTER TABLE bench_copy ADD PRIMARY KEY (organization_id, meter_id, interval_start),
                  ADD FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)`);
  const months = new Set();
  for (let i = 0; i < PER_METER; i++) months.add(new Date(START + i * 900_000).toISOString().slice(0, 7));
  for (const month of months) {
    const [y, mo] = month.split('-').map(Number);
    await db.query(`CREATE TABLE bench_copy_${y}_${mo} PARTITION OF bench_copy FOR VALUES FROM ('${new Date(Date.UTC(y, mo - 1, 1)).toISOString()}') TO ('${new Date(Date.UTC(y, mo, 1)).toISOString()}')`);
  }
  function* rows() {
    for (const body of bodies) {
      const lines = JSON.parse(body).readings.map((r) => `${org.id}\t${r.meterId}\t${r.start}\t900\t${r.value}\t0\t0\tapi\t2026-11-21T00:00:00Z\n`);
      yield lines.join('');
    }
  }
  const copyStarted = process.hrtime.bigint();
  await pipeline(Readable.from(rows()), db.query(copyFrom('COPY bench_copy FROM STDIN')));
  const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
  const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM bench_copy')).rows;
  const [{ rollup }] = (await db.query('SELECT sum(readings)::int AS rollup FROM meter_daily_rollups')).rows;
  await db.end();

  const copyPerSecond = Math.round(n / copySeconds);
  const appPeakRssMb = peakRssMb(app.pid);
  const result = {
    readings: total, meters: meterIds.length, batch: BATCH, clients: CLIENTS,
    newReadingsPerSecond: fresh.perSecond, newSeconds: +fresh.seconds.toFixed(2), accepted: fresh.accepted,
    duplicateReadingsPerSecond: again.perSecond, duplicateSeconds: +again.seconds.toFixed(2), duplicates: again.duplicates,
    copyReadingsPerSecond: copyPerSecond, copySeconds: +copySeconds.toFixed(2),
    ratioToCopy: +(fresh.perSecond / copyPerSecond).toFixed(2),
    rollupReadings: rollup, appPeakRssMb,
  };
  console.log(JSON.stringify(result, null, 2));
  const ok = fresh.accepted === total && again.duplicates === total && rollup === total && fresh.rejected + again.rejected === 0;
  if (!ok) throw new Error('the benchmark did not store every reading exactly once');
  console.log(`ingest: ${fresh.perSecond} new readings/s (target ≥ 100000), ${again.perSecond} duplicate readings/s, ` +
    `COPY ${copyPerSecond}/s, ratio ${result.ratioToCopy} (target ≥ 0.3), app peak RSS ${appPeakRssMb} MB`);
} finally {
  await app.stop();
}
