import { whToMwh } from '../../common/energy';
import { scope2Of } from '../../emissions/scope2.service';
import { addDecimal, compareDecimal, parseDecimal, roundDecimal, ZERO } from '../../emissions/factor-set';
import type { Scope2Result } from '../../emissions/scope2';
import type { YearFigures } from '../../figures/year-figures';
import { evaluateRe100Year, type Re100Ruleset, type Re100YearResult } from '../../re100/engine';
import { dataStatusOf, declaredMilestones, targetOf, trajectoryOf } from '../../re100/progress';
import type { CdpQuestionnaire } from '../templates/cdp-template';
import { canonicalHash } from './canonical-json';
import { FinalizedReport, restatementOf } from './restatement';
import { CdpExact, cdpTables } from './cdp-tables';
import { claimsRegister } from './claims-register';
import { dataQualitySection } from './data-quality-section';
import {
  CheckRow,
  REPORT_SCHEMA_VERSION,
  ROUNDING_KEYS,
  ReportContent,
  ReportLanguage,
  ReportModel,
  ReportStatus,
  RestatementSection,
  TrajectorySection,
} from './report-model';

/** What a report of one reporting year is built from: figures read in one transaction, and the templates. */
export interface ReportInput {
  /** The reporting year's figures. */
  figures: YearFigures;
  /** The years before it shown on the trajectory (oldest first), read in the same transaction. */
  earlierYears: YearFigures[];
  /** The commitment's baseline year, under its own ruleset (the trajectory starts from its RE %). */
  baseline: YearFigures | null;
  questionnaire: CdpQuestionnaire;
}

/** The rules a report applies, listed in its methodology. */
const RULES = [
  'RE100-SCOPE-1',
  'RE100-SCOPE-2',
  'RE100-CALC-1',
  'RE100-CALC-2',
  'RE100-MB-1',
  'RE100-MB-2',
  'RE100-MB-3',
  'RE100-MB-4',
  'RE100-AGE-1',
  'RE100-AGE-2',
  'RE100-AGE-3',
  'RE100-CLAIM-1',
  'RE100-CLAIM-2',
  'RE100-CLAIM-3',
  'RE100-CLAIM-4',
  'RE100-CLAIM-5',
  'RE100-PASSIVE-1',
  'S2-DUAL-1',
  'S2-LB-1',
  'S2-MB-1',
  'S2-MB-2',
  'S2-QC',
];
const V5_RULES = ['V5-COAL-1', 'V5-CANCEL-1', 'V5-AGE-1', 'V5-PASSIVE-1', 'V5-KR-1'];
/** Rules whose exact source could not be confirmed: parameters of the ruleset, said so in the methodology. */
const CONFIGURABLE = ['RE100-SCOPE-2', 'RE100-AGE-1', 'RE100-AGE-3', 'RE100-CLAIM-3', 'RE100-PASSIVE-1'];
const V5_UNCONFIRMED = ['V5-UNCONFIRMED'];

/** A ruleset's parameters as text, in its own order (bigint, rational and lists written out). */
function rulesetParameters(ruleset: Re100Ruleset): { name: string; value: string }[] {
  return Object.entries(ruleset)
    .filter(([name]) => name !== 'id' && name !== 'label')
    .map(([name, value]) => ({ name, value: parameterText(value) }));
}

