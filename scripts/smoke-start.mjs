// Start-up check of the built service as a user runs it: no DATABASE_URL, so the embedded PostgreSQL is
// created with random passwords; the secrets are generated and kept private; the bootstrap admin's
// generated password is read from the console and used to sign in; SIGTERM stops the app and the database
// cleanly; a second start keeps the data and creates no second admin; after kill -9 of the app the next
// start clears the PostgreSQL it left running by itself; production mode starts without a configured
// secret and keeps the generated one. Run after `npm run build`.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './bench/harness.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const main = path.join(root, 'dist', 'src', 'main.js');
if (!existsSync(main)) {
  console.error(`${main} is missing: run npm run build first`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 're100-smoke-'));
chmodSync(work, 0o755); // the postgres system user must reach the data directory
// DATA_DIR does not exist yet: the first start creates it (the embedded database inside must stay reachable).
const home = path.join(work, 'data');
const dataDir = path.join(home, 'postgres');
const modeOf = (file) => (existsSync(file) ? (statSync(file).mode & 0o777).toString(8) : 'missing');
const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
// Alive and not a zombie waiting to be reaped (/proc state Z).
const alive = (pid) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const results = [];

function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

function start(env) {
  const childEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [main], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

async function waitForHealth(url, exited, seconds = 90) {
  const deadline = Date.now() + seconds * 1000;
  let done = false;
  exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return null;
}

async function stop(app, seconds = 30) {
  app.child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ code: 'timeout' }), seconds * 1000));
  return Promise.race([app.exited, timeout]);
}

async function login(url, email, password) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * The web pages of the built app: `/` leads to them, the sign-in page and its assets (from templates/web/
 * and node_modules) are served, signing in through the form opens a session that shows the dashboard.
 */
