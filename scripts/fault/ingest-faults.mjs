// Fault test (npm run test:fault, run by .ci/run after the build): readings pushed by 4 concurrent clients
// in 10,000-reading batches, each with its Idempotency-Key, survive a crash of the app and a crash of
// PostgreSQL. Phase 1 kills the app with SIGKILL mid-ingest, restarts it on the same data (the PostgreSQL
// it left running is cleared by the start itself) and replays every batch. Phase 2 kills the postmaster
// with SIGKILL mid-ingest; the app restarts it by itself while clients retry their 503s, then every batch
// is replayed again. Asserts: every acknowledged reading is stored exactly once, each meter's Wh total is
// exact, rollups equal the sum of their readings and the site-day and meter-month rollups the daily ones,
// a replay of an acknowledged batch answers its first answer, no answer was a 500, and the audit chain
// verifies. Loopback only; a few minutes at most.
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { startApp } from '../bench/harness.mjs';

const METERS = 40;
const PER_BATCH_METERS = 10; // 10 meters × 1,000 quarter-hours = 10,000 readings a batch
const PER_METER_BATCH = 1_000;
const BATCHES_PER_PHASE = 16;
const CLIENTS = 4;
const KILL_AFTER_ACKS = 5;
const DEADLINE = Date.now() + 8 * 60_000;

