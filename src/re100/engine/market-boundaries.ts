import { addDays } from './dates';

/**
 * RE100 market boundaries as dated data (RE100-MB-1..4). A row says that `country` belongs to `market` from
 * `validFrom` (inclusive) until `validTo` (exclusive); null means open-ended. A country without a row in
 * force is its own market, named by its ISO 3166-1 alpha-2 code (RE100-MB-4).
 */
export interface MarketBoundaryRow {
  market: string;
  country: string;
  /** First day the membership applies (YYYY-MM-DD), null = since always. */
  validFrom: string | null;
  /** First day it no longer applies (YYYY-MM-DD, exclusive), null = still in force. */
  validTo: string | null;
}

/** RE100-MB-3: the European single market, AIB members in the EU single market, grid-connected. */
export const EUROPE_MARKET = 'EU';
/** RE100-MB-2: the USA and Canada form one market. */
export const US_CANADA_MARKET = 'US-CA';

const EUROPE_COUNTRIES = 'AT BE HR CZ DK EE FI FR DE GR HU IT LV LT LU NL NO PT SK SI ES SE'.split(' ');
/**
 * RE100-MB-3, ruleset v4.1: European countries that are separate markets. Without a row they would be their
 * own market anyway (RE100-MB-4); the rows record the decision so a later change is a dated row.
 */
const EUROPE_SEPARATE_V4_1 = 'BG CY IE MT PL RO RS GB'.split(' ');

const row = (market: string, country: string): MarketBoundaryRow => ({
  market,
  country,
  validFrom: null,
  validTo: null,
});

/** The market boundaries of RE100 Technical Criteria v4.1. */
export const RE100_V4_1_BOUNDARIES: readonly MarketBoundaryRow[] = Object.freeze([
  ...EUROPE_COUNTRIES.map((c) => row(EUROPE_MARKET, c)),
  ...EUROPE_SEPARATE_V4_1.map((c) => row(c, c)),
  row(US_CANADA_MARKET, 'US'),
  row(US_CANADA_MARKET, 'CA'),
]);

const inForce = (r: MarketBoundaryRow, date: string): boolean =>
  (r.validFrom === null || r.validFrom <= date) && (r.validTo === null || date < r.validTo);

/**
 * The market `country` belongs to on `date` (YYYY-MM-DD). Throws when two rows in force disagree: the
 * boundary data is then ambiguous and no figure computed from it could be re-performed.
 */
export function marketOf(country: string, date: string, rows: readonly MarketBoundaryRow[]): string {
  const code = country.toUpperCase();
  const markets = new Set(
    rows.filter((r) => r.country.toUpperCase() === code && inForce(r, date)).map((r) => r.market),
  );
  if (markets.size > 1) {
    throw new Error(`Market boundaries are ambiguous for ${code} on ${date}: ${[...markets].join(', ')}`);
  }
  return markets.size === 1 ? [...markets][0] : code;
}

/**
 * The stretches of [start, end] (both inclusive) in which no row of `countries` starts or ends, in date
 * order: one stretch when nothing changes. A country may leave a market and rejoin it: two rows for the
 * same market with a gap between them.
 */
export function boundaryPeriods(
  rows: readonly MarketBoundaryRow[],
  countries: Iterable<string>,
  start: string,
  end: string,
): { start: string; end: string }[] {
  const codes = new Set([...countries].map((c) => c.toUpperCase()));
  const cuts = new Set<string>();
  for (const r of rows) {
    if (!codes.has(r.country.toUpperCase())) continue;
    for (const d of [r.validFrom, r.validTo]) if (d !== null && start < d && d <= end) cuts.add(d);
  }
  const periods: { start: string; end: string }[] = [];
  let from = start;
  for (const cut of [...cuts].sort()) {
    periods.push({ start: from, end: addDays(cut, -1) });
    from = cut;
  }
  periods.push({ start: from, end });
  return periods;
}

/** Problems with boundary rows: bad dates, empty periods, and overlapping periods of one country. */
export function boundaryProblems(rows: readonly MarketBoundaryRow[]): string[] {
  const problems: string[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  rows.forEach((r, i) => {
    if (!r.market || !/^[A-Z]{2}$/.test(r.country))
      problems.push(`row ${i}: market and a country code are required`);
    for (const d of [r.validFrom, r.validTo])
      if (d !== null && !date.test(d)) problems.push(`row ${i}: ${d} is not YYYY-MM-DD`);
    if (r.validFrom !== null && r.validTo !== null && r.validTo <= r.validFrom)
      problems.push(`row ${i}: empty period`);
    rows.slice(i + 1).forEach((other, k) => {
      const overlaps =
        other.country === r.country &&
        (r.validTo === null || other.validFrom === null || other.validFrom < r.validTo) &&
        (other.validTo === null || r.validFrom === null || r.validFrom < other.validTo);
      if (overlaps) problems.push(`rows ${i} and ${i + k + 1}: overlapping periods for ${r.country}`);
    });
  });
  return problems;
}
