import type { FactorSetRecord } from '../emissions/emission-factors.repository';
import type { FactorRow } from '../emissions/factor-set';
import type { TrajectoryCommitment, ForecastContract } from '../re100/trajectory';
import type { Re100YearInput } from '../re100/engine';

/** A site as the figures name it, with what Scope 2 reads beyond the RE100 input. */
export interface SiteRecord {
  siteId: string;
  name: string;
  country: string;
  gridRegion: string | null;
  /** The site's supplier-specific factor id (S2-MB-1), if it names one. */
  supplierFactorId: string | null;
  excludedFromRe100: boolean;
}

/** One meter's energy in the year, from its daily rollups, with what its coverage is computed from. */
export interface MeterYear {
  meterId: string;
  externalId: string;
  siteId: string;
  direction: 'import' | 'export' | 'generation';
  kind: 'interval' | 'register';
  intervalMinutes: number | null;
  activeFrom: Date | null;
  activeTo: Date | null;
  /** The site's IANA zone: the meter's days are its site's local days (C-2). */
  timeZone: string;
  wh: bigint;
  readings: number;
  estimatedWh: bigint;
  daysWithData: number;
  /** End of the meter's latest interval, whatever its year. */
  lastReadingAt: Date | null;
}

/** The records behind a claim, as an explanation shows them. */
export interface ClaimSource {
  /** Null for self-generation, which is measured rather than allocated. */
  allocationId: string | null;
  allocatedWh: string | null;
  certificate: {
    certificateId: string;
    registry: string;
    instrumentType: string;
    serialStart: string | null;
    serialEnd: string | null;
    volumeWh: string;
    recCount: number | null;
    issuanceDate: string | null;
    evidenceUrl: string | null;
  } | null;
  facility: {
    facilityId: string;
    name: string;
    registryFacilityId: string | null;
    country: string;
    technology: string;
    commissioningDate: string;
    repoweringDate: string | null;
    capacityMw: string | null;
    /** Instrument types of the certificates recorded for the facility (issued for its generation). */
    certificateTypes: string[];
    generationMeterIds: string[];
  };
  contracts: {
    contractId: string;
    method: string;
    krTag: string | null;
    counterparty: string;
    signedDate: string;
    eacsConveyed: boolean;
  }[];
}

/** The emission factors a year uses (C-3): the organization's choice, else the shipped default set. */
export interface FactorSelection {
  year: number;
  set: FactorSetRecord;
  explicit: boolean;
  selectedAt: Date | null;
  selectedBy: string | null;
  rows: FactorRow[];
}

/**
 * Everything a reporting year's figures are computed from, read in one REPEATABLE READ transaction
 * (`YearFiguresService`), so RE100 progress, its explanation, Scope 2 and data quality of one request all
 * see the same database state. A plain value: the engines and presenters compute from it and never query.
 */
export interface YearFigures {
  organizationId: string;
  organizationName: string;
  year: number;
  /** The transaction's clock: what "now" means for coverage and staleness in these figures. */
  asOf: Date;
  /** First and last local day of the reporting year, both inclusive (RE100-REP-1). */
  periodStart: string;
  periodEnd: string;
  /** The organization's reporting-year calendar. */
  timeZone: string;
  reportingYearStartMonth: number;
  /** The year is finalized: its figures are final, not provisional (invariant 7). */
  finalized: boolean;
  commitment: TrajectoryCommitment | null;
  /** What the RE100 engine evaluates: sites with dated consumption, claims with their facts, ruleset. */
  re100: Re100YearInput;
  /** The ruleset the year's period takes by its dates; `re100.ruleset` differs when another was asked for. */
  rulesetForPeriod: string;
  sites: SiteRecord[];
  meters: MeterYear[];
  /** The records behind each claim of `re100.claims`, by claim id. */
  claimSources: Record<string, ClaimSource>;
  /** Every generation facility of the organization, by id order (CDP 7.30.19 lists those with meters). */
  facilities: ClaimSource['facility'][];
  factors: FactorSelection;
  /** The organization's contracts with expected volumes, for a forecast from this year. */
  forecastContracts: ForecastContract[];
}
