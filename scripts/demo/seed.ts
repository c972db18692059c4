/**
 * Demo data through the public API: a manufacturer with sites in Korea, Germany, the Netherlands and the
 * USA, a year of 15-minute readings for a dozen meters, rooftop solar self-generation, a virtual PPA, and
 * K-RECs, GOs and US RECs — a few of which fail RE100 rules for visible reasons.
 *
 * Everything is deterministic (seeded pseudo-random load profiles), so two runs give the same figures.
 * Certificate volumes are sized from the consumption just recorded, so a shorter run (`days`) still
 * shows every case.
 */
import { localDateTimeOf, startOfLocalDay } from '../../src/common/zoned-time';

/** A JSON API client signed in as a platform admin; `organizationId` sets the organization in context. */
export interface DemoApi {
  request<T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    organizationId?: string,
  ): Promise<T>;
}

export interface DemoOptions {
  /** The reporting year seeded (calendar year). */
  year: number;
  /** Days of readings from 1 January (default the whole year). */
  days?: number;
  log?: (message: string) => void;
}

export interface DemoSummary {
  organizationId: string;
  year: number;
  readings: number;
  rePercent: string;
  markets: { market: string; consumptionWh: string; eligibleWh: string; rePercent: string }[];
  /** Claims a rule failed or limited (metered self-generation's note left out). */
  claimsWithFindings: { claimId: string; status: string; reasons: string[] }[];
  scope2: { locationBased: Scope2Total; marketBased: Scope2Total };
  autoAllocationPlan: { market: string; plannedWh: string }[];
  /** The disclosure reports of the year, in English and Korean, once their jobs are done. */
  reports: DemoReport[];
}

export interface DemoReport {
  id: string;
  language: string;
  status: string;
  modelHash: string | null;
  failure: { code: string; message: string } | null;
}

interface Progress {
  rePercent: string;
  markets: { market: string; consumptionWh: string; eligibleWh: string; rePercent: string }[];
  claims: { claimId: string; status: string; reasons: string[] }[];
}

/** A Scope 2 total and what it leaves out for want of a factor. */
export interface Scope2Total {
  tCo2e: string;
  complete: boolean;
  leftOutMwh: string;
  leftOutSiteIds: string[];
}

interface Scope2 {
  organization: { locationBased: Scope2Total; marketBased: Scope2Total };
}

export const DEMO_ORGANIZATION = 'Hanbit Electronics (demo)';
const LEGAL_ENTITY = 'Hanbit Electronics Co., Ltd.';

interface MeterPlan {
  externalId: string;
  direction: 'import' | 'generation';
  /** Average load in kW (import) or peak output in kW (generation). */
  kw: number;
}

interface SitePlan {
  key: string;
  name: string;
  country: string;
  timeZone: string;
  gridRegion?: string;
  address: string;
  meters: MeterPlan[];
}

const SITES: SitePlan[] = [
  {
    key: 'gumi',
    name: 'Gumi semiconductor fab',
    country: 'KR',
    timeZone: 'Asia/Seoul',
    address: 'Gumi, Gyeongsangbuk-do',
    meters: [
      { externalId: 'KEPCO-GUMI-01', direction: 'import', kw: 1800 },
      { externalId: 'KEPCO-GUMI-02', direction: 'import', kw: 1500 },
      { externalId: 'KEPCO-GUMI-03', direction: 'import', kw: 1200 },
    ],
  },
  {
    key: 'pyeongtaek',
    name: 'Pyeongtaek assembly plant',
    country: 'KR',
    timeZone: 'Asia/Seoul',
    address: 'Pyeongtaek, Gyeonggi-do',
    meters: [
      { externalId: 'KEPCO-PT-01', direction: 'import', kw: 900 },
      { externalId: 'KEPCO-PT-02', direction: 'import', kw: 700 },
      { externalId: 'PT-ROOFTOP-PV', direction: 'generation', kw: 1000 },
    ],
  },
  {
    key: 'dresden',
    name: 'Dresden module plant',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    address: 'Dresden, Sachsen',
    meters: [
      { externalId: 'DE-SAG-DRS-1', direction: 'import', kw: 800 },
      { externalId: 'DE-SAG-DRS-2', direction: 'import', kw: 600 },
    ],
  },
  {
    key: 'eindhoven',
    name: 'Eindhoven design centre',
    country: 'NL',
    timeZone: 'Europe/Amsterdam',
    address: 'Eindhoven, Noord-Brabant',
    meters: [
      { externalId: 'NL-EAN-871687-01', direction: 'import', kw: 500 },
      { externalId: 'NL-EAN-871687-02', direction: 'import', kw: 400 },
    ],
  },
  {
    key: 'austin',
    name: 'Austin sales and service',
    country: 'US',
    timeZone: 'America/Chicago',
    gridRegion: 'ERCT',
    address: 'Austin, Texas',
    meters: [
      { externalId: 'ERCOT-AUS-1', direction: 'import', kw: 650 },
      { externalId: 'ERCOT-AUS-2', direction: 'import', kw: 450 },
    ],
  },
];

