import type { CdpTable, CdpValue } from '../../model/report-model';
import { formatter } from '../format';
import type { ReportText } from '../../templates/report-text';
import type { CellKind, Raw } from './cells';
import { field, lines, note, SheetSpec, table, title } from './sheet-spec';

/**
 * The cell kind of a CDP column type. CDP's MWh fields take 2 decimals (the model's `cdpMwh`); yes/no
 * answers are words, as CDP's options are; options and free-text answers wrap.
 */
const KINDS: Record<string, CellKind> = {
  mwh: 'cdpMwh',
  tco2e: 'tco2e',
  number: 'decimal',
  year: 'year',
  date: 'date',
  text: 'wrap',
  option: 'wrap',
};

/**
 * One sheet per CDP table: the question above, then its columns in the questionnaire's order (the model's
 * `columns`) with CDP's English labels, so an officer can paste the rows into CDP; then the totals. In
 * Korean the question's gloss is a line under the English title.
 */
export function cdpSheet(cdp: CdpTable, text: ReportText): SheetSpec {
  const gloss = text.cdpGloss[cdp.id];
  const { yesNo } = formatter(text);
  const value = (v: CdpValue): Raw => (typeof v === 'boolean' ? yesNo(v) : v);
  const totals = cdp.totals;
  const firstHasTotal = totals !== null && cdp.columns[0]?.key in totals;
  return {
    id: `cdp:${cdp.id}`,
    name: `CDP ${cdp.id}`,
    contents: gloss ? `${cdp.id} ${cdp.title} — ${gloss}` : `${cdp.id} ${cdp.title}`,
    blocks: [
      lines(
        title(`${cdp.id} ${cdp.title}`),
        cdp.legacyId !== null && field(text.labels.legacyId, cdp.legacyId),
        Boolean(gloss) && note(gloss),
        Boolean(text.cdpNotes[cdp.id]) && note(text.cdpNotes[cdp.id]),
      ),
      table({
        columns: cdp.columns.map((c) => ({ header: c.label, kind: KINDS[c.type] ?? 'text' })),
        rows: cdp.rows.map((row) => cdp.columns.map((c) => value(row[c.key] ?? null))),
        totals: totals
          ? cdp.columns.map((c, i) => totals[c.key] ?? (i === 0 && !firstHasTotal ? text.labels.total : null))
          : null,
        empty: text.sentences.noRows,
      }),
    ],
  };
}