const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const app = await startApp({ READINGS_MAX_BATCH: '10000', LOG_LEVEL: 'error' });
let exitCode = 1;
try {
  const { api } = app;
  const admin = await api.login();
  const org = await api.post('/api/v1/organizations', admin, {
    name: 'Fault Test', legalEntityName: 'Fault Test Ltd.', country: 'DE', timeZone: 'Europe/Berlin',
  });
  const as = { token: admin, organizationId: org.id };
  const site = await api.post('/api/v1/sites', as, { name: 'Plant', country: 'DE', timeZone: 'Europe/Berlin' });
  const meterIds = [];
  for (let m = 0; m < METERS; m++) {
    const meter = await api.post('/api/v1/meters', as, {
      siteId: site.id, externalId: `FAULT-${m}`, kind: 'interval', intervalMinutes: 15, direction: 'import', unit: 'Wh',
    });
    meterIds.push(meter.id);
  }
  const key = (await api.post('/api/v1/api-keys', as, { name: 'fault-gateway' })).key;

  /** A phase's batches: each meter group over its own stretch of quarter-hours, every value known. */
  function batchesOf(phase) {
    const batches = [];
    const groups = METERS / PER_BATCH_METERS;
    for (let b = 0; b < BATCHES_PER_PHASE; b++) {
      const group = b % groups;
      const stretch = Math.floor(b / groups);
      const from = Date.UTC(2022, 0, 1) + (phase * 50 + stretch) * PER_METER_BATCH * 900_000;
      const readings = [];
      for (const meterId of meterIds.slice(group * PER_BATCH_METERS, (group + 1) * PER_BATCH_METERS)) {
        for (let i = 0; i < PER_METER_BATCH; i++) {
          readings.push({ meterId, start: new Date(from + i * 900_000).toISOString(), value: 1 + ((i * 7919 + b * 104729 + phase) % 5000) });
        }
      }
      batches.push({ id: `fault-p${phase}-b${b}`, readings, body: JSON.stringify({ readings }) });
    }
    return batches;
  }

  const statuses = new Map();
  const note = (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  /** One push; null when the connection failed (the app was gone). */
  async function push(batch) {
    try {
      const res = await fetch(`${api.url}/api/v1/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, 'idempotency-key': batch.id },
        body: batch.body,
      });
      note(res.status);
      return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: await res.json() };
    } catch {
      note('connection failed');
      return null;
    }
  }

  /** Pushes every batch with 4 clients; `retry` repeats 503s and failed connections until acknowledged. */
  async function pushAll(batches, { retry, onAck }) {
    const acked = new Map();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          for (;;) {
            const res = await push(batch);
            if (res?.status === 200) {
              acked.set(batch.id, res.body);
              onAck?.(acked.size);
              break;
            }
            if (!retry || Date.now() > DEADLINE) break;
            await sleep(res?.status === 503 ? 500 : 200);
          }
        }
      }),
    );
    return acked;
  }

  /** Replays every batch with its key: acknowledged ones must answer their first answer. */
  async function replayAll(batches, acknowledged) {
    let replays = 0;
    let mismatched = 0;
    for (const batch of batches) {
      let res;
      for (;;) {
        res = await push(batch);
        if (res?.status === 200 || Date.now() > DEADLINE) break;
        await sleep(500);
      }
      if (res?.status !== 200) {
        mismatched++;
        continue;
      }
      const first = acknowledged.get(batch.id);
      if (first) {
        replays++;
        if (!res.replayed || !isDeepStrictEqual(res.body, first)) mismatched++;
      }
      acknowledged.set(batch.id, first ?? res.body);
    }
    return { replays, mismatched };
  }

  // Phase 1: kill -9 of the app mid-ingest.
  const phase1 = batchesOf(1);
  let killedApp = false;
  const killApp = async () => {
    if (killedApp) return;
    killedApp = true;
    await app.kill();
  };
  const acked1 = await pushAll(phase1, { retry: false, onAck: (n) => n >= KILL_AFTER_ACKS && void killApp() });
  await killApp();
  const ackedBeforeCrash = acked1.size;
  const orphan = app.postmasterPid();
  await app.restart();
  check('phase 1: the app was killed mid-ingest', ackedBeforeCrash >= KILL_AFTER_ACKS && ackedBeforeCrash < phase1.length, `${ackedBeforeCrash} of ${phase1.length} batches acknowledged before the kill`);
  check('phase 1: the restart cleared the PostgreSQL the killed app left running', orphan !== app.postmasterPid());
  const replay1 = await replayAll(phase1, acked1);
  check('phase 1: every acknowledged batch replays its first answer', replay1.mismatched === 0 && replay1.replays === ackedBeforeCrash, `${replay1.replays} replays`);

  // Phase 2: kill -9 of PostgreSQL mid-ingest; the app restarts it and clients retry their 503s.
  const phase2 = batchesOf(2);
  let killedDb = false;
  const acked2 = await pushAll(phase2, {
    retry: true,
    onAck: (n) => {
      if (n >= KILL_AFTER_ACKS && !killedDb) {
        killedDb = true;
        process.kill(app.postmasterPid(), 'SIGKILL');
      }
    },
  });
  check('phase 2: PostgreSQL was killed mid-ingest and every batch was then acknowledged', killedDb && acked2.size === phase2.length, `${acked2.size} of ${phase2.length}`);
  const ackedPhase2 = new Map(acked2);
  const replay2 = await replayAll(phase2, acked2);
  check('phase 2: every acknowledged batch replays its first answer', replay2.mismatched === 0 && replay2.replays === ackedPhase2.size, `${replay2.replays} replays`);
  const replayAgain = await replayAll(phase1, acked1);
  check('phase 1 batches still replay after the database crash', replayAgain.mismatched === 0);

  // What is stored: every reading exactly once, exact totals, rollups = readings.
  const all = [...phase1, ...phase2];
  const expected = new Map();
  for (const batch of all) for (const r of batch.readings) {
    const e = expected.get(r.meterId) ?? { n: 0, wh: 0n };
    e.n += 1;
    e.wh += BigInt(r.value);
    expected.set(r.meterId, e);
  }
  const db = new pg.Client({ connectionString: app.databaseUrl });
  await db.connect();
  const stored = (await db.query(
    'SELECT meter_id, count(*)::int AS n, sum(value_wh)::text AS wh FROM readings WHERE organization_id = $1 GROUP BY meter_id',
    [org.id],
  )).rows;
  const wrong = stored.filter((row) => {
    const e = expected.get(row.meter_id);
    return !e || e.n !== row.n || e.wh.toString() !== row.wh;
  });
  const total = stored.reduce((n, row) => n + row.n, 0);
  const pushed = all.reduce((n, b) => n + b.readings.length, 0);
  check('every acknowledged reading is stored exactly once, each meter’s Wh total exact', wrong.length === 0 && stored.length === METERS && total === pushed, `${total} stored of ${pushed} pushed`);
  const [{ mismatches }] = (await db.query(
    `WITH sums AS (
       SELECT r.meter_id, (r.interval_start AT TIME ZONE s.time_zone)::date AS d, sum(r.value_wh) AS wh, count(*) AS n
       FROM readings r JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
       JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       WHERE r.organization_id = $1 GROUP BY 1, 2)
     SELECT count(*)::int AS mismatches
     FROM meter_daily_rollups u FULL JOIN sums ON sums.meter_id = u.meter_id AND sums.d = u.local_date
     WHERE coalesce(u.organization_id, $1) = $1
       AND (u.wh IS DISTINCT FROM sums.wh OR u.readings IS DISTINCT FROM sums.n)`,
    [org.id],
  )).rows;
  check('rollups equal the sum of the readings under them', mismatches === 0, `${mismatches} mismatching days`);
  const [{ derived }] = (await db.query(
    `WITH site_days AS (
       SELECT m.site_id, u.local_date, sum(u.wh) AS wh, count(*)::int AS n
       FROM meter_daily_rollups u JOIN meters m ON m.organization_id = u.organization_id AND m.id = u.meter_id
       WHERE u.organization_id = $1 GROUP BY 1, 2),
     meter_months AS (
       SELECT meter_id, date_trunc('month', local_date)::date AS month, sum(wh) AS wh, sum(readings)::int AS n, count(*)::int AS days
       FROM meter_daily_rollups WHERE organization_id = $1 GROUP BY 1, 2)
     SELECT (SELECT count(*)::int FROM (SELECT site_id, local_date, import_wh + export_wh + generation_wh AS wh, meter_days AS n
                                        FROM site_daily_rollups WHERE organization_id = $1
                                        EXCEPT SELECT * FROM site_days) x)
          + (SELECT count(*)::int FROM (SELECT * FROM site_days EXCEPT
                                        SELECT site_id, local_date, import_wh + export_wh + generation_wh, meter_days
                                        FROM site_daily_rollups WHERE organization_id = $1) x)
          + (SELECT count(*)::int FROM (SELECT meter_id, month, wh, readings, days FROM meter_monthly_rollups
                                        WHERE organization_id = $1 EXCEPT SELECT * FROM meter_months) x)
          + (SELECT count(*)::int FROM (SELECT * FROM meter_months EXCEPT
                                        SELECT meter_id, month, wh, readings, days FROM meter_monthly_rollups
                                        WHERE organization_id = $1) x) AS derived`,
    [org.id],
  )).rows;
  check('site-day and meter-month rollups equal the daily rollups', derived === 0, `${derived} mismatching rows`);
  await db.end();

  const verify = await api.get('/api/v1/audit-log/verify', as);
  check('the audit chain verifies', verify.valid === true, `${verify.entriesChecked} entries`);
  check('no answer was a 500', !statuses.has(500), JSON.stringify(Object.fromEntries(statuses)));
  if (statuses.has(500)) console.log(app.output().split('\n').filter((l) => l.includes('unhandled')).join('\n'));
  console.log(JSON.stringify({
    readingsPushed: pushed,
    acknowledgedBeforeAppKill: ackedBeforeCrash * 10_000,
    acknowledgedInDatabaseCrashPhase: ackedPhase2.size * 10_000,
    stored: total,
    replays: replay1.replays + replay2.replays + replayAgain.replays,
    answers: Object.fromEntries(statuses),
  }));
  exitCode = results.every(Boolean) ? 0 : 1;
} catch (error) {
  console.error(error);
  console.error(app.output());
} finally {
  await app.stop();
}
const failed = results.filter((ok) => !ok).length;
console.log(`fault: ${results.length - failed} passed, ${failed} failed`);
process.exit(exitCode);
