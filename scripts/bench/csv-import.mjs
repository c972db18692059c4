// Readings CSV import at the row cap (issue: a huge import must stream, not hold the file or its answer):
// starts the built app on a fresh embedded PostgreSQL, writes a CSV of READINGS_CSV_MAX_ROWS rows (default
// 500,000: 50 meters × 10,000 quarter-hours, ~30 MB), uploads it raw as text/csv, and prints the time,
// rows/s and the app's peak RSS (target < 512 MB). Then the same file again (all duplicates), and a file of
// bad rows to show the answer stays small; then a Green Button file just under its 8 MiB cap (parsed whole).
// Fails unless every row was stored exactly once. Loopback only.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { peakRssMb, startApp } from './harness.mjs';

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 500_000);
const METERS = 50;
const START = Date.UTC(2025, 0, 1);

const app = await startApp({ READINGS_CSV_MAX_ROWS: String(Math.max(ROWS, 100_000)) });
const work = mkdtempSync(path.join(tmpdir(), 're100-csv-bench-'));
try {
  const { api, databaseUrl } = app;
  const admin = await api.login();
  const org = await api.post('/api/v1/organizations', admin, {
    name: 'CSV Bench', legalEntityName: 'CSV Bench Ltd.', country: 'DE', timeZone: 'Europe/Berlin',
  });
  const as = { token: admin, organizationId: org.id };
  const site = await api.post('/api/v1/sites', as, { name: 'Plant', country: 'DE', timeZone: 'Europe/Berlin' });
  for (let m = 0; m < METERS; m++) {
    await api.post('/api/v1/meters', as, { siteId: site.id, externalId: `CSV-${m}`, kind: 'interval', intervalMinutes: 15, direction: 'import', unit: 'Wh' });
  }

  const file = path.join(work, 'readings.csv');
  const out = createWriteStream(file);
  out.write('meter,timestamp,value,unit\n');
  let expectedWh = 0n;
  const perMeter = Math.ceil(ROWS / METERS);
  for (let i = 0, row = 0; i < perMeter; i++) {
    const start = new Date(START + i * 900_000).toISOString();
    let chunk = '';
    for (let m = 0; m < METERS && row < ROWS; m++, row++) {
      const value = 100 + ((i * 7919 + m * 31) % 900);
      expectedWh += BigInt(value);
      chunk += `CSV-${m},${start},${value},Wh\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const megabytes = +(statSync(file).size / 1024 / 1024).toFixed(1);
  const baselineRssMb = peakRssMb(app.pid);

  async function upload(body, label) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${api.url}/api/v1/readings/import/csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}`, 'x-organization-id': org.id },
      body,
      duplex: 'half',
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${text.slice(0, 500)}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { answer: JSON.parse(text), seconds, answerBytes: text.length };
  }

  const fresh = await upload(createReadStream(file), 'import');
  const again = await upload(createReadStream(file), 'duplicates');
  const bad = await upload(`meter,timestamp,value\n${Array.from({ length: 100_000 }, (_, i) => `NOPE-${i},2025-01-01T00:00:00Z,1`).join('\n')}\n`, 'bad rows');

  const csvPeakRssMb = peakRssMb(app.pid);

  // A Green Button export just under its cap: the sample's readings repeated two weeks earlier each time.
  const xml = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'test', 'fixtures', 'greenbutton', 'espi-15min-two-weeks.xml'), 'utf8');
  const open = xml.indexOf('<IntervalReading>');
  const close = xml.lastIndexOf('</IntervalReading>') + '</IntervalReading>'.length;
  const sample = xml.slice(open, close).match(/<IntervalReading>[\s\S]*?<\/IntervalReading>/g);
  const parts = [];
  let size = 0;
  for (let copy = 0; size < 7.5 * 1024 * 1024; copy++) {
    const part = sample.map((r) => r.replace(/<start>(\d+)<\/start>/, (_, s) => `<start>${Number(s) - copy * 14 * 86400}</start>`)).join('');
    parts.push(part);
    size += part.length;
  }
  const gbFile = xml.slice(0, open) + parts.join('') + xml.slice(close);
  const gbSite = await api.post('/api/v1/sites', as, { name: 'GB plant', country: 'US', gridRegion: 'RFCE', timeZone: 'America/New_York' });
  const gbStarted = process.hrtime.bigint();
  const gbRes = await fetch(`${api.url}/api/v1/readings/import/green-button?siteId=${gbSite.id}`, {
    method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${admin}`, 'x-organization-id': org.id }, body: gbFile,
  });
  const gb = await gbRes.json();
  if (gbRes.status !== 200) throw new Error(`green button: ${gbRes.status} ${JSON.stringify(gb)}`);
  const gbSeconds = Number(process.hrtime.bigint() - gbStarted) / 1e9;

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const csvMeters = `SELECT m.id FROM meters m WHERE m.organization_id = $1 AND m.external_id LIKE 'CSV-%'`;
  const [{ n, wh }] = (await db.query(`SELECT count(*)::int AS n, sum(value_wh)::text AS wh FROM readings WHERE organization_id = $1 AND meter_id IN (${csvMeters})`, [org.id])).rows;
  const [{ rollup }] = (await db.query(`SELECT sum(readings)::int AS rollup FROM meter_daily_rollups WHERE organization_id = $1 AND meter_id IN (${csvMeters})`, [org.id])).rows;
  await db.end();

  const result = {
    rows: ROWS, fileMb: megabytes,
    importSeconds: +fresh.seconds.toFixed(2), importRowsPerSecond: Math.round(ROWS / fresh.seconds), accepted: fresh.answer.accepted,
    duplicateSeconds: +again.seconds.toFixed(2), duplicates: again.answer.duplicates,
    badRows: bad.answer.rejectedTotal, badListed: bad.answer.rejected.length, badAnswerKb: +(bad.answerBytes / 1024).toFixed(1),
    stored: n, storedWh: wh, expectedWh: expectedWh.toString(), rollupReadings: rollup,
    appRssBeforeMb: baselineRssMb, appPeakRssMbAfterCsv: csvPeakRssMb,
    greenButtonMb: +(gbFile.length / 1024 / 1024).toFixed(1), greenButtonReadings: gb.accepted, greenButtonSeconds: +gbSeconds.toFixed(2),
    appPeakRssMb: peakRssMb(app.pid),
  };
  console.log(JSON.stringify(result, null, 2));
  const ok = fresh.answer.accepted === ROWS && again.answer.duplicates === ROWS && n === ROWS && wh === result.expectedWh &&
    rollup === ROWS && bad.answer.rejectedTotal === 100_000 && bad.answer.rejected.length === 1000 &&
    gb.accepted > 0 && gb.rejectedTotal === 0;
  if (!ok) throw new Error('the CSV import did not store every row exactly once, or its answer was not summarised');
  console.log(`csv import: ${ROWS} rows (${megabytes} MB) in ${result.importSeconds} s, ${result.importRowsPerSecond} rows/s; ` +
    `Green Button ${result.greenButtonMb} MB, ${gb.accepted} readings in ${result.greenButtonSeconds} s; app peak RSS ${result.appPeakRssMb} MB (target < 512 MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
  await app.stop();
}
