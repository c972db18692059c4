import { finalizeYear } from '../support/reports';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { findChainBreak, GENESIS_HASH } from '../../src/audit/audit-chain';
import { AuditService } from '../../src/audit/audit.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { revertLastMigration, runMigrations } from '../../src/database/migrate';
import { expectError } from '../support/assertions';
import { withDb } from '../support/readings';
import {
  auditEntries,
  Caller,
  createOrganization,
  startTestApp,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * The facts the RE100 engine judges contracts, facilities and evidence by (RE100-AGE-2 corrected, V5-AGE-1,
 * V5-COAL-1, V5-CANCEL-1, V5-PASSIVE-1, K-RE100 equity stakes), through the API on the schema the migrations
 * build, and the migration that converts the former KR_EQUITY_INVESTMENT tag.
 */
describe('contract, facility and evidence facts', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let facilityId: string;

  const ppa = (extra: Record<string, unknown> = {}) => ({
    method: 'PPA_PHYSICAL',
    counterparty: `Offshore ${randomUUID().slice(0, 6)}`,
    startDate: '2025-01-01',
    signedDate: '2024-03-01',
    eacsConveyed: true,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    [org, other] = await Promise.all([
      createOrganization(t.http, 'Facts'),
      createOrganization(t.http, 'FactsOther'),
    ]);
    facilityId = (
      await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Saemangeum Solar',
          country: 'KR',
          technology: 'SOLAR',
          commissioningDate: '2024-06-01',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** Runs `act` and checks that the organization's contracts, facilities and audit log did not change. */
  async function writesNothing<T>(o: TestOrganization, act: () => Promise<T>): Promise<T> {
    const state = async () => ({
      contracts: (await o.as.auditor.get('/api/v1/contracts?limit=500').expect(200)).body,
      facilities: (await o.as.auditor.get('/api/v1/facilities?limit=500').expect(200)).body,
      audit: (await auditEntries(o)).length,
    });
    const before = await state();
    const result = await act();
    expect(await state()).toEqual(before);
    return result;
  }

  describe('contracts', () => {
    it('records the PPA age-exemption facts, the trial operation and an equity stake, reads them back and audits them', async () => {
      const created = await org.as.officer
        .post(
          '/api/v1/contracts',
          ppa({
            krTag: 'KR_DIRECT_PPA',
            longTerm: true,
            projectSpecific: true,
            firstOfftaker: true,
            trialOperationEndDate: '2025-03-01',
            equityStake: true,
            facilityIds: [facilityId],
          }),
        )
        .expect(201);
      const facts = {
        longTerm: true,
        projectSpecific: true,
        firstOfftaker: true,
        trialOperationEndDate: '2025-03-01',
        equityStake: true,
        passiveBasis: null,
      };
      expect(created.body).toMatchObject({ method: 'PPA_PHYSICAL', krTag: 'KR_DIRECT_PPA', ...facts });
      expect((await org.as.auditor.get(`/api/v1/contracts/${created.body.id}`).expect(200)).body).toEqual(
        created.body,
      );
      const [entry] = await auditEntries(org, `&entityType=contract&entityId=${created.body.id}`);
      expect(entry).toMatchObject({ action: 'create', after: facts });

      const updated = await org.as.officer
        .patch(`/api/v1/contracts/${created.body.id}`, {
          longTerm: false,
          projectSpecific: false,
          firstOfftaker: false,
          trialOperationEndDate: null,
          equityStake: false,
        })
        .expect(200);
      const cleared = {
        longTerm: false,
        projectSpecific: false,
        firstOfftaker: false,
        trialOperationEndDate: null,
        equityStake: false,
      };
      expect(updated.body).toMatchObject(cleared);
      expect((await org.as.auditor.get(`/api/v1/contracts/${created.body.id}`)).body).toMatchObject(cleared);
      const entries = await auditEntries(org, `&entityType=contract&entityId=${created.body.id}`);
      expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
      expect(entries[1]).toMatchObject({ before: facts, after: cleared });
    });

    it('defaults every fact to false or null', async () => {
      const created = await org.as.officer.post('/api/v1/contracts', ppa()).expect(201);
      expect(created.body).toMatchObject({
        longTerm: false,
        projectSpecific: false,
        firstOfftaker: false,
        trialOperationEndDate: null,
        equityStake: false,
        passiveBasis: null,
      });
    });

    it('keeps an equity stake on a REC purchase, and a passive basis on default-delivered electricity', async () => {
      const rec = await org.as.officer
        .post(
          '/api/v1/contracts',
          ppa({ method: 'UNBUNDLED_EAC', krTag: 'KR_REC_PURCHASE', equityStake: true }),
        )
        .expect(201);
      expect(rec.body).toMatchObject({
        method: 'UNBUNDLED_EAC',
        krTag: 'KR_REC_PURCHASE',
        equityStake: true,
      });
      const passive = await org.as.officer
        .post('/api/v1/contracts', ppa({ method: 'DEFAULT_DELIVERED', passiveBasis: 'SUPPLIER_PRO_RATA' }))
        .expect(201);
      expect(passive.body.passiveBasis).toBe('SUPPLIER_PRO_RATA');
      const changed = await org.as.officer
        .patch(`/api/v1/contracts/${passive.body.id}`, { passiveBasis: 'MANDATE_ONLY' })
        .expect(200);
      expect(changed.body.passiveBasis).toBe('MANDATE_ONLY');
      // Leaving DEFAULT_DELIVERED needs the basis cleared in the same request.
      expectError(
        await writesNothing(org, () =>
          org.as.officer.patch(`/api/v1/contracts/${passive.body.id}`, { method: 'PPA_VIRTUAL' }),
        ),
        400,
        'PASSIVE_BASIS_NOT_ALLOWED',
        'passiveBasis',
      );
      const moved = await org.as.officer
        .patch(`/api/v1/contracts/${passive.body.id}`, { method: 'PPA_VIRTUAL', passiveBasis: null })
        .expect(200);
      expect(moved.body).toMatchObject({ method: 'PPA_VIRTUAL', passiveBasis: null });
      // A REC purchase with an equity stake cannot become self-generation while the stake is set.
      expectError(
        await writesNothing(org, () =>
          org.as.officer.patch(`/api/v1/contracts/${rec.body.id}`, { method: 'SELF_GEN_OWNED', krTag: null }),
        ),
        400,
        'EQUITY_STAKE_NOT_ALLOWED',
        'equityStake',
      );
    });

    it.each([
      ['longTerm as a string', { longTerm: 'true' }, 'VALIDATION_FAILED', 'longTerm'],
      ['projectSpecific as a number', { projectSpecific: 1 }, 'VALIDATION_FAILED', 'projectSpecific'],
      ['firstOfftaker null', { firstOfftaker: null }, 'VALIDATION_FAILED', 'firstOfftaker'],
      ['equityStake as a string', { equityStake: 'yes' }, 'VALIDATION_FAILED', 'equityStake'],
      [
        'a trial end that is no date',
        { trialOperationEndDate: '2025-02-30' },
        'VALIDATION_FAILED',
        'trialOperationEndDate',
      ],
      [
        'a trial end with a time',
        { trialOperationEndDate: '2025-02-01T00:00:00Z' },
        'VALIDATION_FAILED',
        'trialOperationEndDate',
      ],
      [
        'an unknown passive basis',
        { method: 'DEFAULT_DELIVERED', passiveBasis: 'RPS' },
        'VALIDATION_FAILED',
        'passiveBasis',
      ],
      [
        'a passive basis on a PPA',
        { passiveBasis: 'SUPPLIER_PRO_RATA' },
        'PASSIVE_BASIS_NOT_ALLOWED',
        'passiveBasis',
      ],
      [
        'an equity stake on self-generation',
        { method: 'SELF_GEN_OWNED', equityStake: true },
        'EQUITY_STAKE_NOT_ALLOWED',
        'equityStake',
      ],
      [
        'an equity stake on a green tariff',
        { method: 'SUPPLIER_GREEN_TARIFF', equityStake: true },
        'EQUITY_STAKE_NOT_ALLOWED',
        'equityStake',
      ],
      [
        'the former equity tag',
        { method: 'SELF_GEN_OWNED', krTag: 'KR_EQUITY_INVESTMENT' },
        'VALIDATION_FAILED',
        'krTag',
      ],
    ])('refuses %s with 400 and writes nothing', async (_case, extra, code, field) => {
      const res = await writesNothing(org, () => org.as.officer.post('/api/v1/contracts', ppa(extra)));
      expectError(res, 400, code, field);
    });

    it('says what to do instead of the former KR_EQUITY_INVESTMENT tag, on create and on update', async () => {
      const created = await org.as.officer.post('/api/v1/contracts', ppa()).expect(201);
      for (const res of [
        await org.as.officer.post('/api/v1/contracts', ppa({ krTag: 'KR_EQUITY_INVESTMENT' })),
        await org.as.officer.patch(`/api/v1/contracts/${created.body.id}`, { krTag: 'KR_EQUITY_INVESTMENT' }),
      ]) {
        expectError(res, 400, 'VALIDATION_FAILED', 'krTag');
        expect(res.body.details[0].message).toMatch(/equityStake/);
      }
      expect((await org.as.auditor.get(`/api/v1/contracts/${created.body.id}`)).body.krTag).toBeNull();
    });

    it('maps each Korean tag onto the methods of its RE100 type (the green premium is a supplier contract)', async () => {
      await org.as.officer
        .post('/api/v1/contracts', ppa({ method: 'SUPPLIER_GREEN_TARIFF', krTag: 'KR_GREEN_PREMIUM' }))
        .expect(201);
      expectError(
        await org.as.officer.post('/api/v1/contracts', ppa({ krTag: 'KR_GREEN_PREMIUM' })),
        422,
        'KR_TAG_MISMATCH',
        'krTag',
      );
      await org.as.officer
        .post('/api/v1/contracts', ppa({ method: 'SELF_GEN_THIRD_PARTY', krTag: 'KR_SELF_GEN' }))
        .expect(201);
    });

    it("answers 404 for another organization's contract and changes nothing", async () => {
      const created = await org.as.officer.post('/api/v1/contracts', ppa()).expect(201);
      await other.as.admin.get(`/api/v1/contracts/${created.body.id}`).expect(404);
      expectError(
        await writesNothing(org, () =>
          other.as.officer.patch(`/api/v1/contracts/${created.body.id}`, { longTerm: true }),
        ),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('facilities', () => {
    it('records coal co-firing, reads it back, updates it and audits it', async () => {
      const created = await org.as.officer
        .post('/api/v1/facilities', {
          name: 'Dangjin co-firing',
          country: 'KR',
          technology: 'BIOMASS',
          commissioningDate: '2016-01-01',
          coalCofiring: true,
        })
        .expect(201);
      expect(created.body.coalCofiring).toBe(true);
      expect((await org.as.auditor.get(`/api/v1/facilities/${created.body.id}`)).body.coalCofiring).toBe(
        true,
      );
      const updated = await org.as.officer
        .patch(`/api/v1/facilities/${created.body.id}`, { coalCofiring: false })
        .expect(200);
      expect(updated.body.coalCofiring).toBe(false);
      const entries = await auditEntries(org, `&entityType=facility&entityId=${created.body.id}`);
      expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
      expect(entries[1]).toMatchObject({ before: { coalCofiring: true }, after: { coalCofiring: false } });
      const plain = (await org.as.auditor.get(`/api/v1/facilities/${facilityId}`)).body;
      expect(plain.coalCofiring).toBe(false);
    });

    it.each([
      ['a string', 'true'],
      ['null', null],
    ])('refuses coalCofiring as %s with 400 and writes nothing', async (_case, value) => {
      const res = await writesNothing(org, () =>
        org.as.officer.patch(`/api/v1/facilities/${facilityId}`, { coalCofiring: value }),
      );
      expectError(res, 400, 'VALIDATION_FAILED', 'coalCofiring');
    });

    it("answers 404 for another organization's facility and changes nothing", async () => {
      await other.as.admin.get(`/api/v1/facilities/${facilityId}`).expect(404);
      expectError(
        await writesNothing(org, () =>
          other.as.officer.patch(`/api/v1/facilities/${facilityId}`, { coalCofiring: true }),
        ),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('evidence kinds', () => {
    const PDF = Buffer.from('%PDF-1.7\nstatement\n%%EOF\n');
    const upload = (as: Caller, url: string, fields: Record<string, string> = {}) => {
      const req = as
        .raw('post', url)
        .attach('file', PDF, { filename: 's.pdf', contentType: 'application/pdf' });
      for (const [name, value] of Object.entries(fields)) req.field(name, value);
      return req;
    };

    it('stores what a file shows (default OTHER) and lists it', async () => {
      const contract = (await org.as.officer.post('/api/v1/contracts', ppa()).expect(201)).body;
      const url = `/api/v1/contracts/${contract.id}/evidence`;
      const signed = await upload(org.as.officer, url, { kind: 'CONTRACT' }).expect(201);
      expect(signed.body.kind).toBe('CONTRACT');
      const plain = await upload(org.as.officer, url).expect(201);
      expect(plain.body.kind).toBe('OTHER');
      const list = await org.as.auditor.get(url).expect(200);
      expect(list.body.items.map((e: { kind: string }) => e.kind)).toEqual(['CONTRACT', 'OTHER']);
      const [entry] = await auditEntries(org, `&entityType=evidence&entityId=${signed.body.id}`);
      expect(entry).toMatchObject({ action: 'create', after: { kind: 'CONTRACT' } });
    });

    it('refuses an unknown kind with 400 and stores nothing', async () => {
      const contract = (await org.as.officer.post('/api/v1/contracts', ppa()).expect(201)).body;
      const url = `/api/v1/contracts/${contract.id}/evidence`;
      const auditBefore = (await auditEntries(org)).length;
      expectError(await upload(org.as.officer, url, { kind: 'RECEIPT' }), 400, 'VALIDATION_FAILED', 'kind');
      expect((await org.as.auditor.get(url).expect(200)).body.total).toBe(0);
      expect((await auditEntries(org)).length).toBe(auditBefore);
    });
  });

  describe('a finalized year', () => {
    let locked: TestOrganization;
    let contractId: string;
    let lockedFacilityId: string;
    let certificateId: string;

    beforeAll(async () => {
      locked = await createOrganization(t.http, 'FactsLocked');
      lockedFacilityId = (
        await locked.as.officer
          .post('/api/v1/facilities', {
            name: 'Borkum Riffgrund',
            country: 'DE',
            technology: 'WIND',
            commissioningDate: '2015-09-01',
          })
          .expect(201)
      ).body.id;
      contractId = (
        await locked.as.officer
          .post('/api/v1/contracts', ppa({ signedDate: '2024-02-01', facilityIds: [lockedFacilityId] }))
          .expect(201)
      ).body.id;
      certificateId = (
        await locked.as.officer
          .post('/api/v1/certificates', {
            registry: `AIB-DE-${randomUUID().slice(0, 6)}`,
            instrumentType: 'GO',
            serialStart: 'GO-DE-2025-000001',
            serialEnd: 'GO-DE-2025-000010',
            facilityId: lockedFacilityId,
            contractId,
            vintageStart: '2025-01-01',
            vintageEnd: '2025-03-31',
            status: 'RETIRED',
            cancellationDate: '2025-05-02',
            beneficiary: 'FactsLocked Co., Ltd.',
          })
          .expect(201)
      ).body.id;
      await locked.as.officer
        .post('/api/v1/allocations', { certificateId, reportingYear: 2025, consumptionMarket: 'EU' })
        .expect(201);
      await finalizeYear(locked.as.admin, 2025);
    });

    it.each([
      ['longTerm', { longTerm: true }],
      ['projectSpecific', { projectSpecific: true }],
      ['firstOfftaker', { firstOfftaker: true }],
      ['trialOperationEndDate', { trialOperationEndDate: '2015-12-01' }],
      ['equityStake', { equityStake: true }],
    ])('refuses changing %s of a contract claimed in it (409 PERIOD_LOCKED)', async (_field, change) => {
      expectError(
        await writesNothing(locked, () => locked.as.officer.patch(`/api/v1/contracts/${contractId}`, change)),
        409,
        'PERIOD_LOCKED',
      );
    });

    it('still takes changes that do not touch figures, such as the counterparty', async () => {
      await locked.as.officer
        .patch(`/api/v1/contracts/${contractId}`, { counterparty: 'Borkum Riffgrund GmbH' })
        .expect(200);
    });

    it("refuses changing the facility's coal co-firing (409 PERIOD_LOCKED)", async () => {
      expectError(
        await writesNothing(locked, () =>
          locked.as.officer.patch(`/api/v1/facilities/${lockedFacilityId}`, { coalCofiring: true }),
        ),
        409,
        'PERIOD_LOCKED',
      );
    });

    it('refuses attaching a cancellation statement to a certificate claimed in it (409 PERIOD_LOCKED)', async () => {
      const url = `/api/v1/certificates/${certificateId}/evidence`;
      const res = await locked.as.officer
        .raw('post', url)
        .attach('file', Buffer.from('%PDF-1.7\n%%EOF\n'), {
          filename: 'c.pdf',
          contentType: 'application/pdf',
        })
        .field('kind', 'CANCELLATION_STATEMENT');
      expectError(res, 409, 'PERIOD_LOCKED');
      expect((await locked.as.auditor.get(url).expect(200)).body.total).toBe(0);
    });
  });

  describe('instruments that never count', () => {
    it.each(['J_CREDIT', 'CARBON_OFFSET'])(
      'records a %s (with its energy given), so that a claim on it gets the engine’s reason',
      async (instrumentType) => {
        const res = await org.as.officer
          .post('/api/v1/certificates', {
            registry: `JCR-${randomUUID().slice(0, 6)}`,
            instrumentType,
            serialStart: 'JC-1',
            serialEnd: 'JC-10',
            volume: '10',
            facilityId,
            vintageStart: '2025-01-01',
            vintageEnd: '2025-12-31',
          })
          .expect(201);
        expect(res.body).toMatchObject({ instrumentType, volumeWh: '10000000' });
        expectError(
          await org.as.officer.post('/api/v1/certificates', {
            registry: `JCR-${randomUUID().slice(0, 6)}`,
            instrumentType,
            serialStart: 'JC-1',
            serialEnd: 'JC-10',
            facilityId,
            vintageStart: '2025-01-01',
            vintageEnd: '2025-12-31',
          }),
          422,
          'VOLUME_REQUIRED',
        );
      },
    );
  });
});

describe('market boundaries as dated rows (RE100-MB-3)', () => {
  /** Runs `work` in a transaction that is rolled back: the shared reference table is left as it was. */
  async function inRolledBackTransaction(work: (db: Client) => Promise<void>) {
    await withDb(async (db) => {
      await db.query('BEGIN');
      try {
        await work(db);
      } finally {
        await db.query('ROLLBACK');
      }
    });
  }
  const insert = (db: Client, market: string, from: string | null, to: string | null) =>
    db.query(
      `INSERT INTO market_boundaries (ruleset, country, market, valid_from, valid_to) VALUES ('TEST_MB', 'GB', $1, $2, $3)`,
      [market, from, to],
    );

  it('lets a country leave a market and rejoin it', async () => {
    await inRolledBackTransaction(async (db) => {
      await insert(db, 'EU', null, '2021-01-01');
      await insert(db, 'EU', '2030-01-01', null);
      const { rows } = await db.query(
        `SELECT market, valid_from::text AS "from", valid_to::text AS "to" FROM market_boundaries
         WHERE ruleset = 'TEST_MB' ORDER BY valid_from NULLS FIRST`,
      );
      expect(rows).toEqual([
        { market: 'EU', from: null, to: '2021-01-01' },
        { market: 'EU', from: '2030-01-01', to: null },
      ]);
    });
  });

  // 23P01: the periods overlap; 23505: the same (ruleset, country, market, start) twice, which overlaps too.
  it.each([
    ['in another market on an overlapping day', 'GB', '2020-12-31', '2031-01-01', ['23P01']],
    ['in the same market on an overlapping day', 'EU', '2035-01-01', null, ['23P01']],
    ['twice in the same market from the same day', 'EU', '2030-01-01', '2031-01-01', ['23505', '23P01']],
    ['twice in the same market since always', 'EU', null, '2019-01-01', ['23505', '23P01']],
  ])('refuses a country %s', async (_case, market, from, to, sqlStates) => {
    await inRolledBackTransaction(async (db) => {
      await insert(db, 'EU', null, '2021-01-01');
      await insert(db, 'EU', '2030-01-01', null);
      const error = await insert(db, market, from, to).then(
        () => null,
        (e: { code: string }) => e,
      );
      expect(sqlStates).toContain(error?.code);
    });
  });
});

describe('migration ProcurementFacts1765000000000: the former KR_EQUITY_INVESTMENT tag', () => {
  const MIGRATION = 'ProcurementFacts1765000000000';
  const ALL = readdirSync(path.join(__dirname, '..', '..', 'migrations'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const [, timestamp, name] = /^(\d+)-(\w+)\.ts$/.exec(f)!;
      return `${name}${timestamp}`;
    });
  const ORG = '00000000-0000-4000-8000-0000000000a1';
  const EQUITY = '00000000-0000-4000-8000-0000000000c1';
  const DIRECT = '00000000-0000-4000-8000-0000000000c2';
  const FACILITY = '00000000-0000-4000-8000-0000000000f1';

  let url: string;
  let drop: () => Promise<void>;
  let dataSource: DataSource | undefined;

  const query = async (sql: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const contracts = () =>
    query(`SELECT id, method, kr_tag FROM contracts WHERE organization_id = $1 ORDER BY id`, [ORG]);
  /** The organization's audit chain, checked link by link as the verification endpoint does. */
  async function chain() {
    dataSource ??= await new DataSource(dataSourceOptions(url, 2)).initialize();
    const entries = await new AuditService(dataSource).entriesAfter(dataSource.manager, ORG, '0', 1000);
    expect(findChainBreak(entries, { seq: '0', hash: GENESIS_HASH })).toBeNull();
    return entries;
  }

  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_OWNER_URL!;
    const name = `re100_facts_${randomUUID().slice(0, 8)}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`CREATE DATABASE ${name}`);
    const target = new URL(server);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = () => admin(`DROP DATABASE ${name} WITH (FORCE)`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await drop();
  });

  it('converts it to a REC purchase with an equity stake, audited in the chain, and back on revert', async () => {
    // The schema as it was before the migration, with a contract that carries the former tag.
    await runMigrations(url);
    for (let i = 0; i < ALL.length - ALL.indexOf(MIGRATION); i++) await revertLastMigration(url);
    await query(
      `INSERT INTO organizations (id, name, legal_entity_name, country, time_zone)
       VALUES ($1, 'Equity Org', 'Equity Org Co., Ltd.', 'KR', 'Asia/Seoul')`,
      [ORG],
    );
    await query(
      `INSERT INTO generation_facilities (organization_id, id, name, country, technology, commissioning_date)
       VALUES ($1, $2, 'Yeongam Solar', 'KR', 'SOLAR', '2020-01-01')`,
      [ORG, FACILITY],
    );
    await query(
      `INSERT INTO contracts (organization_id, id, method, kr_tag, counterparty, start_date, signed_date, eacs_conveyed)
       VALUES ($1, $2, 'SELF_GEN_OWNED', 'KR_EQUITY_INVESTMENT', 'Yeongam SPC', '2024-01-01', '2023-06-01', true),
              ($1, $3, 'PPA_PHYSICAL', 'KR_DIRECT_PPA', 'Hanwha', '2024-01-01', '2023-06-01', true)`,
      [ORG, EQUITY, DIRECT],
    );
    await query(
      `INSERT INTO contract_facilities (organization_id, contract_id, facility_id) VALUES ($1, $2, $3)`,
      [ORG, EQUITY, FACILITY],
    );
    // An entry already in the chain: the migration's entries must link onto it.
    dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
    await dataSource.transaction((em) =>
      new AuditService(dataSource!).record(
        em,
        { organizationId: ORG, actor: { type: 'system', id: null, label: 'test' }, requestId: null },
        { action: 'create', entityType: 'contract', entityId: EQUITY, after: { id: EQUITY } },
      ),
    );

    await runMigrations(url);
    expect(await contracts()).toEqual([
      { id: EQUITY, method: 'UNBUNDLED_EAC', kr_tag: 'KR_REC_PURCHASE' },
      { id: DIRECT, method: 'PPA_PHYSICAL', kr_tag: 'KR_DIRECT_PPA' },
    ]);
    expect(
      await query(`SELECT equity_stake FROM contracts WHERE organization_id = $1 ORDER BY id`, [ORG]),
    ).toEqual([{ equity_stake: true }, { equity_stake: false }]);
    const converted = await chain();
    expect(converted).toHaveLength(2);
    expect(converted[1]).toMatchObject({
      seq: '2',
      actorType: 'system',
      actorId: null,
      actorLabel: `migration ${MIGRATION}`,
      action: 'update',
      entityType: 'contract',
      entityId: EQUITY,
      before: {
        method: 'SELF_GEN_OWNED',
        krTag: 'KR_EQUITY_INVESTMENT',
        equityStake: false,
        facilityIds: [FACILITY],
      },
      after: {
        method: 'UNBUNDLED_EAC',
        krTag: 'KR_REC_PURCHASE',
        equityStake: true,
        facilityIds: [FACILITY],
      },
    });
    // The schema now refuses the former tag, and an equity stake where it cannot count.
    await expect(
      query(`UPDATE contracts SET kr_tag = 'KR_EQUITY_INVESTMENT' WHERE organization_id = $1 AND id = $2`, [
        ORG,
        DIRECT,
      ]),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      query(
        `UPDATE contracts SET method = 'SELF_GEN_OWNED', kr_tag = NULL WHERE organization_id = $1 AND id = $2`,
        [ORG, EQUITY],
      ),
    ).rejects.toMatchObject({ code: '23514' });

    // Revert: the converted contract gets its former tag and method back, audited too.
    for (let i = 0; i < ALL.length - ALL.indexOf(MIGRATION); i++) await revertLastMigration(url);
    expect(await contracts()).toEqual([
      { id: EQUITY, method: 'SELF_GEN_OWNED', kr_tag: 'KR_EQUITY_INVESTMENT' },
      { id: DIRECT, method: 'PPA_PHYSICAL', kr_tag: 'KR_DIRECT_PPA' },
    ]);
    expect(
      await query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'contracts' AND column_name = 'equity_stake'`,
      ),
    ).toEqual([{ n: 0 }]);
    const reverted = await chain();
    expect(reverted).toHaveLength(3);
    expect(reverted[2]).toMatchObject({
      actorLabel: `migration ${MIGRATION} (revert)`,
      entityId: EQUITY,
      before: { method: 'UNBUNDLED_EAC', krTag: 'KR_REC_PURCHASE', equityStake: true },
      after: { method: 'SELF_GEN_OWNED', krTag: 'KR_EQUITY_INVESTMENT', equityStake: false },
    });

    // And forward again.
    await runMigrations(url);
    expect((await contracts())[0]).toEqual({
      id: EQUITY,
      method: 'UNBUNDLED_EAC',
      kr_tag: 'KR_REC_PURCHASE',
    });
    expect(await chain()).toHaveLength(4);
  });
});