const QUARTER_HOUR = 900_000;
const BATCH = 10_000;

/** mulberry32: a small seeded generator, so the demo is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seedOf = (text: string) =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619), 2_166_136_261);

/**
 * kWh of one quarter-hour. Factories: a base load with a day shift and lighter weekends; solar: a bell over
 * the daylight hours, longer and higher in summer (northern hemisphere), with passing clouds.
 */
function quarterHourKwh(
  meter: MeterPlan,
  local: { month: number; hour: number; minute: number },
  weekday: number,
  noise: number,
): number {
  const hour = local.hour + local.minute / 60;
  if (meter.direction === 'generation') {
    const season = Math.cos(((local.month - 6.5) / 12) * 2 * Math.PI); // 1 in summer, −1 in winter
    const halfDay = 6 + 1.5 * season;
    const fromNoon = Math.abs(hour + 0.125 - 12.5);
    if (fromNoon >= halfDay) return 0;
    const sun = Math.cos((fromNoon / halfDay) * (Math.PI / 2));
    return (meter.kw / 4) * sun * sun * (0.75 + 0.1 * season) * (0.55 + 0.45 * noise);
  }
  const shift = hour >= 7 && hour < 19 ? 1.25 : 0.8;
  const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
  return (meter.kw / 4) * shift * weekend * (0.92 + 0.16 * noise);
}

/** The meter's readings for the period, in local-day order, as `{ start, value }` (kWh, 3 decimals). */
function* readingsOf(meter: MeterPlan, timeZone: string, year: number, days: number) {
  const next = random(seedOf(meter.externalId));
  const from = startOfLocalDay(`${year}-01-01`, timeZone).getTime();
  const endDate = new Date(Date.UTC(year, 0, 1 + days)).toISOString().slice(0, 10);
  const to = startOfLocalDay(endDate, timeZone).getTime();
  for (let t = from; t < to; t += QUARTER_HOUR) {
    const instant = new Date(t);
    const local = localDateTimeOf(instant, timeZone);
    const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
    yield { start: instant.toISOString(), value: quarterHourKwh(meter, local, weekday, next()).toFixed(3) };
  }
}

const daysIn = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
const MWH = 1_000_000n;
/** `share` of a market's consumption in whole MWh (at least 1). */
const mwhShare = (wh: bigint, share: number) => {
  const mwh = (wh * BigInt(Math.round(share * 1000))) / 1000n / MWH;
  return mwh > 0n ? mwh : 1n;
};

