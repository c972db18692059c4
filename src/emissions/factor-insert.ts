import type { FactorRow } from './factor-set';

/**
 * Bulk insert of factor rows as one `INSERT … SELECT … FROM unnest(…)`, shared by the migration that seeds the
 * reference sets and by the loading of an organization's set. Pure: builds SQL text and parameters only.
 */
const COLUMNS: [keyof FactorRow, string, string][] = [
  ['id', 'id', 'text'],
  ['source', 'source', 'text'],
  ['edition', 'edition', 'text'],
  ['dataYear', 'data_year', 'smallint'],
  ['region', 'region', 'text'],
  ['kind', 'kind', 'text'],
  ['value', 'value', 'numeric'],
  ['unit', 'unit', 'text'],
  ['gas', 'gas', 'text'],
  ['verified', 'verified', 'boolean'],
  ['note', 'note', 'text'],
];

/** `(<leading columns>, id, source, …)` and `SELECT <leading params>, * FROM unnest($n::text[], …)`. */
export function factorInsert(
  table: string,
  leading: string[],
): { sql: string; params: (rows: readonly FactorRow[]) => unknown[][] } {
  const first = leading.length + 1;
  const unnest = COLUMNS.map(([, , type], i) => `$${first + i}::${type}[]`).join(', ');
  const lead = leading.map((_, i) => `$${i + 1}`).join(', ');
  return {
    sql:
      `INSERT INTO ${table} (${[...leading, ...COLUMNS.map(([, column]) => column)].join(', ')}) ` +
      `SELECT ${lead}, * FROM unnest(${unnest})`,
    params: (rows) => COLUMNS.map(([key]) => rows.map((r) => r[key])),
  };
}
