import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EmissionFactorsRepository } from '../emissions/emission-factors.repository';
import { reportingYearDates } from '../readings/reporting-year';
import {
  ProcurementMethod,
  Re100ClaimInput,
  Re100SiteInput,
  Technology,
  marketOf,
  rulesetById,
  rulesetForYear,
} from '../re100/engine';
import {
  FiguresRepository,
  OrganizationFacts,
  SiteSegment,
  contractFacts,
  facilityFacts,
} from './figures.repository';
import type { ClaimSource, MeterYear, YearFigures } from './year-figures';

/** Which year to read, and under which ruleset (default: the one its period takes). */
export interface YearRequest {
  year: number;
  /** A shipped ruleset id (`?ruleset=`): evaluate the year under it without changing anything. */
  rulesetId?: string;
}

/** Measured generation is claimed per facility and consuming site. */
const selfGenerationClaimId = (facilityId: string, siteId: string) =>
  `self-generation:${facilityId}:${siteId}`;

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Reads what a reporting year's figures are computed from, in one REPEATABLE READ, read-only transaction:
 * every presenter (RE100 progress, series, explain, Scope 2, data quality, reports) computes from the
 * `YearFigures` it returns and never queries on its own, so the figures of one answer agree with each other
 * even while readings and claims are being written.
 */
@Injectable()
export class YearFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FiguresRepository,
    private readonly factors: EmissionFactorsRepository,
  ) {}

  /** The organization's settings the figures depend on (calendar, commitment). */
  organization(
    organizationId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<OrganizationFacts> {
    return this.repository.organization(em, organizationId);
  }

  /**
   * One meter's energy in a reporting year, with what its coverage is computed from; every meter of the
   * organization (by site, then external id) when `meterId` is null.
   */
  meterYear(
    organizationId: string,
    year: number,
    meterId: string | null,
  ): Promise<Pick<YearFigures, 'year' | 'periodStart' | 'periodEnd' | 'meters' | 'asOf'>> {
    return this.read(async (em) => {
      const { reportingYearStartMonth } = await this.repository.organization(em, organizationId);
      const { from, to } = reportingYearDates(year, reportingYearStartMonth);
      return {
        year,
        periodStart: from,
        periodEnd: dayBefore(to),
        meters: await this.repository.meters(em, organizationId, from, to, meterId),
        asOf: await this.repository.clock(em),
      };
    });
  }

  /** One reporting year. */
  year(organizationId: string, request: YearRequest): Promise<YearFigures> {
    return this.read(async (em) => this.load(em, organizationId, request));
  }

  /**
   * Several reporting years (a series) as of one snapshot, with the commitment's baseline year under its
   * own ruleset (the trajectory starts from its RE %), or null without a baseline year.
   */
  years(
    organizationId: string,
    requests: readonly YearRequest[],
    /** A transaction of the caller's to read in (a finalization, under the year's lock), else a new one. */
    within?: EntityManager,
  ): Promise<{ years: YearFigures[]; baseline: YearFigures | null }> {
    const read = within ? <T>(work: (em: EntityManager) => Promise<T>) => work(within) : this.read.bind(this);
    return read(async (em) => {
      const context = await this.context(em, organizationId);
      const years: YearFigures[] = [];
      for (const request of requests) years.push(await this.load(em, organizationId, request, context));
      const baselineYear = context.organization.commitment?.baselineYear ?? null;
      if (baselineYear === null) return { years, baseline: null };
      const own = years.find((f) => f.year === baselineYear && f.re100.ruleset.id === f.rulesetForPeriod);
      return {
        years,
        baseline: own ?? (await this.load(em, organizationId, { year: baselineYear }, context)),
      };
    });
  }

  /**
   * One year read with the caller's transaction: for a writer (the auto-allocation) that plans from the
   * figures and writes in the same transaction.
   */
  async load(
    em: EntityManager,
    organizationId: string,
    request: YearRequest,
    context?: { organization: OrganizationFacts; asOf: Date; finalized: Set<number> },
  ): Promise<YearFigures> {
    const { organization, asOf, finalized } = context ?? (await this.context(em, organizationId));
    const { year } = request;
    const { from, to } = reportingYearDates(year, organization.reportingYearStartMonth);
    const periodEnd = dayBefore(to);
    const forPeriod = rulesetForYear(year, from);
    const ruleset = (request.rulesetId && rulesetById(request.rulesetId)) || forPeriod;
    const boundaries = await this.repository.boundaries(em, ruleset);
    const cuts = boundaries.flatMap((b) => [b.validFrom, b.validTo]).filter((d): d is string => d !== null);
    const segments = await this.repository.siteSegments(em, organizationId, from, to, cuts);
    const sites = await this.repository.sites(em, organizationId);
    const meters = await this.repository.meters(em, organizationId, from, to);
    const certificateClaims = await this.repository.certificateClaims(em, organizationId, year);
    const generation = await this.repository.meteredGeneration(em, organizationId, from, to);
    const records = await this.repository.claimRecords(em, organizationId, year);
    const selection = await this.factors.resolve(organizationId, year, em);
    const factorRows = await this.factors.factorRows(organizationId, selection.set, em);
    const forecastContracts = await this.repository.forecastContracts(em, organizationId, from, boundaries);

    const re100Sites = sites.map((s) => siteInput(s, segments));
    const selfGeneration = selfGenerationClaims(generation, re100Sites, meters, (country) =>
      marketOf(country, from, boundaries),
    );
    return {
      organizationId,
      organizationName: organization.name,
      year,
      asOf,
      periodStart: from,
      periodEnd,
      timeZone: organization.timeZone,
      reportingYearStartMonth: organization.reportingYearStartMonth,
      finalized: finalized.has(year),
      commitment: organization.commitment,
      re100: {
        year,
        periodStart: from,
        periodEnd,
        ruleset,
        boundaries,
        legalEntityName: organization.legalEntityName,
        excludeImmaterialMarkets: organization.excludeImmaterialMarkets,
        sites: re100Sites,
        claims: [...selfGeneration, ...certificateClaims],
      },
      rulesetForPeriod: forPeriod.id,
      sites: sites.map(({ exclusionReason: _reason, ...site }) => site),
      meters,
      claimSources: claimSources(records, selfGeneration),
      facilities: [...records.facilities.values()]
        .map((f) => f.facility)
        .sort((a, b) => (a.facilityId < b.facilityId ? -1 : 1)),
      factors: { ...selection, rows: factorRows },
      forecastContracts,
    };
  }

  /** Retired certificates with energy left, as the claims they would make in the year (auto-allocation). */
  availableCertificates(em: EntityManager, figures: YearFigures): Promise<Re100ClaimInput[]> {
    return this.repository.availableCertificates(
      em,
      figures.organizationId,
      figures.periodStart,
      figures.re100.boundaries,
    );
  }

  private async context(em: EntityManager, organizationId: string) {
    return {
      organization: await this.repository.organization(em, organizationId),
      asOf: await this.repository.clock(em),
      finalized: await this.repository.finalizedYears(em, organizationId),
    };
  }

  /** A read-only REPEATABLE READ transaction: every query sees the snapshot of the first one. */
  private read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return work(em);
    });
  }
}