async function signInToPages(url, email, password) {
  const root = await fetch(`${url}/`, { redirect: 'manual' });
  const form = await fetch(`${url}/app/sign-in`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const assets = await Promise.all(
    ['/assets/app.css', '/assets/app.js', '/assets/htmx.min.js', '/assets/echarts.min.js', '/assets/fonts/noto-sans-kr/400.css'].map(
      async (asset) => (await fetch(`${url}${asset}`)).status,
    ),
  );
  const signed = await fetch(`${url}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
    },
    body: new URLSearchParams({ _csrf: csrf ?? '', email, password, next: '/app/organizations' }),
  });
  const cookie = signed.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(`${url}/app/organizations`, { headers: { cookie } });
  return {
    root: `${root.status} ${root.headers.get('location')}`,
    form: form.status,
    assets,
    signed: signed.status,
    page: page.status,
    csp: page.headers.get('content-security-policy') ?? '',
  };
}

/** An organization without data and its report of 2025, waited for; the files' first bytes. */
async function makeReport(url, token) {
  const call = async (method, route, body, organizationId) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (organizationId) headers['x-organization-id'] = organizationId;
    const res = await fetch(`${url}/api/v1${route}`, { method, headers, body: body && JSON.stringify(body) });
    return route.endsWith('.json') || !/\.(pdf|xlsx)$/.test(route) ? res.json() : Buffer.from(await res.arrayBuffer());
  };
  const org = await call('POST', '/organizations', {
    name: 'Smoke reports', legalEntityName: 'Smoke Reports Ltd.', country: 'KR', timeZone: 'Asia/Seoul',
  });
  let report = await call('POST', '/reports', { year: 2025, language: 'ko' }, org.id);
  for (let i = 0; i < 600 && (report.status === 'queued' || report.status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    report = await call('GET', `/reports/${report.id}`, undefined, org.id);
  }
  if (report.status !== 'ready') return { status: report.status, failure: report.failure, pdf: '', xlsx: '' };
  const pdf = await call('GET', `/reports/${report.id}/report.pdf`, undefined, org.id);
  const xlsx = await call('GET', `/reports/${report.id}/report.xlsx`, undefined, org.id);
  const model = await call('GET', `/reports/${report.id}/model.json`, undefined, org.id);
  return {
    status: report.status,
    pdf: pdf.subarray(0, 5).toString('latin1'),
    xlsx: xlsx.subarray(0, 2).toString('latin1'),
    dataStatus: model.content.dataStatus,
  };
}

const env = {
  NODE_ENV: 'development',
  DATA_DIR: home,
  EMBEDDED_PG_DATA_DIR: undefined,
  JWT_SECRET: undefined,
  EMBEDDED_PG_PORT: String(await freePort()),
  PORT: String(await freePort()),
  HOST: '127.0.0.1',
  LOG_FORMAT: 'json',
  ADMIN_EMAIL: undefined,
  ADMIN_PASSWORD: undefined,
};
const url = `http://127.0.0.1:${env.PORT}`;

try {
  // First start: a new embedded cluster, the migrations, and the bootstrap admin with a printed password.
  const first = start(env);
  const health = await waitForHealth(url, first.exited);
  check(
    'first start answers /health with the database up',
    health?.database?.status === 'up',
    JSON.stringify(health),
  );
  const printed = /email:\s+(\S+)\s+password:\s+(\S+)/.exec(first.output());
  check('the generated admin password is printed once', printed !== null);
  const [, email, password] = printed ?? [];
  const session = await login(url, email, password);
  check(
    'the bootstrap admin signs in',
    session.status === 200 && session.body.user?.isPlatformAdmin === true,
  );
  check(
    'the logs are JSON lines with request ids',
    first
      .output()
      .split('\n')
      .some((l) => l.startsWith('{') && l.includes('"requestId"')),
  );
  const jwtFile = path.join(home, 'secrets', 'jwt-secret');
  check('the JWT secret was generated and kept private', modeOf(jwtFile) === '600', modeOf(jwtFile));
  check(
    'the audit signing key was generated and kept private',
    modeOf(path.join(home, 'secrets', 'audit-signing-key.pem')) === '600',
  );
  const credentials = path.join(dataDir, 're100-credentials.json');
  check(
    'the database passwords are random and kept in its data directory',
    modeOf(credentials) === '600' && !readFileSync(credentials, 'utf8').includes('"postgres"'),
  );
  // The database superuser must not reach what is kept outside the database (as root, PostgreSQL runs as
  // the postgres user, who cannot read the secrets nor write the audit witness).
  if (process.getuid?.() === 0) {
    const { superuserPassword } = JSON.parse(readFileSync(credentials, 'utf8'));
    const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(superuserPassword)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres` });
    await db.connect();
    const refused = async (sql) => db.query(sql).then(() => false, (e) => /permission denied|could not open/i.test(e.message));
    check('the database superuser cannot read the secrets', await refused(`SELECT pg_read_file('${jwtFile}')`));
    check('the database superuser cannot write the audit witness', await refused(`COPY (SELECT 1) TO '${path.join(home, 'audit-witness.json')}'`));
    const environ = (await db.query(`SELECT pg_read_file('/proc/self/environ') AS e`).catch(() => ({ rows: [{ e: '' }] }))).rows[0].e;
    check('PostgreSQL does not see the service\'s environment', !environ.includes('LOG_FORMAT') && !environ.includes('DATA_DIR'));
    await db.end();
  }
  const firstExit = await stop(first);
  check('SIGTERM stops the app with exit code 0', firstExit.code === 0, JSON.stringify(firstExit));
  check(
    'the embedded PostgreSQL was stopped (no postmaster.pid left)',
    !existsSync(path.join(dataDir, 'postmaster.pid')),
  );

  // Second start on the same data directory: nothing new is created and the same password works.
  const second = start(env);
  check('a restart on the same data answers /health', (await waitForHealth(url, second.exited)) !== null);
  check('no second admin is created on restart', !/password:/.test(second.output()));
  const kept = await login(url, email, password);
  check('the data and the secret survived the restart', kept.status === 200);
  const pages = await signInToPages(url, email, password);
  check(
    'the built app serves the web pages: sign-in, assets, a session',
    pages.root === '302 /app' && pages.form === 200 && pages.assets.every((s) => s === 200) && pages.signed === 303 &&
      pages.page === 200 && pages.csp.includes("frame-ancestors 'none'"),
    JSON.stringify(pages),
  );
  // The built service renders reports in child processes (dist/src/reports/render/render-child.js).
  const report = await makeReport(url, kept.body.accessToken);
  check(
    'the built app makes a report, rendered in child processes (PDF, XLSX, model)',
    report.status === 'ready' && report.pdf.startsWith('%PDF-') && report.xlsx.startsWith('PK') && report.dataStatus === 'NO_DATA',
    JSON.stringify({ status: report.status, failure: report.failure }),
  );
  // The e2e tests load OpenAPI metadata generated from the sources; the built app's document comes from the
  // compiler plugin of `nest build`, which also resolves constants and literal types: check what it adds.
  const doc = await (await fetch(`${url}/api/docs-json`)).json();
  const limit = doc.paths['/api/v1/sites'].get.parameters.find((p) => p.name === 'limit');
  const ruleset = doc.paths['/api/v1/re100/progress'].get.parameters.find((p) => p.name === 'ruleset');
  check(
    'the built app documents its DTOs as the compiler plugin reads them (a page holds at most 500, the rulesets)',
    limit?.schema?.maximum === 500 && ruleset?.schema?.enum?.includes('RE100_TC_v5_0') &&
      doc.components.schemas.LoginResultDto !== undefined,
    JSON.stringify({ limit, ruleset }),
  );

  // kill -9 of the app leaves its PostgreSQL running; the next start must clear it without help.
  const orphan = postmasterPid();
  second.child.kill('SIGKILL');
  await second.exited;
  check('after kill -9 of the app its PostgreSQL is left running', alive(orphan));
  const third = start(env);
  check(
    'the next start comes back by itself',
    (await waitForHealth(url, third.exited)) !== null,
    third
      .output()
      .split('\n')
      .filter((l) => /orphan|left running|supervisor/i.test(l))
      .slice(0, 2)
      .join(' '),
  );
  check('the PostgreSQL left behind was stopped', !alive(orphan));
  check('the data survived the crash', (await login(url, email, password)).status === 200);
  const thirdExit = await stop(third);
  check(
    'the stop after recovery is clean too',
    thirdExit.code === 0 && !existsSync(path.join(dataDir, 'postmaster.pid')),
  );

  // Production mode has no public default secret either: the generated one is used, and tokens still verify.
  const prod = start({ ...env, NODE_ENV: 'production' });
  check('production starts without a configured secret', (await waitForHealth(url, prod.exited)) !== null);
  const me = await fetch(`${url}/api/v1/auth/me`, {
    headers: { authorization: `Bearer ${kept.body.accessToken}` },
  });
  check('production signs with the kept secret (an earlier token verifies)', me.status === 200);
  await stop(prod);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((ok) => !ok).length;
console.log(`startup: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
