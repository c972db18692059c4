// Ingestion benchmark (design.md performance targets): starts the built app on a fresh embedded
// PostgreSQL, creates 1,000 meters, pushes 1,000,000 15-minute readings over HTTP in 10,000-reading
// batches with 4 concurrent clients, pushes the same rows again (all duplicates), then times a raw COPY of
// the same rows into a table of the same shape in the same database, without and with a foreign key to
// meters. Prints readings/s, CPU per reading, the ratios to both COPYs and the app's peak RSS. Loopback
// only, Linux. Run after `npm run build`. BENCH_CPU_PROF=<dir> also writes a CPU profile of the app.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { peakRssMb, startApp } from './harness.mjs';

const METERS = Number(process.env.BENCH_METERS ?? 1000);
const PER_METER = Number(process.env.BENCH_READINGS_PER_METER ?? 1000);
const BATCH = 10_000;
const CLIENTS = 4;
const START = Date.UTC(2026, 0, 5);
const PROFILE_DIR = process.env.BENCH_CPU_PROF;

/** CPU seconds (user + system) used so far by the app, by its descendants (its PostgreSQL), and by those of them that are PostgreSQL's background processes. */
function cpuSeconds(pid) {
  const stats = new Map();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const background = /^postgres: (autovacuum|walwriter|checkpointer|background writer|logical|io worker|walsummarizer)/.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
      stats.set(Number(entry), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100, background }); // USER_HZ
    } catch {
      // gone meanwhile
    }
  }
  const descendants = (parent) => [...stats].filter(([, s]) => s.ppid === parent).flatMap(([p]) => [p, ...descendants(p)]);
  const database = descendants(pid).map((p) => stats.get(p));
  const sum = (list) => list.reduce((acc, s) => acc + s.cpu, 0);
  return { app: stats.get(pid)?.cpu ?? 0, database: sum(database), background: sum(database.filter((s) => s.background)) };
}

/** BENCH_CPU_PROF: `--cpu-prof` is not allowed in NODE_OPTIONS, so a preloaded module profiles the app from start to stop. */
function profiling(dir) {
  if (!dir) return {};
  mkdirSync(dir, { recursive: true });
  const preload = path.join(dir, 'profile-preload.cjs');
  writeFileSync(preload, `const session = new (require('node:inspector').Session)();
session.connect();
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.enable', () => session.post('Profiler.start'));
process.on('exit', () => session.post('Profiler.stop', (err, res) => {
  if (!err) require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, 'app.cpuprofile'))}, JSON.stringify(res.profile));
}));
`);
  return { NODE_OPTIONS: `--require ${preload}` };
}

