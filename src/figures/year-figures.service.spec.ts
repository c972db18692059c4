import type { DataSource, EntityManager } from 'typeorm';
import type { EmissionFactorsRepository } from '../emissions/emission-factors.repository';
import { FiguresRepository } from './figures.repository';
import { YearFiguresService } from './year-figures.service';

/**
 * Every query of a year's figures runs on the one EntityManager of one REPEATABLE READ, read-only
 * transaction: the figures of an answer come from one snapshot (the database side is covered by the e2e
 * specs; this pins the wiring, which a refactor could silently break).
 */
describe('YearFiguresService reads a year in one REPEATABLE READ transaction', () => {
  it('passes the transaction’s EntityManager to every repository call', async () => {
    const em = { query: jest.fn().mockResolvedValue([]) } as unknown as EntityManager;
    const isolation: string[] = [];
    const dataSource = {
      manager: { query: jest.fn() },
      transaction: jest.fn(async (level: string, work: (em: EntityManager) => Promise<unknown>) => {
        isolation.push(level);
        return work(em);
      }),
    } as unknown as DataSource;
    const seen: unknown[] = [];
    const record =
      <T>(value: T) =>
      (manager: unknown) => {
        seen.push(manager);
        return Promise.resolve(value);
      };
    const repository = {
      organization: record({
        legalEntityName: 'Acme',
        reportingYearStartMonth: 1,
        timeZone: 'UTC',
        excludeImmaterialMarkets: false,
        commitment: { targetYear: 2040, baselineYear: 2024, milestones: [] },
      }),
      clock: record(new Date('2026-06-01T00:00:00Z')),
      finalizedYears: record(new Set([2024])),
      boundaries: record([]),
      siteSegments: record([]),
      sites: record([]),
      meters: record([]),
      certificateClaims: record([]),
      meteredGeneration: record([]),
      claimRecords: record({ allocations: [], facilities: new Map() }),
      forecastContracts: record([]),
    } as unknown as FiguresRepository;
    const set = { id: 'set', scope: 'reference' };
    const factors = {
      resolve: jest.fn((_org: string, year: number, manager: unknown) => {
        seen.push(manager);
        return Promise.resolve({ year, set, explicit: false, selectedAt: null, selectedBy: null });
      }),
      factorRows: jest.fn((_org: string, _set: unknown, manager: unknown) => {
        seen.push(manager);
        return Promise.resolve([]);
      }),
    } as unknown as EmissionFactorsRepository;

    const service = new YearFiguresService(dataSource, repository, factors);
    const { years, baseline } = await service.years('org', [{ year: 2025 }, { year: 2026 }]);

    expect(isolation).toEqual(['REPEATABLE READ']);
    expect(em.query).toHaveBeenCalledWith('SET TRANSACTION READ ONLY');
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.every((m) => m === em)).toBe(true);
    expect(years.map((y) => [y.year, y.re100.ruleset.id, y.finalized])).toEqual([
      [2025, 'RE100_TC_v4_1', false],
      [2026, 'RE100_TC_v5_0', false],
    ]);
    expect(baseline).toMatchObject({ year: 2024, finalized: true });
  });
});
