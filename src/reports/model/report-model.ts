import type { FactorRow } from '../../emissions/factor-set';

/**
 * The report model: everything a disclosure report shows, as plain JSON, built once from a reporting year's
 * figures (`build-report-model.ts`) and rendered by renderers that format and compute nothing (`../render/`).
 *
 * Numbers are strings with their exact decimals: energy as MWh with 3 decimals (the ledger's figure, C-1),
 * CDP answers as MWh with the questionnaire's 2 decimals, t CO2e with 3, percentages with 2. A null figure is
 * one that cannot be given (no data, a missing factor); a renderer shows it as such, never as 0.
 *
 * `content` is what the model's SHA-256 covers: the figures and what they were computed from. It holds no
 * report id, clock time or language, so a report of unchanged data has the same hash in any language.
 */
export const REPORT_SCHEMA_VERSION = 1;

export const REPORT_LANGUAGES = ['en', 'ko'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** provisional: the year is open; finalized: this report finalized it; restated: it changes a finalized one. */
export type ReportStatus = 'provisional' | 'finalized' | 'restated';

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** Null while the report is built before it is stored (a preview, a verification). */
  reportId: string | null;
  language: ReportLanguage;
  status: ReportStatus;
  /** When the figures were read (the database's clock): shown, not hashed. */
  asOf: string;
  /** SHA-256 (hex) of the canonical JSON of `content`. */
  modelHash: string;
  content: ReportContent;
  /** A year finalized before and reopened: what changed against the finalized report (not hashed). */
  restatement: RestatementSection | null;
}

export interface ReportContent {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  organization: { id: string; name: string; legalEntityName: string };
  period: {
    year: number;
    /** First and last local day, both inclusive. */
    start: string;
    end: string;
    timeZone: string;
    /** The year had ended in every time zone (its last day over at UTC−12) when the figures were read. */
    ended: boolean;
    /**
     * While the year runs, data quality counts expected intervals up to the start of this UTC day (the day
     * the figures were read), so they do not move within a day; null once the year has ended (all of it).
     */
    coverageUntil: string | null;
  };
  ruleset: RulesetSection;
  factorSets: FactorSetInfo[];
  /** No consumption in the year (`NO_DATA`), or all of it excluded (`ALL_EXCLUDED`); null when there is an RE %. */
  dataStatus: 'NO_DATA' | 'ALL_EXCLUDED' | null;
  summary: SummarySection;
  trajectory: TrajectorySection;
  procurementMix: ProcurementMixRow[];
  cdp: CdpSection;
  re100: Re100Section;
  claims: ClaimRow[];
  dataQuality: DataQualitySection;
  methodology: MethodologySection;
  checks: CheckRow[];
}

export interface RulesetSection {
  id: string;
  label: string;
  /** The ruleset the period takes by its dates (the same as `id` unless another was asked for). */
  forPeriod: string;
  /** The ruleset's parameters as name → value, in the ruleset's order (methodology). */
  parameters: { name: string; value: string }[];
}

export interface FactorSetInfo {
  id: string;
  name: string;
  version: string;
  /** Every factor row a figure used: source, edition, data year, region, kind, value (auditors' check 7). */
  factors: Omit<FactorRow, 'note'>[];
}

export interface SummarySection {
  /** Null with a data status (no RE % to speak of). */
  rePercent: string | null;
  /** The trajectory's required RE % for the year; null without a commitment. */
  requiredPercent: string | null;
  /** ON_TRACK, BEHIND, ACHIEVED; NO_TARGET without a commitment; or the data status. */
  status: string;
  targetYear: number | null;
  /** The next milestone after the reporting year (60 % 2030, 90 % 2040, 100 % the target year). */
  nextMilestone: { year: number; percent: string } | null;
  consumptionMwh: string;
  excludedMwh: string;
  inScopeMwh: string;
  /** Every claim's volume (RE100's "claimed"). */
  claimedMwh: string;
  /** What passes the criteria and counts (RE100's "recognised"): the RE % numerator. */
  recognisedMwh: string;
  /** To reach the year's required RE %; null without a target or data. */
  stillToProcureMwh: string | null;
  scope2: {
    locationBasedTCo2e: string;
    marketBasedTCo2e: string;
    /** False when a figure leaves energy out (a missing factor): the totals cover only what could be computed. */
    locationBasedComplete: boolean;
    marketBasedComplete: boolean;
  };
}

export interface TrajectorySection {
  /** The reporting years up to this one: RE % achieved (null without data) and required. */
  years: { year: number; rePercent: string | null; requiredPercent: string | null }[];
  /** The required RE % from the first year to the target year. */
  path: { year: number; requiredPercent: string; source: string }[];
  milestones: { year: number; percent: string; kind: 'MILESTONE' | 'TARGET' }[];
}

export interface ProcurementMixRow {
  /** RE100 procurement type 1–5. */
  type: number;
  claimCount: number;
  claimedMwh: string;
  recognisedMwh: string;
  /** Recognised of this type ÷ in-scope consumption × 100; the types add up to the RE %. */
  rePercent: string;
}

/** A CDP table value: text, an MWh or t CO2e decimal string, a year, a boolean; null is an empty cell. */
export type CdpValue = string | number | boolean | null;

export interface CdpTable {
  id: string;
  legacyId: string | null;
  title: string;
  columns: { key: string; label: string; type: string }[];
  rows: Record<string, CdpValue>[];
  /** Totals of the MWh / t CO2e columns over the rows (of the rounded values shown), or null. */
  totals: Record<string, string> | null;
}