/** A site as the RE100 engine takes it: its consumption by dated segments (RE100-SCOPE-1). */
function siteInput(
  site: { siteId: string; country: string; excludedFromRe100: boolean; exclusionReason: string | null },
  segments: readonly SiteSegment[],
): Re100SiteInput {
  const own = segments.filter((s) => s.siteId === site.siteId);
  return {
    siteId: site.siteId,
    country: site.country,
    excluded: site.excludedFromRe100,
    exclusionReason: site.exclusionReason,
    consumptionWh: own.reduce((sum, s) => sum + s.consumptionWh, 0n),
    selfGenerationConsumedWh: own.reduce((sum, s) => sum + s.selfGenerationConsumedWh, 0n),
    consumptionSegments: own.map((s) => ({ start: s.start, end: s.end, consumptionWh: s.consumptionWh })),
  };
}

/**
 * Self-generation consumed on site is a claim too (RE100-SCOPE-1): the site's self-generated consumption
 * shared among its facilities by their metered generation (rounded down to the Wh). Delivery of a physical
 * PPA over a private wire, measured at the site, is claimed the same way under its contract's method; unlike
 * self-generation it needs certificates to be eligible (RE100-CLAIM-1), which the engine checks.
 */
function selfGenerationClaims(
  generation: readonly Record<string, unknown>[],
  sites: readonly Re100SiteInput[],
  meters: readonly MeterYear[],
  marketOfCountry: (country: string) => string,
): Re100ClaimInput[] {
  const generatedAt = (siteId: string) =>
    meters.reduce((sum, m) => (m.siteId === siteId && m.direction === 'generation' ? sum + m.wh : sum), 0n);
  return generation.flatMap((r) => {
    const site = sites.find((s) => s.siteId === r.site_id)!;
    const generated = generatedAt(site.siteId);
    if (generated === 0n || site.selfGenerationConsumedWh === 0n) return [];
    const volume = (site.selfGenerationConsumedWh * BigInt(r.facility_wh as string)) / generated;
    if (volume <= 0n) return [];
    return [
      {
        claimId: selfGenerationClaimId(r.facility_id as string, site.siteId),
        method: (r.method as ProcurementMethod | null) ?? 'SELF_GEN_OWNED',
        volumeWh: volume,
        consumptionMarket: marketOfCountry(site.country),
        siteIds: [site.siteId],
        consumptionCountry: site.country,
        technology: r.technology as Technology,
        facility: facilityFacts(r),
        contract: contractFacts(r),
        certificatesSoldOn: r.sold_on === true,
      },
    ];
  });
}

/** The records behind each claim: the allocation's certificate, its facility and contract; or the meters. */
function claimSources(
  records: Awaited<ReturnType<FiguresRepository['claimRecords']>>,
  selfGeneration: readonly Re100ClaimInput[],
): Record<string, ClaimSource> {
  const sources: Record<string, ClaimSource> = {};
  for (const a of records.allocations) {
    const { facility, contracts } = records.facilities.get(a.facility_id as string)!;
    sources[a.allocation_id as string] = {
      allocationId: a.allocation_id as string,
      allocatedWh: a.allocated_wh as string,
      certificate: {
        certificateId: a.certificate_id as string,
        registry: a.registry as string,
        instrumentType: a.instrument_type as string,
        serialStart: a.serial_start as string | null,
        serialEnd: a.serial_end as string | null,
        volumeWh: a.certificate_wh as string,
        recCount: a.rec_count as number | null,
        issuanceDate: a.issuance_date as string | null,
        evidenceUrl: a.evidence_url as string | null,
      },
      facility,
      contracts: contracts.filter((k) => k.contractId === a.contract_id),
    };
  }
  for (const claim of selfGeneration) {
    const measured = records.facilities.get(claim.facility.facilityId!);
    if (measured)
      sources[claim.claimId] = { allocationId: null, allocatedWh: null, certificate: null, ...measured };
  }
  return sources;
}
