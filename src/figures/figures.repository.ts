import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { TrajectoryCommitment, ForecastContract } from '../re100/trajectory';
import type { Milestone } from '../re100/commitment';
import {
  InstrumentStatus,
  InstrumentType,
  KrProcurementTag,
  MarketBoundaryRow,
  PassiveBasis,
  ProcurementMethod,
  Re100ClaimInput,
  Re100Ruleset,
  Technology,
  marketOf,
} from '../re100/engine';
import { CONSUMPTION_SQL } from './consumption';
import type { ClaimSource, MeterYear, SiteRecord } from './year-figures';

/** The organization's settings that figures depend on. */
export interface OrganizationFacts {
  name: string;
  legalEntityName: string;
  reportingYearStartMonth: number;
  timeZone: string;
  excludeImmaterialMarkets: boolean;
  commitment: TrajectoryCommitment | null;
}

/** A site's consumption on a stretch of local days (both inclusive), by the one rule of consumption.ts. */
export interface SiteSegment {
  siteId: string;
  start: string;
  end: string;
  consumptionWh: bigint;
  selfGenerationConsumedWh: bigint;
}

type Row = Record<string, unknown>;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What the rules look at in a certificate, its facility and its contract (domain §5, v5.0). */
const CERTIFICATE_FACTS = `c.id AS certificate_id, c.instrument_type, c.status,
  c.cancellation_date::text AS cancellation_date, c.beneficiary, c.vintage_start::text AS vintage_start,
  c.vintage_end::text AS vintage_end, c.consumption_country,
  EXISTS (SELECT 1 FROM evidence_files e WHERE e.organization_id = c.organization_id AND e.certificate_id = c.id
          AND e.kind = 'CANCELLATION_STATEMENT') AS cancellation_statement,
  ${'' /* the facility */}
  f.id AS facility_id, f.country AS facility_country, f.technology,
  f.commissioning_date::text AS commissioning_date, f.repowering_date::text AS repowering_date,
  f.sustainability_evidence, f.coal_cofiring,
  ${CONTRACT_FACTS('k')}`;

/** What the age and passive rules look at in a contract (RE100-AGE-2 corrected, V5-AGE-1, V5-PASSIVE-1). */
function CONTRACT_FACTS(k: string): string {
  return `${k}.id AS contract_id, ${k}.method, ${k}.kr_tag, ${k}.signed_date::text AS signed_date,
  ${k}.grandfathering_justification, ${k}.long_term, ${k}.project_specific, ${k}.first_offtaker,
  ${k}.trial_operation_end_date::text AS trial_operation_end_date, ${k}.equity_stake, ${k}.passive_basis`;
}

const CERTIFICATE_JOINS = `
  JOIN generation_facilities f ON f.organization_id = c.organization_id AND f.id = c.facility_id
  LEFT JOIN contracts k ON k.organization_id = c.organization_id AND k.id = c.contract_id`;

const facilityFacts = (r: Row): Re100ClaimInput['facility'] => ({
  facilityId: r.facility_id as string,
  country: r.facility_country as string,
  commissioningDate: r.commissioning_date as string,
  repoweringDate: r.repowering_date as string | null,
  sustainabilityEvidence: r.sustainability_evidence as boolean,
  coalCofiring: r.coal_cofiring as boolean,
});

const contractFacts = (r: Row): Re100ClaimInput['contract'] =>
  r.contract_id
    ? {
        contractId: r.contract_id as string,
        signedDate: r.signed_date as string,
        grandfatheringJustification: r.grandfathering_justification as string | null,
        longTerm: r.long_term as boolean,
        projectSpecific: r.project_specific as boolean,
        firstOfftaker: r.first_offtaker as boolean,
        trialOperationEndDate: r.trial_operation_end_date as string | null,
      }
    : null;

/** A row of CERTIFICATE_FACTS (plus id, volume, market and sites) as the engine's claim. */
function certificateClaim(r: Row): Re100ClaimInput {
  return {
    claimId: r.id as string,
    // A certificate bought without a contract is an unbundled purchase (RE100 type 4).
    method: (r.method as ProcurementMethod | null) ?? 'UNBUNDLED_EAC',
    krTag: r.kr_tag as KrProcurementTag | null,
    equityStake: (r.equity_stake as boolean | null) ?? false,
    passiveBasis: r.passive_basis as PassiveBasis | null,
    volumeWh: BigInt(r.volume_wh as string),
    consumptionMarket: r.consumption_market as string,
    siteIds: r.site_ids as string[],
    consumptionCountry: r.consumption_country as string | null,
    technology: r.technology as Technology,
    facility: facilityFacts(r),
    contract: contractFacts(r),
    instrument: {
      certificateId: r.certificate_id as string,
      type: r.instrument_type as InstrumentType,
      status: r.status as InstrumentStatus,
      cancellationDate: r.cancellation_date as string | null,
      beneficiary: r.beneficiary as string | null,
      vintageStart: r.vintage_start as string,
      vintageEnd: r.vintage_end as string,
      cancellationStatementAttached: r.cancellation_statement as boolean,
    },
  };
}