function parameterText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length ? value.map(parameterText).join('; ') : 'none';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('numerator' in o && 'denominator' in o) return `${String(o.numerator)}/${String(o.denominator)}`;
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${parameterText(v)}`)
      .join(', ');
  }
  return String(value);
}

/** The trajectory chart's data: achieved and required RE % by year, the path and its milestones. */
function trajectorySection(input: ReportInput, results: Map<number, Re100YearResult>): TrajectorySection {
  const { figures, baseline } = input;
  const commitment = figures.commitment;
  const years = [...input.earlierYears, figures];
  const first = years[0].year;
  const path = trajectoryOf(commitment, baseline, first, Math.max(figures.year, commitment?.targetYear ?? 0));
  const required = new Map(path.map((p) => [p.year, p.requiredPercent]));
  const milestones = declaredMilestones(commitment);
  return {
    years: years.map((y) => {
      const result = results.get(y.year)!;
      return {
        year: y.year,
        rePercent: dataStatusOf(result) ? null : result.totals.rePercent,
        requiredPercent: required.get(y.year) ?? null,
      };
    }),
    path: path.map((p) => ({ year: p.year, requiredPercent: p.requiredPercent, source: p.source })),
    milestones,
  };
}

const decimal = (text: string) => parseDecimal(text) ?? ZERO;
const sumTonnes = (values: string[]) => values.reduce((s, v) => addDecimal(s, decimal(v)), ZERO);

/** The tie-outs of domain §4 and §9.8, on exact values, each passed or failed. */
function checks(re100: Re100YearResult, scope2: Scope2Result, exact: CdpExact): CheckRow[] {
  const energy = (id: CheckRow['id'], expected: bigint, actual: bigint): CheckRow => ({
    id,
    unit: 'MWh',
    expected: whToMwh(expected),
    actual: whToMwh(actual),
    passed: expected === actual,
  });
  const tonnes = (id: CheckRow['id'], expected: string, parts: string[]): CheckRow => {
    const actual = sumTonnes(parts);
    return {
      id,
      unit: 't CO2e',
      expected: roundDecimal(decimal(expected), 3),
      actual: roundDecimal(actual, 3),
      passed: compareDecimal(decimal(expected), actual) === 0,
    };
  };
  return [
    energy('CDP_7_30_16_TOTAL', exact.byCountryPartsWh, exact.byCountryTotalWh),
    energy('CDP_7_30_16_CONSUMPTION', re100.totals.consumptionWh, exact.byCountryTotalWh),
    energy(
      'RE_NUMERATOR',
      re100.totals.eligibleWh,
      exact.purchasedRenewableWh + exact.selfGeneratedRenewableWh,
    ),
    energy('CDP_7_30_9_VS_7_30_19', exact.selfGeneratedRenewableWh, exact.facilityConsumedWh),
    tonnes(
      'SCOPE2_BY_COUNTRY_LB',
      scope2.organization.locationBased.exactTCo2e,
      scope2.countries.map((c) => c.locationBased.exactTCo2e),
    ),
    tonnes(
      'SCOPE2_BY_COUNTRY_MB',
      scope2.organization.marketBased.exactTCo2e,
      scope2.countries.map((c) => c.marketBased.exactTCo2e),
    ),
  ];
}

/**
 * Builds the report content of a reporting year: a pure function of its figures, evaluated by the same
 * engines and presenters as the API (`evaluateRe100Year`, `scope2Of`, the progress presenters), so every
 * figure equals the API's for that year. The content holds no clock time beyond the coverage day.
 */
export function buildReportContent(input: ReportInput): ReportContent {
  const { figures } = input;
  const results = new Map<number, Re100YearResult>(
    [...input.earlierYears, figures].map((f) => [f.year, evaluateRe100Year(f.re100)]),
  );
  const re100 = results.get(figures.year)!;
  const scope2 = scope2Of(figures);
  const status = dataStatusOf(re100);
  const trajectory = trajectorySection(input, results);
  const point = trajectoryOf(figures.commitment, input.baseline, figures.year, figures.year)[0];
  const target = point && status === null ? targetOf(figures.commitment!.targetYear, point, re100) : null;
  // The year has ended everywhere once its last day has ended in the latest time zone (UTC−12): before that
  // a meter somewhere may still be in it, and its coverage would move with the clock.
  const ended = figures.asOf.getTime() >= Date.parse(`${figures.periodEnd}T00:00:00Z`) + 36 * 3_600_000;
  // While the year runs, completeness counts up to the start of the UTC day, so it does not move within a day.
  const coverageUntil = ended ? null : figures.asOf.toISOString().slice(0, 10);
  const cdp = cdpTables(figures, re100, scope2, input.questionnaire);
  const sum = (values: bigint[]) => values.reduce((s, v) => s + v, 0n);
  const siteNames = new Map(figures.sites.map((s) => [s.siteId, s.name]));
  const procurementTypes = re100.byProcurementType.map((t) => ({
    type: t.type,
    claimCount: t.claimCount,
    claimedMwh: whToMwh(t.volumeWh),
    recognisedMwh: whToMwh(t.eligibleWh),
    rePercent: t.rePercent,
  }));
  const allowance = re100.totals.ageAllowance;
  const set = figures.factors.set;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    organization: {
      id: figures.organizationId,
      name: figures.organizationName,
      legalEntityName: figures.re100.legalEntityName,
    },
    period: {
      year: figures.year,
      start: figures.periodStart,
      end: figures.periodEnd,
      timeZone: figures.timeZone,
      ended,
      coverageUntil,
    },
    ruleset: {
      id: re100.provenance.rulesetId,
      label: re100.provenance.ruleset.label,
      forPeriod: figures.rulesetForPeriod,
      parameters: rulesetParameters(re100.provenance.ruleset),
    },
    factorSets: [
      {
        id: set.id,
        name: set.name,
        version: set.version,
        factors: scope2.factorsUsed.map(({ note: _note, kgPerMwh: _kg, ...factor }) => factor),
      },
    ],
    dataStatus: status,
    summary: {
      rePercent: status ? null : re100.totals.rePercent,
      requiredPercent: point?.requiredPercent ?? null,
      status: status ?? target?.status ?? 'NO_TARGET',
      targetYear: figures.commitment?.targetYear ?? null,
      nextMilestone:
        trajectory.milestones
          .filter((m) => m.year > figures.year)
          .map((m) => ({ year: m.year, percent: m.percent }))[0] ?? null,
      consumptionMwh: whToMwh(re100.totals.consumptionWh),
      excludedMwh: whToMwh(re100.totals.excludedWh),
      inScopeMwh: whToMwh(re100.totals.inScopeWh),
      claimedMwh: whToMwh(sum(re100.claims.map((c) => c.volumeWh))),
      recognisedMwh: whToMwh(re100.totals.eligibleWh),
      stillToProcureMwh: target ? target.stillToProcureMwh : null,
      scope2: {
        locationBasedTCo2e: scope2.organization.locationBased.tCo2e,
        marketBasedTCo2e: scope2.organization.marketBased.tCo2e,
        locationBasedComplete: scope2.organization.locationBased.complete,
        marketBasedComplete: scope2.organization.marketBased.complete,
      },
    },
    trajectory,
    procurementMix: procurementTypes,
    cdp: {
      questionnaireYear: input.questionnaire.year,
      questionnaire: input.questionnaire.questionnaire,
      verified: input.questionnaire.verified,
      mwhDecimals: input.questionnaire.mwhDecimals,
      tables: cdp.tables,
    },
    re100: {
      markets: re100.markets.map((m) => ({
        market: m.market,
        countries: m.countries,
        consumptionMwh: whToMwh(m.consumptionWh),
        excludedMwh: whToMwh(m.excludedWh),
        inScopeMwh: whToMwh(m.inScopeWh),
        claimedMwh: whToMwh(m.claimedWh),
        recognisedMwh: whToMwh(m.eligibleWh),
        cappedMwh: whToMwh(m.cappedWh),
        ageAllowanceUsedMwh: whToMwh(m.ageAllowanceUsedWh),
        rePercent: m.rePercent,
      })),
      countries: re100.byCountry.map((c) => ({
        country: c.country,
        market: c.market,
        consumptionMwh: whToMwh(c.consumptionWh),
        purchasedMwh: whToMwh(c.purchasedWh),
        selfGeneratedMwh: whToMwh(c.selfGenerationConsumedWh),
        excludedMwh: whToMwh(c.excludedWh),
        inScopeMwh: whToMwh(c.inScopeWh),
        recognisedMwh: whToMwh(c.eligibleWh),
        rePercent: c.rePercent,
      })),
      procurementTypes,
      ageAllowance: {
        share: parameterText(allowance.share),
        ruleFrom: allowance.ruleFrom,
        baseMwh: whToMwh(allowance.baseWh),
        limitMwh: whToMwh(allowance.limitWh),
        usedMwh: whToMwh(allowance.usedWh),
        remainingMwh: whToMwh(allowance.remainingWh),
      },
      excludedSites: re100.excludedSites.map((s) => ({
        siteId: s.siteId,
        siteName: siteNames.get(s.siteId) ?? '',
        country: s.country,
        market: s.market,
        consumptionMwh: whToMwh(s.consumptionWh),
        accepted: s.accepted,
        reasons: [...s.reasons],
        note: s.note,
      })),
    },
    claims: claimsRegister(figures, re100),
    dataQuality: dataQualitySection(
      figures,
      scope2,
      coverageUntil ? new Date(`${coverageUntil}T00:00:00Z`) : figures.asOf,
    ),
    methodology: {
      rules: re100.provenance.ruleset.appliesFrom ? [...RULES, ...V5_RULES] : RULES,
      exclusions: re100.excludedSites
        .filter((s) => s.accepted)
        .map((s) => ({
          siteId: s.siteId,
          siteName: siteNames.get(s.siteId) ?? '',
          reasons: [...s.reasons],
        })),
      rounding: [...ROUNDING_KEYS],
      configurable: re100.provenance.ruleset.appliesFrom
        ? [...CONFIGURABLE, ...V5_UNCONFIRMED]
        : CONFIGURABLE,
    },
    checks: checks(re100, scope2, cdp.exact),
  };
}

/** What a report is of. */
export interface ReportRequest {
  organizationId: string;
  year: number;
  language: ReportLanguage;
  reportId: string | null;
}

/**
 * Everything a report's model is made of, read in one snapshot: the year's state, the reporting year and the
 * years its trajectory shows. Plain data (structured-clonable), so the model can be made in another process.
 */
export interface ReportInputs {
  request: ReportRequest;
  status: ReportStatus;
  finalized: FinalizedReport | null;
  /** The years of the trajectory, oldest first; the last is the reporting year. */
  years: YearFigures[];
  baseline: YearFigures | null;
}

/** The model of a report from what it is made of: a pure function. */
export function assembleReport(inputs: ReportInputs, questionnaire: CdpQuestionnaire): ReportModel {
  const figures = inputs.years[inputs.years.length - 1];
  const content = buildReportContent({
    figures,
    earlierYears: inputs.years.slice(0, -1),
    baseline: inputs.baseline,
    questionnaire,
  });
  return reportModel(content, {
    ...inputs.request,
    status: inputs.status,
    asOf: figures.asOf,
    restatement: restatementOf(inputs.finalized, content),
  });
}

/** The model of a report: its content with the hash, and what is shown but not hashed. */
export function reportModel(
  content: ReportContent,
  envelope: {
    reportId: string | null;
    language: ReportLanguage;
    status: ReportStatus;
    asOf: Date;
    restatement: RestatementSection | null;
  },
): ReportModel {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    reportId: envelope.reportId,
    language: envelope.language,
    status: envelope.status,
    asOf: envelope.asOf.toISOString(),
    modelHash: canonicalHash(content),
    content,
    restatement: envelope.restatement,
  };
}
