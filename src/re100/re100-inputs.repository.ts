import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { reportingYearDates } from '../readings/reporting-year';
import type { ExplainCertificateDto, ExplainContractDto, ExplainFacilityDto } from './dto/explain.dto';
import { ForecastContract } from './trajectory';
import {
  KrProcurementTag,
  MarketBoundaryRow,
  ProcurementMethod,
  Re100ClaimInput,
  Re100SiteInput,
  RE100_TC_V4_1,
  Technology,
  InstrumentType,
  InstrumentStatus,
  marketOf,
  Re100YearInput,
} from './engine';

export interface MeterTotal {
  meterId: string;
  externalId: string;
  siteId: string;
  direction: string;
  wh: bigint;
  readings: number;
  estimatedWh: bigint;
  daysWithData: number;
}

/** The records behind a claim, as the explanation shows them. */
export interface ClaimSource {
  /** Null for self-generation, which is measured rather than allocated. */
  allocationId: string | null;
  allocatedWh: string | null;
  certificate: ExplainCertificateDto | null;
  facility: ExplainFacilityDto;
  contracts: ExplainContractDto[];
}

const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Each meter's rollups summed over the period [$2, $3) of organization $1, aggregated before any join:
 * one pass over the year's rollups (a year of 1,000 meters is 365,000 rows) instead of joining every row.
 */
const METER_YEAR = `meter_year AS (
  SELECT meter_id, sum(wh) AS wh, sum(readings) AS readings, sum(estimated_wh) AS estimated_wh,
         count(*) AS days
  FROM meter_daily_rollups
  WHERE organization_id = $1 AND local_date >= $2::date AND local_date < $3::date
  GROUP BY meter_id)`;

/** What the rules look at in a certificate, its facility and its contract (domain §5). */
const CERTIFICATE_FACTS = `c.id AS certificate_id, c.instrument_type, c.status,
  c.cancellation_date::text AS cancellation_date, c.beneficiary, c.vintage_start::text AS vintage_start,
  c.vintage_end::text AS vintage_end, c.consumption_country,
  f.id AS facility_id, f.country AS facility_country, f.technology,
  f.commissioning_date::text AS commissioning_date, f.repowering_date::text AS repowering_date,
  f.sustainability_evidence,
  k.id AS contract_id, k.method, k.kr_tag, k.signed_date::text AS signed_date, k.grandfathering_justification`;
const CERTIFICATE_JOINS = `
  JOIN generation_facilities f ON f.organization_id = c.organization_id AND f.id = c.facility_id
  LEFT JOIN contracts k ON k.organization_id = c.organization_id AND k.id = c.contract_id`;

/** Measured generation is claimed per facility and consuming site: `self-generation:<facility>:<site>`. */
const SELF_GENERATION_CLAIM = /^self-generation:([0-9a-f-]{36}):[0-9a-f-]{36}$/;

/** What the age and evidence rules look at in a facility (columns of CERTIFICATE_FACTS). */
const facilityFacts = (r: Record<string, unknown>) => ({
  facilityId: r.facility_id as string,
  country: r.facility_country as string,
  commissioningDate: r.commissioning_date as string,
  repoweringDate: r.repowering_date as string | null,
  sustainabilityEvidence: r.sustainability_evidence as boolean,
});

/** A row of CERTIFICATE_FACTS (plus id, volume, market and sites) as the engine's claim. */
function claimOf(r: Record<string, unknown>): Re100ClaimInput {
  return {
    claimId: r.id as string,
    // A certificate bought without a contract is an unbundled purchase (RE100 type 4).
    method: (r.method as ProcurementMethod | null) ?? 'UNBUNDLED_EAC',
    krTag: r.kr_tag as KrProcurementTag | null,
    volumeWh: BigInt(r.volume_wh as string),
    consumptionMarket: r.consumption_market as string,
    siteIds: r.site_ids as string[],
    consumptionCountry: r.consumption_country as string | null,
    technology: r.technology as Technology,
    facility: facilityFacts(r),
    contract: r.contract_id
      ? {
          contractId: r.contract_id as string,
          signedDate: r.signed_date as string,
          grandfatheringJustification: r.grandfathering_justification as string | null,
        }
      : null,
    instrument: {
      certificateId: r.certificate_id as string,
      type: r.instrument_type as InstrumentType,
      status: r.status as InstrumentStatus,
      cancellationDate: r.cancellation_date as string | null,
      beneficiary: r.beneficiary as string | null,
      vintageStart: r.vintage_start as string,
      vintageEnd: r.vintage_end as string,
    },
  };
}