/**
 * The SQL behind a reporting year's figures. Every method takes the `EntityManager` of the caller's
 * transaction (`YearFiguresService` opens one REPEATABLE READ transaction per read); none reads a raw
 * reading except the meters' latest interval: energy comes from the rollups, a site's days and a meter's
 * months from the two derived from the daily ones (migration DerivedRollups), metered generation per
 * facility from the daily ones.
 */
@Injectable()
export class FiguresRepository {
  async organization(em: EntityManager, organizationId: string): Promise<OrganizationFacts> {
    const [o]: Row[] = await em.query(
      `SELECT name, legal_entity_name, reporting_year_start_month, time_zone, re100_target_year, re100_baseline_year,
              re100_milestones, re100_exclude_immaterial_markets
       FROM organizations WHERE id = $1`,
      [organizationId],
    );
    return {
      name: o.name as string,
      legalEntityName: o.legal_entity_name as string,
      reportingYearStartMonth: o.reporting_year_start_month as number,
      timeZone: o.time_zone as string,
      excludeImmaterialMarkets: o.re100_exclude_immaterial_markets as boolean,
      commitment:
        o.re100_target_year === null
          ? null
          : {
              targetYear: o.re100_target_year as number,
              baselineYear: o.re100_baseline_year as number | null,
              milestones: o.re100_milestones as Milestone[],
            },
    };
  }

  /** The transaction's clock (its start), so every "now" of one read is the same instant. */
  async clock(em: EntityManager): Promise<Date> {
    const [{ now }] = await em.query('SELECT transaction_timestamp() AS now');
    return now as Date;
  }

  async finalizedYears(em: EntityManager, organizationId: string): Promise<Set<number>> {
    const rows: { year: number }[] = await em.query(
      `SELECT year FROM reporting_periods WHERE organization_id = $1 AND status = 'finalized'`,
      [organizationId],
    );
    return new Set(rows.map((r) => r.year));
  }

  async sites(
    em: EntityManager,
    organizationId: string,
  ): Promise<(SiteRecord & { exclusionReason: string | null })[]> {
    const rows: Row[] = await em.query(
      `SELECT id, name, country, grid_region, supplier_factor_id, excluded_from_re100, exclusion_reason
       FROM sites WHERE organization_id = $1 ORDER BY id`,
      [organizationId],
    );
    return rows.map((r) => ({
      siteId: r.id as string,
      name: r.name as string,
      country: r.country as string,
      gridRegion: r.grid_region as string | null,
      supplierFactorId: r.supplier_factor_id as string | null,
      excludedFromRe100: r.excluded_from_re100 as boolean,
      exclusionReason: r.exclusion_reason as string | null,
    }));
  }

