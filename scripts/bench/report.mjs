// Report benchmark (design.md performance targets): "PDF + XLSX report for 1,000 sites and 5,000
// certificates: < 3 s each, peak RSS < 300 MB". Starts the built app on a fresh embedded PostgreSQL and
// seeds the organization of report-organization.mjs (1,000 sites, a year of daily readings, 5,000
// certificates and claims of 2025). Then, each the median of RUNS (5) after one warm-up:
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
import { peakRssMb, startApp } from './harness.mjs';
import { CERTIFICATES, CLAIM_SITES, SITES, YEAR, seedReportOrganization } from './report-organization.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOB_RUNS = 3; // report jobs timed after the first: each is a whole build + both renders

const started = Date.now();
const seconds = (since) => +((Date.now() - since) / 1000).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const step = (what) => process.stderr.write(`[${seconds(started)} s] ${what}\n`);

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
  const { api } = app;
  const { as, readings, apiSeconds, sqlSeconds, procurementSeconds } = await seedReportOrganization(app, step);
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