const app = await startApp({ READINGS_MAX_BATCH: String(BATCH), ...profiling(PROFILE_DIR) });
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
    const cpuBefore = cpuSeconds(app.pid);
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
    const cpuAfter = cpuSeconds(app.pid);
    const micros = (key) => +(((cpuAfter[key] - cpuBefore[key]) / total) * 1e6).toFixed(2);
    // CPU time per reading: the app's, its PostgreSQL's (postmaster, backends, background), and the background's part.
    const cpu = { appMicrosPerReading: micros('app'), databaseMicrosPerReading: micros('database'), databaseBackgroundMicrosPerReading: micros('background') };
    phases[label] = [Number(started / 1000n), Number(process.hrtime.bigint() / 1000n)];
    return { ...counts, seconds, perSecond: Math.round(total / seconds), cpu };
  }

  const phases = {};
  const fresh = await push('new');
  const again = await push('duplicates');
  // When each phase ran, in µs on the monotonic clock of the profile's timestamps (to look at one phase).
  if (PROFILE_DIR) writeFileSync(path.join(PROFILE_DIR, 'phases.json'), JSON.stringify(phases));

  // The same rows by COPY into tables of the same shape (keys, checks, partitions) in the same database: one
  // with no foreign key or trigger (what the database can do at best), one with the foreign key to meters that
  // readings had until migration 1764900000001 (the earlier baseline). The COPY text is built before timing.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const copyText = bodies.map((body) => JSON.parse(body).readings.map((r) => `${org.id}\t${r.meterId}\t${r.start}\t900\t${r.value}\t0\t0\tapi\t2026-11-21T00:00:00Z\n`).join(''));
  const months = new Set();
  for (let i = 0; i < PER_METER; i++) months.add(new Date(START + i * 900_000).toISOString().slice(0, 7));
  async function copyInto(table, foreignKey) {
    await db.query(`CREATE TABLE ${table} (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (interval_start)`);
    await db.query(`ALTER TABLE ${table} ADD PRIMARY KEY (organization_id, meter_id, interval_start)`);
    if (foreignKey) {
      await db.query(`ALTER TABLE ${table} ADD FOREIGN KEY (organization_id, meter_id) REFERENCES meters (organization_id, id)`);
      // Fresh statistics, so that the key's check of each row probes the index (a small, unanalyzed meters
      // table may be scanned whole for every row).
      await db.query('ANALYZE meters');
    }
    for (const month of months) {
      const [y, mo] = month.split('-').map(Number);
      await db.query(`CREATE TABLE ${table}_${y}_${mo} PARTITION OF ${table} FOR VALUES FROM ('${new Date(Date.UTC(y, mo - 1, 1)).toISOString()}') TO ('${new Date(Date.UTC(y, mo, 1)).toISOString()}')`);
    }
    await db.query('CHECKPOINT');
    const started = process.hrtime.bigint();
    await pipeline(Readable.from(copyText), db.query(copyFrom(`COPY ${table} FROM STDIN`)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows;
    await db.query(`DROP TABLE ${table}`);
    return { seconds, perSecond: Math.round(n / seconds) };
  }
  const copy = await copyInto('bench_copy', false);
  const copyFk = await copyInto('bench_copy_fk', true);
  const [{ rollup }] = (await db.query('SELECT sum(readings)::int AS rollup FROM meter_daily_rollups')).rows;
  await db.end();

  const appPeakRssMb = peakRssMb(app.pid);
  const result = {
    readings: total, meters: meterIds.length, batch: BATCH, clients: CLIENTS,
    newReadingsPerSecond: fresh.perSecond, newSeconds: +fresh.seconds.toFixed(2), accepted: fresh.accepted, newCpu: fresh.cpu,
    duplicateReadingsPerSecond: again.perSecond, duplicateSeconds: +again.seconds.toFixed(2), duplicates: again.duplicates, duplicateCpu: again.cpu,
    copyReadingsPerSecond: copy.perSecond, copySeconds: +copy.seconds.toFixed(2),
    copyWithForeignKeyReadingsPerSecond: copyFk.perSecond, copyWithForeignKeySeconds: +copyFk.seconds.toFixed(2),
    ratioToCopy: +(fresh.perSecond / copy.perSecond).toFixed(2),
    ratioToCopyWithForeignKey: +(fresh.perSecond / copyFk.perSecond).toFixed(2),
    rollupReadings: rollup, appPeakRssMb,
  };
  console.log(JSON.stringify(result, null, 2));
  const ok = fresh.accepted === total && again.duplicates === total && rollup === total && fresh.rejected + again.rejected === 0;
  if (!ok) throw new Error('the benchmark did not store every reading exactly once');
  console.log(`ingest: ${fresh.perSecond} new readings/s (target ≥ 100000), ${again.perSecond} duplicate readings/s, ` +
    `COPY ${copy.perSecond}/s without a foreign key, ratio ${result.ratioToCopy} (target ≥ 0.5); ` +
    `COPY ${copyFk.perSecond}/s with it, ratio ${result.ratioToCopyWithForeignKey}; app peak RSS ${appPeakRssMb} MB`);
} finally {
  await app.stop();
}