export async function seedDemo(api: DemoApi, options: DemoOptions): Promise<DemoSummary> {
  const { year } = options;
  const days = options.days ?? daysIn(year);
  const log = options.log ?? (() => undefined);

  const org = await api.request<{ id: string }>('POST', '/api/v1/organizations', {
    name: DEMO_ORGANIZATION,
    legalEntityName: LEGAL_ENTITY,
    country: 'KR',
    timeZone: 'Asia/Seoul',
    reportingYearStartMonth: 1,
    re100: { targetYear: 2040, baselineYear: year },
  });
  const call = <T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown) =>
    api.request<T>(method, `/api/v1${path}`, body, org.id);
  log(`organization ${DEMO_ORGANIZATION} (${org.id})`);

  // Sites, meters and a year of quarter-hours.
  const meterIds = new Map<string, string>();
  let readings = 0;
  for (const site of SITES) {
    const { key: _key, meters, ...fields } = site;
    const siteId = (await call<{ id: string }>('POST', '/sites', fields)).id;
    for (const meter of meters) {
      const meterId = (
        await call<{ id: string }>('POST', '/meters', {
          siteId,
          externalId: meter.externalId,
          kind: 'interval',
          intervalMinutes: 15,
          direction: meter.direction,
          unit: 'kWh',
        })
      ).id;
      meterIds.set(meter.externalId, meterId);
      let batch: { start: string; value: string }[] = [];
      const flush = async () => {
        if (!batch.length) return;
        await call('POST', `/meters/${meterId}/readings`, { readings: batch });
        readings += batch.length;
        batch = [];
      };
      for (const reading of readingsOf(meter, site.timeZone, year, days)) {
        batch.push(reading);
        if (batch.length === BATCH) await flush();
      }
      await flush();
      log(`  ${site.name}: ${meter.externalId} (${meter.direction})`);
    }
  }
  log(`${readings} readings`);

  // Facilities: the rooftop solar measured by its generation meter, and the plants behind certificates.
  const facility = async (body: Record<string, unknown>) =>
    (await call<{ id: string }>('POST', '/facilities', body)).id;
  const rooftop = await facility({
    name: 'Pyeongtaek rooftop solar',
    country: 'KR',
    technology: 'SOLAR',
    capacityMw: '1.000',
    commissioningDate: '2021-05-01',
    generationMeterIds: [meterIds.get('PT-ROOFTOP-PV')],
  });
  const yeongam = await facility({
    name: 'Yeongam wind farm',
    registryFacilityId: 'KPX-WF-0231',
    country: 'KR',
    technology: 'WIND',
    capacityMw: '40.000',
    commissioningDate: '2019-11-01',
  });
  const nordsee = await facility({
    name: 'Nordsee Ost wind park',
    registryFacilityId: 'DE-HKNR-NS-0007',
    country: 'DE',
    technology: 'WIND',
    capacityMw: '295.200',
    commissioningDate: '2018-07-01',
  });
  const zeeland = await facility({
    name: 'Zeeland solar park',
    registryFacilityId: 'NL-CERTIQ-ZS-114',
    country: 'NL',
    technology: 'SOLAR',
    capacityMw: '48.500',
    commissioningDate: '2022-03-15',
  });
  const roscoe = await facility({
    name: 'Roscoe West wind',
    registryFacilityId: 'ERCOT-T-4471',
    country: 'US',
    gridRegion: 'ERCT',
    technology: 'WIND',
    capacityMw: '150.000',
    commissioningDate: '2020-09-01',
  });
  const glomma = await facility({
    name: 'Glomma river hydro',
    registryFacilityId: 'NO-STATNETT-GL-02',
    country: 'NO',
    technology: 'HYDRO',
    capacityMw: '120.000',
    commissioningDate: '1968-01-01',
    sustainabilityEvidence: true,
    sustainabilityNote: 'Certified low-impact hydro, audit report 2024',
  });

  // Contracts: owned self-generation, a virtual PPA, K-REC purchases and a PPA starting later (forecast).
  const contract = async (body: Record<string, unknown>) =>
    (await call<{ id: string }>('POST', '/contracts', body)).id;
  await contract({
    method: 'SELF_GEN_OWNED',
    krTag: 'KR_SELF_GEN',
    counterparty: 'Hanbit Electronics (own asset)',
    startDate: '2021-05-01',
    signedDate: '2020-12-10',
    expectedAnnual: '1200',
    expectedAnnualUnit: 'MWh',
    eacsConveyed: true,
    facilityIds: [rooftop],
  });
  const vppa = await contract({
    method: 'PPA_VIRTUAL',
    counterparty: 'Roscoe West Wind LLC',
    startDate: '2024-01-01',
    endDate: '2038-12-31',
    signedDate: '2023-06-30',
    expectedAnnual: '7000',
    expectedAnnualUnit: 'MWh',
    eacsConveyed: true,
    consumptionMarket: 'US-CA',
    facilityIds: [roscoe],
  });
  const krecs = await contract({
    method: 'UNBUNDLED_EAC',
    krTag: 'KR_REC_PURCHASE',
    counterparty: 'Korea Power Exchange REC market',
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    signedDate: `${year - 1}-12-01`,
    expectedAnnual: '25000',
    expectedAnnualUnit: 'MWh',
    eacsConveyed: true,
    consumptionMarket: 'KR',
    facilityIds: [yeongam],
  });
  await contract({
    method: 'PPA_PHYSICAL',
    counterparty: 'Nordsee Ost Betriebs GmbH',
    startDate: `${year + 2}-01-01`,
    endDate: `${year + 16}-12-31`,
    signedDate: `${year}-09-15`,
    expectedAnnual: '9000',
    expectedAnnualUnit: 'MWh',
    eacsConveyed: true,
    consumptionMarket: 'EU',
    facilityIds: [nordsee],
  });

  // What was consumed per market decides the certificate volumes.
  const before = await call<{ markets: { market: string; consumptionWh: string }[] }>(
    'GET',
    `/re100/progress?year=${year}`,
  );
  const consumed = (market: string) =>
    BigInt(before.markets.find((m) => m.market === market)?.consumptionWh ?? '0');

  const cancelled = `${year + 1}-02-15`;
  const certificate = async (body: Record<string, unknown>) =>
    (
      await call<{ id: string }>('POST', '/certificates', {
        status: 'RETIRED',
        cancellationDate: cancelled,
        beneficiary: LEGAL_ENTITY,
        vintageStart: `${year}-01-01`,
        vintageEnd: `${year}-12-31`,
        ...body,
      })
    ).id;
  const range = (prefix: string, first: bigint, count: bigint, width = 6) => ({
    serialStart: `${prefix}${first.toString().padStart(width, '0')}`,
    serialEnd: `${prefix}${(first + count - 1n).toString().padStart(width, '0')}`,
  });
  const claim = (certificateId: string, consumptionMarket: string) =>
    call('POST', '/allocations', { certificateId, reportingYear: year, consumptionMarket });

  const kr = mwhShare(consumed('KR'), 0.55);
  await claim(
    await certificate({
      registry: 'KPX',
      instrumentType: 'K_REC',
      ...range(`KREC-${year}-`, 100_001n, kr),
      recCount: Number(kr),
      volume: kr.toString(),
      facilityId: yeongam,
      contractId: krecs,
    }),
    'KR',
  );
  const eu = mwhShare(consumed('EU'), 0.5);
  await claim(
    await certificate({
      registry: 'UBA-HKNR',
      instrumentType: 'GO',
      ...range(`DE-GO-${year}-`, 1n, eu),
      facilityId: nordsee,
    }),
    'EU',
  );
  const us = mwhShare(consumed('US-CA'), 0.7);
  await claim(
    await certificate({
      registry: 'ERCOT',
      instrumentType: 'US_REC',
      ...range(`TX-REC-${year}-`, 1n, us),
      facilityId: roscoe,
      contractId: vppa,
    }),
    'US-CA',
  );

  // Claims that fail for visible reasons.
  const old = mwhShare(consumed('EU'), 0.25);
  await claim(
    await certificate({
      registry: 'NECS',
      instrumentType: 'GO',
      ...range(`NO-GO-${year}-`, 1n, old),
      facilityId: glomma,
    }),
    'EU',
  ); // FACILITY_TOO_OLD: counts only within the 15 % age allowance
  const subsidiary = mwhShare(consumed('EU'), 0.08);
  await claim(
    await certificate({
      registry: 'CertiQ',
      instrumentType: 'GO',
      ...range(`NL-GO-${year}-`, 1n, subsidiary),
      facilityId: zeeland,
      beneficiary: 'Hanbit Europe B.V.',
    }),
    'EU',
  ); // BENEFICIARY_MISMATCH
  const stale = mwhShare(consumed('US-CA'), 0.1);
  await claim(
    await certificate({
      registry: 'ERCOT',
      instrumentType: 'US_REC',
      ...range(`TX-REC-${year - 2}-`, 1n, stale),
      facilityId: roscoe,
      vintageStart: `${year - 2}-01-01`,
      vintageEnd: `${year - 2}-12-31`,
      cancellationDate: `${year - 1}-03-01`,
    }),
    'US-CA',
  ); // VINTAGE_OUT_OF_WINDOW

  // Stock: GOs retired but not yet claimed (auto-allocation will find them), and an active lot.
  const stock = mwhShare(consumed('EU'), 0.15);
  await certificate({
    registry: 'CertiQ',
    instrumentType: 'GO',
    ...range(`NL-GO-${year}-`, 500_001n, stock),
    facilityId: zeeland,
  });
  await certificate({
    registry: 'CertiQ',
    instrumentType: 'GO',
    ...range(`NL-GO-${year}-`, 800_001n, stock),
    facilityId: zeeland,
    status: 'ACTIVE',
    cancellationDate: null,
    beneficiary: null,
  });

  const progress = await call<Progress>('GET', `/re100/progress?year=${year}`);
  const scope2 = await call<Scope2>('GET', `/emissions/scope2?year=${year}`);
  const plan = await call<{ markets: { market: string; plannedWh: string }[] }>(
    'POST',
    '/allocations/auto?dryRun=true',
    { reportingYear: year },
  );
  // The year's disclosure report in English and Korean: queued as jobs, made in the background.
  const queued = [];
  for (const language of ['en', 'ko']) {
    queued.push(await call<DemoReport>('POST', '/reports', { year, language }));
  }
  const reports: DemoReport[] = [];
  for (const report of queued) {
    let current = report;
    for (let wait = 0; current.status === 'queued' || current.status === 'running'; wait++) {
      if (wait > 600) throw new Error(`The report ${report.id} is still ${current.status} after a minute`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = await call<DemoReport>('GET', `/reports/${report.id}`);
    }
    reports.push(current);
  }
  return {
    organizationId: org.id,
    year,
    readings,
    rePercent: progress.rePercent,
    markets: progress.markets.map((m) => ({
      market: m.market,
      consumptionWh: m.consumptionWh,
      eligibleWh: m.eligibleWh,
      rePercent: m.rePercent,
    })),
    claimsWithFindings: progress.claims
      .filter((c) => c.reasons.some((r) => r !== 'METERED_SELF_GENERATION'))
      .map((c) => ({
        claimId: c.claimId,
        status: c.status,
        reasons: c.reasons,
      })),
    scope2: {
      locationBased: scope2.organization.locationBased,
      marketBased: scope2.organization.marketBased,
    },
    autoAllocationPlan: plan.markets.map((m: Record<string, string>) => ({
      market: m.market,
      plannedWh: m.plannedWh,
    })),
    reports,
  };
}