/**
 * Reads what the RE100 engine needs for one reporting year of an organization: consumption per site
 * from the daily rollups (RE100-SCOPE-1: import + generation − export, by site-local dates), the year's
 * claims with their certificates, facilities and contracts, measured self-generation, and the market
 * boundaries of the ruleset. No raw reading is read.
 */
@Injectable()
export class Re100InputsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async yearInput(organizationId: string, year: number): Promise<Re100YearInput> {
    const [org] = await this.dataSource.query(
      'SELECT legal_entity_name, reporting_year_start_month FROM organizations WHERE id = $1',
      [organizationId],
    );
    const { from, to } = reportingYearDates(year, org.reporting_year_start_month);
    const ruleset = RE100_TC_V4_1;
    const [sites, claims, selfGeneration, boundaries] = await Promise.all([
      this.sites(organizationId, from, to),
      this.certificateClaims(organizationId, year),
      this.selfGenerationClaims(organizationId, from, to),
      this.boundaries(ruleset.id),
    ]);
    return {
      year,
      periodStart: from,
      periodEnd: dayBefore(to),
      ruleset,
      boundaries,
      legalEntityName: org.legal_entity_name,
      sites,
      // Self-generation is claimed in the market of the site that consumes it (RE100-MB-1).
      claims: [
        ...selfGeneration.map((c) => ({
          ...c,
          consumptionMarket: marketOf(c.consumptionCountry!, from, boundaries),
        })),
        ...claims,
      ],
    };
  }

  private async sites(organizationId: string, from: string, to: string): Promise<Re100SiteInput[]> {
    const rows: Record<string, string | boolean | null>[] = await this.dataSource.query(
      `WITH ${METER_YEAR}
       SELECT s.id, s.country, s.excluded_from_re100, s.exclusion_reason,
              coalesce(sum(y.wh) FILTER (WHERE m.direction = 'import'), 0)::text AS import_wh,
              coalesce(sum(y.wh) FILTER (WHERE m.direction = 'export'), 0)::text AS export_wh,
              coalesce(sum(y.wh) FILTER (WHERE m.direction = 'generation'), 0)::text AS generation_wh
       FROM sites s
       LEFT JOIN meters m ON m.organization_id = s.organization_id AND m.site_id = s.id
       LEFT JOIN meter_year y ON y.meter_id = m.id
       WHERE s.organization_id = $1
       GROUP BY s.organization_id, s.id ORDER BY s.id`,
      [organizationId, from, to],
    );
    return rows.map((r) => {
      const imported = BigInt(r.import_wh as string);
      const exported = BigInt(r.export_wh as string);
      const generated = BigInt(r.generation_wh as string);
      const consumption = imported + generated - exported;
      const selfConsumed = generated > exported ? generated - exported : 0n;
      return {
        siteId: r.id as string,
        country: r.country as string,
        excluded: r.excluded_from_re100 as boolean,
        exclusionReason: r.exclusion_reason as string | null,
        // Exporting more than was imported and generated is no consumption (never below 0).
        consumptionWh: consumption > 0n ? consumption : 0n,
        selfGenerationConsumedWh:
          selfConsumed < consumption ? selfConsumed : consumption > 0n ? consumption : 0n,
      };
    });
  }

  /** Allocated certificates of the year, with what the rules look at (domain §5). */
  private async certificateClaims(organizationId: string, year: number): Promise<Re100ClaimInput[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.volume_wh::text AS volume_wh, a.consumption_market, a.site_ids, ${CERTIFICATE_FACTS}
       FROM allocations a
       JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
       ${CERTIFICATE_JOINS}
       WHERE a.organization_id = $1 AND a.reporting_year = $2 AND a.kind = 'certificate'
       ORDER BY a.created_at, a.id`,
      [organizationId, year],
    );
    return rows.map(claimOf);
  }

  /**
   * Retired certificates with energy left to allocate, each as the claim it would make: its remaining
   * Wh in its facility's market (RE100-MB-1), for the auto-allocation plan.
   */
  async availableCertificates(organizationId: string, year: number): Promise<Re100ClaimInput[]> {
    const [{ from }, boundaries] = await Promise.all([
      this.period(organizationId, year),
      this.boundaries(RE100_TC_V4_1.id),
    ]);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
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
      const claim = claimOf(r);
      return { ...claim, consumptionMarket: marketOf(claim.facility.country, from, boundaries) };
    });
  }

  /**
   * Self-generation consumed on site is a claim too (RE100-SCOPE-1): per site, generation − export (never
   * below 0), shared among the site's facilities by their metered generation (rounded down to the Wh).
   * A facility whose certificates were sold is null power (RE100-CLAIM-2) — recorded by its contract
   * not conveying the certificates. Delivery of a physical PPA over a private wire, measured by a
   * generation meter at the site, is claimed the same way under its contract's method; unlike
   * self-generation it needs certificates to be eligible (RE100-CLAIM-1), which the engine checks.
   */
  private async selfGenerationClaims(
    organizationId: string,
    from: string,
    to: string,
  ): Promise<Re100ClaimInput[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH gen AS (
         SELECT fm.facility_id, m.site_id, sum(u.wh) AS wh
         FROM facility_meters fm
         JOIN meters m ON m.organization_id = fm.organization_id AND m.id = fm.meter_id
         JOIN meter_daily_rollups u ON u.organization_id = m.organization_id AND u.meter_id = m.id
           AND u.local_date >= $2::date AND u.local_date < $3::date
         WHERE fm.organization_id = $1 GROUP BY fm.facility_id, m.site_id),
       site AS (
         SELECT m.site_id,
                coalesce(sum(u.wh) FILTER (WHERE m.direction = 'generation'), 0) AS generated,
                coalesce(sum(u.wh) FILTER (WHERE m.direction = 'export'), 0) AS exported
         FROM meters m JOIN meter_daily_rollups u ON u.organization_id = m.organization_id AND u.meter_id = m.id
           AND u.local_date >= $2::date AND u.local_date < $3::date
         WHERE m.organization_id = $1 AND m.direction IN ('generation', 'export')
           AND m.site_id IN (SELECT site_id FROM gen)
         GROUP BY m.site_id)
       SELECT g.facility_id, g.site_id, g.wh::text AS facility_wh, s.generated::text AS site_generated,
              s.exported::text AS site_exported, st.country AS site_country,
              f.country AS facility_country, f.technology, f.commissioning_date::text AS commissioning_date,
              f.repowering_date::text AS repowering_date, f.sustainability_evidence,
              (SELECT k.method FROM contract_facilities cf JOIN contracts k ON k.organization_id = cf.organization_id AND k.id = cf.contract_id
               WHERE cf.organization_id = $1 AND cf.facility_id = g.facility_id AND k.method IN ('SELF_GEN_OWNED', 'SELF_GEN_THIRD_PARTY', 'PPA_PHYSICAL')
                 AND k.start_date < $3::date AND (k.end_date IS NULL OR k.end_date >= $2::date)
               ORDER BY k.start_date LIMIT 1) AS method,
              (SELECT bool_or(NOT k.eacs_conveyed) FROM contract_facilities cf JOIN contracts k ON k.organization_id = cf.organization_id AND k.id = cf.contract_id
               WHERE cf.organization_id = $1 AND cf.facility_id = g.facility_id AND k.method IN ('SELF_GEN_OWNED', 'SELF_GEN_THIRD_PARTY', 'PPA_PHYSICAL')
                 AND k.start_date < $3::date AND (k.end_date IS NULL OR k.end_date >= $2::date)) AS sold_on
       FROM gen g JOIN site s ON s.site_id = g.site_id
       JOIN sites st ON st.organization_id = $1 AND st.id = g.site_id
       JOIN generation_facilities f ON f.organization_id = $1 AND f.id = g.facility_id
       ORDER BY g.facility_id, g.site_id`,
      [organizationId, from, to],
    );
    return rows.flatMap((r) => {
      const generated = BigInt(r.site_generated as string);
      const consumed = generated - BigInt(r.site_exported as string);
      if (consumed <= 0n || generated === 0n) return [];
      const volume = (consumed * BigInt(r.facility_wh as string)) / generated;
      if (volume <= 0n) return [];
      return [
        {
          claimId: `self-generation:${r.facility_id}:${r.site_id}`, // SELF_GENERATION_CLAIM
          method: (r.method as ProcurementMethod | null) ?? 'SELF_GEN_OWNED',
          volumeWh: volume,
          consumptionMarket: '', // set from the site's country once the boundaries are read
          siteIds: [r.site_id as string],
          consumptionCountry: r.site_country as string,
          technology: r.technology as Technology,
          facility: facilityFacts(r),
          certificatesSoldOn: r.sold_on === true,
        } satisfies Re100ClaimInput,
      ];
    });
  }

  /**
   * Contracts for the forecast: their expected annual volumes, dates and market (their consumption market,
   * else their first facility's). A contract whose certificates are not conveyed to the organization
   * delivers null power (RE100-CLAIM-2) and is left out.
   */
  async forecastContracts(organizationId: string, boundaryDate: string): Promise<ForecastContract[]> {
    const [rows, boundaries]: [Record<string, string | null>[], MarketBoundaryRow[]] = await Promise.all([
      this.dataSource.query(
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
      ),
      this.boundaries(RE100_TC_V4_1.id),
    ]);
    return rows.map((r) => ({
      expectedAnnualWh: BigInt(r.expected_annual_wh!),
      startDate: r.start_date!,
      endDate: r.end_date,
      market:
        r.consumption_market ??
        (r.facility_country ? marketOf(r.facility_country, boundaryDate, boundaries) : null),
    }));
  }

  /** Each meter's energy in the year from its rollups: what a site's consumption is summed from. */
  async meterTotals(organizationId: string, year: number): Promise<MeterTotal[]> {
    const { from, to } = await this.period(organizationId, year);
    const rows: Record<string, string | number>[] = await this.dataSource.query(
      `WITH ${METER_YEAR}
       SELECT m.id, m.external_id, m.site_id, m.direction, coalesce(y.wh, 0)::text AS wh,
              coalesce(y.readings, 0)::int AS readings, coalesce(y.estimated_wh, 0)::text AS estimated_wh,
              coalesce(y.days, 0)::int AS days
       FROM meters m
       LEFT JOIN meter_year y ON y.meter_id = m.id
       WHERE m.organization_id = $1
       ORDER BY m.site_id, m.external_id`,
      [organizationId, from, to],
    );
    return rows.map((r) => ({
      meterId: r.id as string,
      externalId: r.external_id as string,
      siteId: r.site_id as string,
      direction: r.direction as string,
      wh: BigInt(r.wh),
      readings: r.readings as number,
      estimatedWh: BigInt(r.estimated_wh),
      daysWithData: r.days as number,
    }));
  }

  /** Every site's name, by id. */
  async siteNames(organizationId: string): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, name FROM sites WHERE organization_id = $1',
      [organizationId],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * The records behind the year's claims, keyed by claim id: the allocation's certificate with its
   * registry serials, the facility and the contract; for self-generation, the facility's generation meters.
   */
  async claimSources(
    organizationId: string,
    year: number,
  ): Promise<(claimId: string) => ClaimSource | undefined> {
    const [allocated, facilities]: Record<string, unknown>[][] = await Promise.all([
      this.dataSource.query(
        `SELECT a.id AS claim_id, a.id AS allocation_id, a.volume_wh::text AS allocated_wh,
                c.id AS certificate_id, c.registry, c.instrument_type, c.serial_start, c.serial_end,
                c.volume_wh::text AS certificate_wh, c.rec_count, c.issuance_date::text AS issuance_date,
                c.evidence_url, c.facility_id, c.contract_id
         FROM allocations a
         JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
         WHERE a.organization_id = $1 AND a.reporting_year = $2`,
        [organizationId, year],
      ),
      this.dataSource.query(
        `SELECT f.id, f.name, f.registry_facility_id, f.country, f.technology,
                f.commissioning_date::text AS commissioning_date, f.repowering_date::text AS repowering_date,
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
      ),
    ]);
    const facilityOf = new Map(
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
            generationMeterIds: f.meter_ids as string[],
          },
          contracts: (f.contracts ?? []) as ClaimSource['contracts'],
        },
      ]),
    );
    const sources = new Map<string, ClaimSource>();
    for (const a of allocated) {
      const { facility, contracts } = facilityOf.get(a.facility_id as string)!;
      sources.set(a.claim_id as string, {
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
      });
    }
    return (claimId) => {
      const selfGeneration = SELF_GENERATION_CLAIM.exec(claimId);
      if (!selfGeneration) return sources.get(claimId);
      const measured = facilityOf.get(selfGeneration[1]);
      return measured && { allocationId: null, allocatedWh: null, certificate: null, ...measured };
    };
  }

  private async period(organizationId: string, year: number) {
    const [org] = await this.dataSource.query(
      'SELECT reporting_year_start_month FROM organizations WHERE id = $1',
      [organizationId],
    );
    return reportingYearDates(year, org.reporting_year_start_month);
  }

  private async boundaries(ruleset: string): Promise<MarketBoundaryRow[]> {
    const rows: { country: string; market: string; valid_from: string | null; valid_to: string | null }[] =
      await this.dataSource.query(
        `SELECT country, market, valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM market_boundaries WHERE ruleset = $1 ORDER BY country, market`,
        [ruleset],
      );
    return rows.map((r) => ({
      market: r.market,
      country: r.country,
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
  }
}