export interface CdpSection {
  questionnaireYear: number;
  questionnaire: string;
  /** False while the template's labels are not checked against CDP's published questionnaire. */
  verified: boolean;
  mwhDecimals: number;
  tables: CdpTable[];
}

export interface Re100Section {
  markets: {
    market: string;
    countries: string[];
    consumptionMwh: string;
    excludedMwh: string;
    inScopeMwh: string;
    claimedMwh: string;
    recognisedMwh: string;
    cappedMwh: string;
    ageAllowanceUsedMwh: string;
    rePercent: string;
  }[];
  countries: {
    country: string;
    market: string;
    consumptionMwh: string;
    purchasedMwh: string;
    selfGeneratedMwh: string;
    excludedMwh: string;
    inScopeMwh: string;
    recognisedMwh: string;
    rePercent: string;
  }[];
  procurementTypes: ProcurementMixRow[];
  ageAllowance: {
    share: string;
    ruleFrom: string;
    baseMwh: string;
    limitMwh: string;
    usedMwh: string;
    remainingMwh: string;
  };
  excludedSites: {
    siteId: string;
    siteName: string;
    country: string;
    market: string;
    consumptionMwh: string;
    accepted: boolean;
    reasons: string[];
    note: string | null;
  }[];
}

export interface ClaimRow {
  claimId: string;
  kind: 'CERTIFICATE' | 'SELF_GENERATION';
  market: string;
  method: string;
  procurementType: number;
  krTag: string | null;
  /** The certificate behind the claim (null for measured self-generation). */
  certificateId: string | null;
  registry: string | null;
  serialStart: string | null;
  serialEnd: string | null;
  instrumentType: string | null;
  facilityId: string | null;
  facilityName: string;
  facilityCountry: string;
  technology: string;
  commissioningYear: number | null;
  vintageStart: string | null;
  vintageEnd: string | null;
  cancellationDate: string | null;
  beneficiary: string | null;
  contract: { contractId: string; counterparty: string; method: string; signedDate: string } | null;
  consumptionCountry: string | null;
  status: 'ELIGIBLE' | 'PARTIAL' | 'INELIGIBLE';
  claimedMwh: string;
  eligibleMwh: string;
  ineligibleMwh: string;
  /** Reason codes; the renderers show each in words from the language's text. */
  reasons: string[];
}

export interface MeterQualityRow {
  meterId: string;
  externalId: string;
  direction: string;
  kind: string;
  intervalMinutes: number | null;
  mwh: string;
  /** DST-aware count of expected intervals; null for register meters. */
  expectedIntervals: number | null;
  receivedIntervals: number;
  missingIntervals: number | null;
  /** received ÷ expected × 100, 2 decimals (rounded down); null when nothing is expected. */
  completenessPercent: string | null;
  /** Estimated Wh ÷ Wh × 100, 2 decimals (rounded up: never understated). */
  estimatedPercent: string;
  /** Local days of the checked period without any reading. */
  daysWithoutData: number;
  lastReadingAt: string | null;
}

export interface DataQualitySection {
  sites: {
    siteId: string;
    name: string;
    country: string;
    consumptionMwh: string;
    meters: MeterQualityRow[];
  }[];
  scope2: {
    locationBasedComplete: boolean;
    marketBasedComplete: boolean;
    locationBasedLeftOutMwh: string;
    marketBasedLeftOutMwh: string;
    /** Missing factors and bad input: a missing factor is shown as such, never as 0 t. */
    issues: { code: string; message: string; siteId: string | null; method: string | null }[];
    /** Method notes (a residual mix missing, a national factor used), per site where they apply. */
    notices: { code: string; message: string; rule: string | null; siteId: string | null }[];
  };
}

export interface MethodologySection {
  /** The ruleset's rules this report applied, with ids (RE100-…, S2-…). */
  rules: string[];
  /** Accepted exclusions, with their reason codes (`siteExclusionReasons` of the language says them). */
  exclusions: { siteId: string; siteName: string; reasons: string[] }[];
  /** The rounding conventions that apply (`ROUNDING_KEYS`), said in words by the language's text. */
  rounding: string[];
  /** Rules whose source could not be confirmed exactly and are parameters of the ruleset. */
  configurable: string[];
}

/** The tie-outs every report shows (domain §4, auditors' check 8). */
export const CHECK_IDS = [
  'CDP_7_30_16_TOTAL',
  'CDP_7_30_16_CONSUMPTION',
  'RE_NUMERATOR',
  'CDP_7_30_9_VS_7_30_19',
  'SCOPE2_BY_COUNTRY_LB',
  'SCOPE2_BY_COUNTRY_MB',
] as const;

/** The rounding conventions a methodology names; the language's text says each in words. */
export const ROUNDING_KEYS = [
  'mwh',
  'cdpMwh',
  'rePercent',
  'requiredPercent',
  'tco2e',
  'estimatedPercent',
] as const;

export interface CheckRow {
  /** One of `CHECK_IDS`; the language's text says what it checks. */
  id: (typeof CHECK_IDS)[number];
  unit: 'MWh' | 't CO2e';
  /** Each side rounded for display (MWh 3 decimals, t CO2e 3); `passed` compares the exact values. */
  expected: string;
  actual: string;
  passed: boolean;
}

export interface RestatementSection {
  finalizedReportId: string;
  finalizedModelHash: string;
  reopenedAt: string | null;
  reason: string | null;
  /** Figures that differ: a path in the model, the finalized value, the value now, the difference. */
  changes: { path: string; finalized: string | null; now: string | null; difference: string | null }[];
}
