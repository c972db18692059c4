// The organization the report and web benchmarks measure (design.md: "1,000 sites and 5,000 certificates"):
// a RE100 commitment, BENCH_SITES (1,000) sites in KR, DE, NL and US (in their time zones) with one daily
// import meter each, 20 facilities, BENCH_CERTIFICATES (5,000) retired certificates and as many claims of
// 2025: sites, meters and facilities through the API, the certificates through the CSV import, the claims
// through POST /allocations (so each has its audit entry; by default market-wide, naming no site). A year of
// daily readings (365,000) is written by SQL with its daily rollups, as bench:progress does (the derived
// rollups follow by trigger).
import pg from 'pg';

export const SITES = Number(process.env.BENCH_SITES ?? 1000);
export const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 5000);
// Claims name no site by default, so Scope 2 places them, together, on the sites of their market (as for
// POST /allocations without siteIds); BENCH_CLAIM_SITES=1 names one site of the certificate's country.
export const CLAIM_SITES = process.env.BENCH_CLAIM_SITES === '1';
export const YEAR = 2025;
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

/** Runs fn over items, `width` at a time, keeping their order. */
export async function inParallel(items, width, fn) {
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

/**
 * Seeds the organization through `app` (harness.mjs); `step` reports progress. Returns the organization,
 * the caller (platform admin token + organization id), the counts and the seconds each part took.
 */
export async function seedReportOrganization(app, step) {
  const seconds = (since) => +((Date.now() - since) / 1000).toFixed(1);
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

  return { org, as, admin, readings, claims: claims.length, apiSeconds, sqlSeconds, procurementSeconds };
}
