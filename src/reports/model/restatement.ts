import { addDecimal, parseDecimal, roundDecimal } from '../../emissions/factor-set';
import { canonicalHash } from './canonical-json';
import type { ReportContent, RestatementSection } from './report-model';

/*
 * A restatement: a report of a year that was finalized and reopened compares its figures with the report the
 * year was finalized from. The comparison is also what `verify` answers (today's figures against a stored
 * report's). Neither is a figure of the year, so neither is in the content the model hash covers.
 */

/** The finalized report a restatement compares against, and why the year was reopened. */
export interface FinalizedReport {
  reportId: string;
  content: ReportContent;
  reopenedAt: string | null;
  reason: string | null;
}

const ID_FIELDS = ['claimId', 'meterId', 'siteId', 'market', 'country', 'id', 'year', 'type', 'name'];

/** An array's items by their id field when it tells them apart (`[KR]`, `[<claim id>]`), else by position. */
function keyed(items: unknown[]): Map<string, unknown> {
  const field = ID_FIELDS.find((f) =>
    items.every((item) => typeof item === 'object' && item !== null && f in item),
  );
  const keys = items.map((item, i) => (field ? String((item as Record<string, unknown>)[field]) : String(i)));
  const distinct = new Set(keys).size === keys.length;
  return new Map(items.map((item, i) => [distinct ? keys[i] : String(i), item]));
}

/** Leaves of two JSON values that differ, by path (`summary.rePercent`, `re100.markets[KR].inScopeMwh`). */
export function figureChanges(
  before: unknown,
  after: unknown,
  path = '',
): { path: string; finalized: string | null; now: string | null }[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = keyed(before);
    const b = keyed(after);
    return [...new Set([...a.keys(), ...b.keys()])].flatMap((k) =>
      figureChanges(a.get(k), b.get(k), `${path}[${k}]`),
    );
  }
  if (isObject(before) && isObject(after) && !Array.isArray(before) && !Array.isArray(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((k) =>
      figureChanges(before[k], after[k], path ? `${path}.${k}` : k),
    );
  }
  const text = (v: unknown) =>
    v === undefined || v === null ? null : isObject(v) ? JSON.stringify(v) : String(v);
  return text(before) === text(after) ? [] : [{ path, finalized: text(before), now: text(after) }];
}

/**
 * The figures of a restated year against the finalized report: only numbers and verdicts, not text. Not
 * part of the content the model hash covers: it compares two reports, it is not a figure of the year.
 */
export function restatementOf(
  finalized: FinalizedReport | null | undefined,
  content: ReportContent,
): RestatementSection | null {
  if (!finalized) return null;
  const pick = (c: ReportContent) => ({
    summary: c.summary,
    re100: {
      markets: c.re100.markets,
      countries: c.re100.countries,
      procurementTypes: c.re100.procurementTypes,
    },
    claims: c.claims.map((k) => ({ claimId: k.claimId, status: k.status, eligibleMwh: k.eligibleMwh })),
  });
  const difference = (a: string | null, b: string | null) => {
    const x = a === null ? null : parseDecimal(a);
    const y = b === null ? null : parseDecimal(b);
    if (!x || !y) return null;
    const d = addDecimal(y, { units: -x.units, scale: x.scale });
    return roundDecimal(d, Math.max(x.scale, y.scale));
  };
  return {
    finalizedReportId: finalized.reportId,
    finalizedModelHash: canonicalHash(finalized.content),
    reopenedAt: finalized.reopenedAt,
    reason: finalized.reason,
    changes: figureChanges(pick(finalized.content), pick(content)).map((c) => ({
      ...c,
      difference: difference(c.finalized, c.now),
    })),
  };
}
