import type { CdpTable, CdpValue } from '../../../model/report-model';
import { EMPTY, type Formatter } from '../../format';
import type { SectionContext } from '../context';
import { COLOR, SIZE } from '../style';
import { drawTable, type Column, type Row } from '../table';

const NUMERIC = new Set(['mwh', 'tco2e', 'number']);
const ONE_LINE = new Set(['mwh', 'tco2e', 'number', 'year', 'date', 'boolean', 'country']);

/**
 * CDP module 7 as CDP asks it: question ids, English titles and column labels in the questionnaire's
 * order (a Korean gloss under the title), so the answers can be copied field by field.
 */
export function cdpSection({ content, text, f, flow }: SectionContext): void {
  const { sentences, sections } = text;
  const cdp = content.cdp;
  flow.section(sections.cdp, 'landscape');
  flow.paragraph(cdp.questionnaire, { size: SIZE.body, weight: 'bold' });
  flow.paragraph(sentences.cdpLabelsEnglish, { size: SIZE.body, color: COLOR.muted });
  if (!cdp.verified) flow.notice(sentences.cdpUnverified);
  for (const table of cdp.tables) {
    const legacy = table.legacyId ? ` [${table.legacyId}]` : '';
    flow.heading(`${table.id}${legacy}  ${table.title}`);
    const gloss = text.cdpGloss[table.id];
    if (gloss) flow.paragraph(gloss, { size: SIZE.body, color: COLOR.accent });
    if (table.rows.length === 0) flow.paragraph(sentences.noRows, { size: SIZE.body, color: COLOR.muted });
    else drawTable(flow, columnsOf(table), rowsOf(table, f), { size: SIZE.table });
    const note = text.cdpNotes[table.id];
    if (note) flow.paragraph(note, { size: SIZE.small, color: COLOR.muted });
  }
}

function columnsOf(table: CdpTable): Column[] {
  return table.columns.map((c) => ({
    header: c.label,
    align: NUMERIC.has(c.type) ? 'right' : 'left',
    nowrap: ONE_LINE.has(c.type),
  }));
}

function rowsOf(table: CdpTable, f: Formatter): Row[] {
  const rows: Row[] = table.rows.map((r) => ({ cells: table.columns.map((c) => cell(f, c.type, r[c.key])) }));
  const totals = table.totals;
  if (totals) {
    const cells = table.columns.map((c) => (c.key in totals ? f.decimal(totals[c.key]) : ''));
    if (!(table.columns[0].key in totals)) cells[0] = f.text.labels.total;
    rows.push({ cells, kind: 'total' });
  }
  return rows;
}

/** A CDP value written by its column's type; null is an empty cell. */
function cell(f: Formatter, type: string, value: CdpValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return f.yesNo(value);
  if (NUMERIC.has(type)) return f.decimal(String(value));
  if (type === 'date' && typeof value === 'string') return f.date(value);
  return String(value) || EMPTY;
}