  /**
   * Each site's consumption by local month of [from, to), split further at `cuts` (dates on which a rule
   * or a market boundary changes), by the rule of consumption.ts applied per site-local day.
   */
  async siteSegments(
    em: EntityManager,
    organizationId: string,
    from: string,
    to: string,
    cuts: readonly string[],
  ): Promise<SiteSegment[]> {
    const day = { imp: 'd.import_wh', exp: 'd.export_wh', gen: 'd.generation_wh' };
    const bounds = [...new Set([from, ...cuts.filter((c) => c > from && c < to)])].sort();
    const rows: Row[] = await em.query(
      `SELECT d.site_id, to_char(date_trunc('month', d.local_date), 'YYYY-MM-DD') AS month,
              width_bucket(d.local_date, $4::date[]) AS stretch,
              sum(${CONSUMPTION_SQL.consumptionWh(day)})::text AS consumption_wh,
              sum(${CONSUMPTION_SQL.selfGenerationConsumedWh(day)})::text AS self_consumed_wh
       FROM site_daily_rollups d
       WHERE d.organization_id = $1 AND d.local_date >= $2::date AND d.local_date < $3::date
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [organizationId, from, to, bounds],
    );
    const last = addDays(to, -1);
    return rows.map((r) => {
      const month = r.month as string;
      const stretch = r.stretch as number;
      const [y, m] = month.split('-').map(Number);
      const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const starts = [month, from, bounds[stretch - 1]].sort();
      const ends = [monthEnd, last, ...(bounds[stretch] ? [addDays(bounds[stretch], -1)] : [])].sort();
      return {
        siteId: r.site_id as string,
        start: starts[2],
        end: ends[0],
        consumptionWh: BigInt(r.consumption_wh as string),
        selfGenerationConsumedWh: BigInt(r.self_consumed_wh as string),
      };
    });
  }

  /**
   * Every meter's energy in [from, to) from its monthly rollups, with what its coverage is computed from.
   * `from` and `to` are the first days of local months (a reporting year's bounds).
   */
  async meters(
    em: EntityManager,
    organizationId: string,
    from: string,
    to: string,
    meterId: string | null = null,
  ): Promise<MeterYear[]> {
    if (!/-01$/.test(from) || !/-01$/.test(to)) throw new Error(`not whole months: [${from}, ${to})`);
    const rows: Row[] = await em.query(
      `WITH meter_year AS (
         SELECT meter_id, sum(wh) AS wh, sum(readings) AS readings, sum(estimated_wh) AS estimated_wh,
                sum(days) AS days
         FROM meter_monthly_rollups
         WHERE organization_id = $1 AND month >= $2::date AND month < $3::date
           AND ($4::uuid IS NULL OR meter_id = $4)
         GROUP BY meter_id)
       SELECT m.id, m.external_id, m.site_id, m.direction, m.kind, m.interval_minutes, m.active_from, m.active_to,
              s.time_zone, coalesce(y.wh, 0)::text AS wh, coalesce(y.readings, 0)::int AS readings,
              coalesce(y.estimated_wh, 0)::text AS estimated_wh, coalesce(y.days, 0)::int AS days,
              -- The latest interval also ends last (a meter's intervals never overlap): one index probe.
              (SELECT r.interval_start + r.duration_s * interval '1 second' FROM readings r
               WHERE r.organization_id = m.organization_id AND r.meter_id = m.id
               ORDER BY r.interval_start DESC LIMIT 1) AS last_reading_at
       FROM meters m
       JOIN sites s ON s.organization_id = m.organization_id AND s.id = m.site_id
       LEFT JOIN meter_year y ON y.meter_id = m.id
       WHERE m.organization_id = $1 AND ($4::uuid IS NULL OR m.id = $4)
       ORDER BY m.site_id, m.external_id`,
      [organizationId, from, to, meterId],
    );
    return rows.map((r) => ({
      meterId: r.id as string,
      externalId: r.external_id as string,
      siteId: r.site_id as string,
      direction: r.direction as MeterYear['direction'],
      kind: r.kind as MeterYear['kind'],
      intervalMinutes: r.interval_minutes as number | null,
      activeFrom: r.active_from as Date | null,
      activeTo: r.active_to as Date | null,
      timeZone: r.time_zone as string,
      wh: BigInt(r.wh as string),
      readings: r.readings as number,
      estimatedWh: BigInt(r.estimated_wh as string),
      daysWithData: r.days as number,
      lastReadingAt: r.last_reading_at as Date | null,
    }));
  }

  /** Allocated certificates of the year, with what the rules look at. */
  async certificateClaims(
    em: EntityManager,
    organizationId: string,
    year: number,
  ): Promise<Re100ClaimInput[]> {
    const rows: Row[] = await em.query(
      `SELECT a.id, a.volume_wh::text AS volume_wh, a.consumption_market, a.site_ids, ${CERTIFICATE_FACTS}
       FROM allocations a
       JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
       ${CERTIFICATE_JOINS}
       WHERE a.organization_id = $1 AND a.reporting_year = $2 AND a.kind = 'certificate'
       ORDER BY a.created_at, a.id`,
      [organizationId, year],
    );
    return rows.map(certificateClaim);
  }

  /**
   * Retired certificates with energy left to allocate, each as the claim it would make: its remaining Wh
   * in its facility's market on `boundaryDate` (RE100-MB-1), for the auto-allocation plan.
   */
  async availableCertificates(
    em: EntityManager,
    organizationId: string,
    boundaryDate: string,
    boundaries: readonly MarketBoundaryRow[],
  ): Promise<Re100ClaimInput[]> {
    const rows: Row[] = await em.query(
      `SELECT c.id, (c.volume_wh - coalesce(sum(a.volume_wh), 0))::text AS volume_wh,
              NULL AS consumption_market, '{}'::uuid[] AS site_ids, ${CERTIFICATE_FACTS}
       FROM certificates c
       LEFT JOIN allocations a ON a.organization_id = c.organization_id AND a.certificate_id = c.id
       ${CERTIFICATE_JOINS}
       WHERE c.organization_id = $1 AND c.status = 'RETIRED'
       GROUP BY c.organization_id, c.id, f.organization_id, f.id, k.organization_id, k.id
       HAVING c.volume_wh > coalesce(sum(a.volume_wh), 0)
       ORDER BY c.id`,
      [organizationId],
    );
    return rows.map((r) => {
      const claim = certificateClaim(r);
      return { ...claim, consumptionMarket: marketOf(claim.facility.country, boundaryDate, boundaries) };
    });
  }

  /**
   * Metered generation of each facility at each site in [from, to), with the facility's facts and the
   * contract its on-site supply runs under (self-generation, or a physical PPA over a private wire). Its
   * attributes are sold on — null power, RE100-CLAIM-2 — when that contract does not convey the
   * certificates, or when a certificate of the facility whose vintage overlaps the year was transferred.
   */
  async meteredGeneration(
    em: EntityManager,
    organizationId: string,
    from: string,
    to: string,
  ): Promise<Row[]> {
    return em.query(
      `WITH gen AS (
         SELECT fm.facility_id, m.site_id, sum(u.wh) AS wh
         FROM facility_meters fm
         JOIN meters m ON m.organization_id = fm.organization_id AND m.id = fm.meter_id
         JOIN meter_daily_rollups u ON u.organization_id = m.organization_id AND u.meter_id = m.id
           AND u.local_date >= $2::date AND u.local_date < $3::date
         WHERE fm.organization_id = $1 AND m.direction = 'generation'
         GROUP BY fm.facility_id, m.site_id),
       on_site AS (
         SELECT cf.facility_id, k.*
         FROM contract_facilities cf
         JOIN contracts k ON k.organization_id = cf.organization_id AND k.id = cf.contract_id
         WHERE cf.organization_id = $1 AND k.method IN ('SELF_GEN_OWNED', 'SELF_GEN_THIRD_PARTY', 'PPA_PHYSICAL')
           AND k.start_date < $3::date AND (k.end_date IS NULL OR k.end_date >= $2::date))
       SELECT g.facility_id, g.site_id, g.wh::text AS facility_wh, st.country AS site_country,
              f.country AS facility_country, f.technology, f.commissioning_date::text AS commissioning_date,
              f.repowering_date::text AS repowering_date, f.sustainability_evidence, f.coal_cofiring,
              ${CONTRACT_FACTS('k')},
              (SELECT bool_or(NOT o.eacs_conveyed) FROM on_site o WHERE o.facility_id = g.facility_id)
                OR EXISTS (SELECT 1 FROM certificates c WHERE c.organization_id = $1 AND c.facility_id = g.facility_id
                           AND c.status = 'TRANSFERRED' AND c.vintage_start < $3::date AND c.vintage_end >= $2::date)
                AS sold_on
       FROM gen g
       JOIN sites st ON st.organization_id = $1 AND st.id = g.site_id
       JOIN generation_facilities f ON f.organization_id = $1 AND f.id = g.facility_id
       LEFT JOIN LATERAL (SELECT * FROM on_site o WHERE o.facility_id = g.facility_id
                          ORDER BY o.start_date, o.id LIMIT 1) k ON true
       ORDER BY g.facility_id, g.site_id`,
      [organizationId, from, to],
    );
  }

  /**
   * Contracts for the forecast: their expected annual volumes, dates and market (their consumption market,
   * else their first facility's). A contract whose certificates are not conveyed to the organization
   * delivers null power (RE100-CLAIM-2) and is left out.
   */
  async forecastContracts(
    em: EntityManager,
    organizationId: string,
    boundaryDate: string,
    boundaries: readonly MarketBoundaryRow[],
  ): Promise<ForecastContract[]> {
    const rows: Record<string, string | null>[] = await em.query(
      `SELECT k.expected_annual_wh::text AS expected_annual_wh, k.start_date::text AS start_date,
              k.end_date::text AS end_date, k.consumption_market,
              (SELECT f.country FROM contract_facilities cf
               JOIN generation_facilities f ON f.organization_id = cf.organization_id AND f.id = cf.facility_id
               WHERE cf.organization_id = k.organization_id AND cf.contract_id = k.id
               ORDER BY f.id LIMIT 1) AS facility_country
       FROM contracts k
       WHERE k.organization_id = $1 AND k.expected_annual_wh IS NOT NULL AND k.eacs_conveyed
       ORDER BY k.start_date, k.id`,
      [organizationId],
    );
    return rows.map((r) => ({
      expectedAnnualWh: BigInt(r.expected_annual_wh!),
      startDate: r.start_date!,
      endDate: r.end_date,
      market:
        r.consumption_market ??
        (r.facility_country ? marketOf(r.facility_country, boundaryDate, boundaries) : null),
    }));
  }

  /** The market boundary rows a ruleset reads (its `boundarySet`). */
  async boundaries(em: EntityManager, ruleset: Re100Ruleset): Promise<MarketBoundaryRow[]> {
    const rows: { country: string; market: string; valid_from: string | null; valid_to: string | null }[] =
      await em.query(
        `SELECT country, market, valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM market_boundaries WHERE ruleset = $1 ORDER BY country, market, valid_from NULLS FIRST`,
        [ruleset.boundarySet],
      );
    return rows.map((r) => ({
      market: r.market,
      country: r.country,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
  }

  /**
   * The records behind the year's certificate claims, by allocation id, and every facility with its
   * generation meters and contracts (what a self-generation claim shows).
   */
  async claimRecords(
    em: EntityManager,
    organizationId: string,
    year: number,
  ): Promise<{ allocations: Row[]; facilities: Map<string, Pick<ClaimSource, 'facility' | 'contracts'>> }> {
    const allocations: Row[] = await em.query(
      `SELECT a.id AS allocation_id, a.volume_wh::text AS allocated_wh,
              c.id AS certificate_id, c.registry, c.instrument_type, c.serial_start, c.serial_end,
              c.volume_wh::text AS certificate_wh, c.rec_count, c.issuance_date::text AS issuance_date,
              c.evidence_url, c.facility_id, c.contract_id
       FROM allocations a
       JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
       WHERE a.organization_id = $1 AND a.reporting_year = $2`,
      [organizationId, year],
    );
    const facilities: Row[] = await em.query(
      `SELECT f.id, f.name, f.registry_facility_id, f.country, f.technology,
              f.commissioning_date::text AS commissioning_date, f.repowering_date::text AS repowering_date,
              f.capacity_mw::text AS capacity_mw,
              (SELECT coalesce(array_agg(DISTINCT c.instrument_type ORDER BY c.instrument_type), '{}') FROM certificates c
               WHERE c.organization_id = f.organization_id AND c.facility_id = f.id) AS certificate_types,
              coalesce(array_agg(fm.meter_id ORDER BY fm.meter_id) FILTER (WHERE fm.meter_id IS NOT NULL), '{}') AS meter_ids,
              (SELECT json_agg(json_build_object('contractId', k.id, 'method', k.method, 'krTag', k.kr_tag,
                        'counterparty', k.counterparty, 'signedDate', k.signed_date, 'eacsConveyed', k.eacs_conveyed)
                        ORDER BY k.start_date, k.id)
               FROM contract_facilities cf JOIN contracts k ON k.organization_id = cf.organization_id AND k.id = cf.contract_id
               WHERE cf.organization_id = f.organization_id AND cf.facility_id = f.id) AS contracts
       FROM generation_facilities f
       LEFT JOIN facility_meters fm ON fm.organization_id = f.organization_id AND fm.facility_id = f.id
       WHERE f.organization_id = $1
       GROUP BY f.organization_id, f.id`,
      [organizationId],
    );
    return {
      allocations,
      facilities: new Map(
        facilities.map((f) => [
          f.id as string,
          {
            facility: {
              facilityId: f.id as string,
              name: f.name as string,
              registryFacilityId: f.registry_facility_id as string | null,
              country: f.country as string,
              technology: f.technology as string,
              commissioningDate: f.commissioning_date as string,
              repoweringDate: f.repowering_date as string | null,
              capacityMw: f.capacity_mw as string | null,
              certificateTypes: f.certificate_types as string[],
              generationMeterIds: f.meter_ids as string[],
            },
            contracts: (f.contracts ?? []) as ClaimSource['contracts'],
          },
        ]),
      ),
    };
  }
}

export { facilityFacts, contractFacts };
