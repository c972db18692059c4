import { Scope2ExplainDto } from '../../../emissions/dto/scope2-response.dto';
import { ExplainMeterDto, Re100ExplainDto } from '../../../re100/dto/explain.dto';
import { percentOf } from '../../../re100/engine/percent';
import { ReportText } from '../../../reports/templates/report-text';

interface ExplainBase {
  year: number;
  /** The words of the report templates for codes (statuses, reasons, technologies …), in the page's language. */
  words: ReportText;
  rulesets: { id: string; label: string }[];
}

/** The explain page: the API's explain answer of the level asked for, as it gives it. */
export type ExplainView =
  | (ExplainBase & { kind: 're100'; ruleset: string | null; explain: Re100ExplainDto })
  | (ExplainBase & { kind: 'scope2'; ruleset: null; explain: Scope2ExplainDto });

export type Re100View = Extract<ExplainView, { kind: 're100' }>;
export type Scope2View = Extract<ExplainView, { kind: 'scope2' }>;

/** A level of the explain page: the RE % of a year, one market, one claim, or one site's Scope 2. */
export function explainHref(level: {
  year: number;
  ruleset?: string | null;
  market?: string;
  claimId?: string;
  siteId?: string;
}): string {
  const query = new URLSearchParams({ year: String(level.year) });
  if (level.ruleset && !level.siteId) query.set('ruleset', level.ruleset);
  if (level.market) query.set('market', level.market);
  if (level.claimId) query.set('claimId', level.claimId);
  if (level.siteId) query.set('siteId', level.siteId);
  return `/app/explain?${query}`;
}

/**
 * A meter's completeness as the report's data-quality table gives it: received ÷ expected intervals in
 * percent, 2 decimals rounded down (so 100.00 means none missing); null for register meters.
 */
export function completenessPercent(meter: ExplainMeterDto): string | null {
  if (meter.expectedIntervals === null || meter.missingIntervals === null || meter.expectedIntervals === 0)
    return null;
  const received = Math.max(0, meter.expectedIntervals - meter.missingIntervals);
  return percentOf(BigInt(received), BigInt(meter.expectedIntervals));
}

/** A claim's id as a table shows it: its first 40 characters (a self-generation claim's id is long). */
export const shortClaimId = (claimId: string) => (claimId.length > 40 ? `${claimId.slice(0, 40)}…` : claimId);

/** A self-generation claim's id (`self-generation:<facility>:<site>`) has no allocation behind it. */
export const isSelfGenerationClaim = (claimId: string) => claimId.startsWith('self-generation:');

/** A recorded fact as text: yes/no, dates and codes as they are, lists joined, anything else as JSON. */
export function factText(value: unknown, yes: string, no: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.length ? value.join(', ') : null;
  return JSON.stringify(value);
}
