import { finalizeYear } from '../support/reports';
import { randomUUID } from 'node:crypto';
import { expectError } from '../support/assertions';
import { rollupsMatchReadings } from '../support/readings';
import { createOrganization, startTestApp, TestApp, TestOrganization } from '../support/test-app';

describe('register meters (M-2)', () => {
  let t: TestApp;
  let org: TestOrganization;
  let siteId: string;
  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t.http, 'Register');
    siteId = (
      await org.as.officer
        .post('/api/v1/sites', { name: 'Ulsan', country: 'KR', timeZone: 'Asia/Seoul' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const registerMeter = async (rolloverModulus?: string) =>
    (
      await org.as.officer
        .post('/api/v1/meters', {
          siteId,
          externalId: `R-${randomUUID().slice(0, 8)}`,
          kind: 'register',
          direction: 'import',
          unit: 'kWh',
          ...(rolloverModulus ? { rolloverModulus } : {}),
        })
        .expect(201)
    ).body.id as string;
  const reads = (meterId: string, body: { at: string; value: string | number }[]) =>
    org.as.officer.post(`/api/v1/meters/${meterId}/readings`, { readings: body });
  const consumed = async (meterId: string) =>
    (
      await org.as.auditor
        .get(`/api/v1/consumption?granularity=year&from=2026-01-01&to=2027-01-01&meterId=${meterId}`)
        .expect(200)
    ).body.totals.importWh;

  it('turns consecutive register values into consumption; the first read is the baseline', async () => {
    const meter = await registerMeter();
    const res = await reads(meter, [
      { at: '2026-02-01T00:00:00+09:00', value: '1000.000' },
      { at: '2026-02-02T00:00:00+09:00', value: '1012.345' },
      { at: '2026-02-03T00:00:00+09:00', value: '1020' },
    ]).expect(200);
    expect(res.body).toMatchObject({ accepted: 3, rejected: [] });
    expect(await consumed(meter)).toBe('20000');
    const listed = await org.as.auditor.get(`/api/v1/meters/${meter}/readings`).expect(200);
    expect(
      listed.body.items.map((r: { valueWh: string; durationMinutes: number; source: string }) => [
        r.valueWh,
        r.durationMinutes,
        r.source,
      ]),
    ).toEqual([
      ['12345', 1440, 'register'],
      ['7655', 1440, 'register'],
    ]);
    expect(
      (await reads(meter, [{ at: '2026-02-03T00:00:00+09:00', value: '1020' }]).expect(200)).body.duplicates,
    ).toBe(1);
    // The whole batch again, as a gateway retries: duplicates, nothing changes.
    const resent = await reads(meter, [
      { at: '2026-02-01T00:00:00+09:00', value: '1000.000' },
      { at: '2026-02-02T00:00:00+09:00', value: '1012.345' },
      { at: '2026-02-03T00:00:00+09:00', value: '1020' },
    ]).expect(200);
    expect(resent.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: [] });
    expect(await consumed(meter)).toBe('20000');
    expect((await rollupsMatchReadings(meter)).mismatches).toEqual([]);
  });

  it('unwraps a plausible rollover and refuses an unexplained decrease', async () => {
    const meter = await registerMeter('1000000');
    await reads(meter, [{ at: '2026-03-01T00:00:00Z', value: '999990' }]).expect(200);
    const wrapped = await reads(meter, [{ at: '2026-03-02T00:00:00Z', value: '15' }]).expect(200);
    expect(wrapped.body.accepted).toBe(1);
    expect(await consumed(meter)).toBe('25000');
    const down = await reads(meter, [{ at: '2026-03-03T00:00:00Z', value: '10' }]).expect(422);
    expect(down.body).toMatchObject({ code: 'READINGS_REJECTED', details: [{ code: 'REGISTER_DECREASE' }] });
    const noModulus = await registerMeter();
    await reads(noModulus, [{ at: '2026-03-01T00:00:00Z', value: '500' }]).expect(200);
    expect(
      (await reads(noModulus, [{ at: '2026-03-02T00:00:00Z', value: '20' }]).expect(422)).body.details[0]
        .code,
    ).toBe('REGISTER_DECREASE');
  });

  it('starts a new series after a declared exchange, so the drop is not consumption', async () => {
    const meter = await registerMeter();
    await reads(meter, [
      { at: '2026-04-01T00:00:00Z', value: '5000' },
      { at: '2026-04-02T00:00:00Z', value: '5100' },
    ]).expect(200);
    expectError(
      await org.as.officer.post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2026-04-01T12:00:00Z',
        reason: 'exchange',
      }),
      409,
      'REGISTER_OUT_OF_ORDER',
    );
    const reset = await org.as.officer
      .post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2026-04-02T06:00:00Z',
        value: '3',
        reason: 'meter exchanged',
      })
      .expect(201);
    expect(reset.body).toMatchObject({ series: 1, registerWh: '3000' });
    expect(
      (await reads(meter, [{ at: '2026-04-03T00:00:00Z', value: '10' }]).expect(200)).body,
    ).toMatchObject({ accepted: 1, rejected: [] });
    expect(await consumed(meter)).toBe(String(100_000 + 7_000));
    expect(
      await org.as.executive.post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2026-05-01T00:00:00Z',
        reason: 'x',
      }),
    ).toHaveProperty('status', 403);
    const interval = (
      await org.as.officer
        .post('/api/v1/meters', {
          siteId,
          externalId: `I-${randomUUID().slice(0, 6)}`,
          kind: 'interval',
          intervalMinutes: 15,
          direction: 'import',
          unit: 'Wh',
        })
        .expect(201)
    ).body.id;
    expectError(
      await org.as.officer.post(`/api/v1/meters/${interval}/register-resets`, {
        at: '2026-05-01T00:00:00Z',
        reason: 'x',
      }),
      422,
      'METER_KIND_MISMATCH',
    );
    expectError(
      await org.as.officer.post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2026-05-01T00:00:00',
        reason: 'x',
      }),
      400,
      'VALIDATION_FAILED',
      'at',
    );
  });

  it('keeps finalized years closed to register reads and resets (invariant 7)', async () => {
    const locked = await createOrganization(t.http, 'RegisterLocked');
    const site = (
      await locked.as.officer
        .post('/api/v1/sites', { name: 'Pohang', country: 'KR', timeZone: 'Asia/Seoul' })
        .expect(201)
    ).body.id;
    const meter = (
      await locked.as.officer
        .post('/api/v1/meters', {
          siteId: site,
          externalId: 'REG-1',
          kind: 'register',
          direction: 'import',
          unit: 'Wh',
        })
        .expect(201)
    ).body.id;
    const push = (body: { at: string; value: number }[]) =>
      locked.as.officer.post(`/api/v1/meters/${meter}/readings`, { readings: body });
    await push([{ at: '2024-12-30T00:00:00+09:00', value: 100 }]).expect(200);
    await finalizeYear(locked.as.admin, 2024);
    // The consumption since the last read would start on 30 December 2024: refused.
    expectError(await push([{ at: '2025-01-02T00:00:00+09:00', value: 1100 }]), 409, 'PERIOD_LOCKED');
    const yearTotal = async (year: number) =>
      (
        await locked.as.auditor
          .get(
            `/api/v1/consumption?granularity=year&from=${year}-01-01&to=${year + 1}-01-01&meterId=${meter}`,
          )
          .expect(200)
      ).body.totals.importWh;
    expect(await yearTotal(2024)).toBe('0');
    expectError(
      await locked.as.officer.post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2024-12-31T00:00:00+09:00',
        reason: 'x',
      }),
      409,
      'PERIOD_LOCKED',
    );
    expectError(
      await locked.as.officer.post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2099-01-01T00:00:00Z',
        reason: 'x',
      }),
      422,
      'FUTURE_INTERVAL',
    );
    // A reset after the year end starts a series that the new year's reads continue.
    await locked.as.officer
      .post(`/api/v1/meters/${meter}/register-resets`, {
        at: '2025-01-01T00:00:00+09:00',
        value: 1000,
        unit: 'Wh',
        reason: 'new year baseline',
      })
      .expect(201);
    expect((await push([{ at: '2025-01-02T00:00:00+09:00', value: 1100 }]).expect(200)).body.accepted).toBe(
      1,
    );
    expect(await yearTotal(2025)).toBe('100');
  });
});
