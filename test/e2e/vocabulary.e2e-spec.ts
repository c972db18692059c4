import {
  EQUITY_STAKE_METHODS,
  KR_TAG_METHODS,
  PASSIVE_BASIS_METHODS,
} from '../../src/procurement/contract.entity';
import { EVIDENCE_KINDS } from '../../src/procurement/evidence-file.entity';
import {
  EQUITY_STAKE_TYPES,
  INSTRUMENT_STATUSES,
  INSTRUMENT_TYPES,
  KR_EQUITY_INVESTMENT,
  KR_PROCUREMENT_TAGS,
  KR_TAG_TYPE,
  PASSIVE_BASES,
  PROCUREMENT_METHODS,
  PROCUREMENT_TYPE,
  TECHNOLOGIES,
} from '../../src/re100/engine';
import { withDb } from '../support/readings';

/** A CHECK constraint of a table: its name, the columns it reads and the text values it names. */
interface Check {
  name: string;
  columns: string[];
  values: string[];
}

async function checksOf(table: string): Promise<Check[]> {
  const { rows } = await withDb((db) =>
    db.query(
      `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition,
              array(SELECT a.attname::text FROM unnest(c.conkey) AS k(attnum)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY 1) AS columns
       FROM pg_constraint c
       WHERE c.contype = 'c' AND c.conrelid = $1::regclass`,
      [`public.${table}`],
    ),
  );
  return rows.map((r: { name: string; definition: string; columns: string[] }) => ({
    name: r.name,
    columns: r.columns,
    values: [...r.definition.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1].replace(/''/g, "'")),
  }));
}

/** The values the one CHECK on exactly these columns allows, sorted. */
async function allowed(table: string, ...columns: string[]): Promise<string[]> {
  const wanted = [...columns].sort().join(',');
  const found = (await checksOf(table)).filter((c) => c.columns.join(',') === wanted && c.values.length > 0);
  expect(found.map((c) => c.name)).toHaveLength(1);
  return [...found[0].values].sort();
}

const sorted = (values: readonly string[]) => [...values].sort();

/**
 * One vocabulary (style.md §18): each list of allowed values is defined once, in the RE100 engine
 * (src/re100/engine/types.ts), and the schema the migrations build allows exactly those values. The DTOs use
 * the engine's lists directly (`@IsIn(PROCUREMENT_METHODS)` …), so they cannot differ from them.
 */
describe('one vocabulary: the CHECK constraints the migrations build allow exactly the engine’s lists', () => {
  it.each([
    ['contracts', 'method', PROCUREMENT_METHODS],
    ['contracts', 'kr_tag', KR_PROCUREMENT_TAGS],
    ['contracts', 'passive_basis', PASSIVE_BASES],
    ['generation_facilities', 'technology', TECHNOLOGIES],
    // J_CREDIT and CARBON_OFFSET are stored, so a claim on one gets the engine's reason (RE100-CLAIM-4).
    ['certificates', 'instrument_type', INSTRUMENT_TYPES],
    ['certificates', 'status', INSTRUMENT_STATUSES],
    ['evidence_files', 'kind', EVIDENCE_KINDS],
  ])('%s.%s', async (table, column, list) => {
    expect(await allowed(table, column)).toEqual(sorted(list));
  });

  it('refuses the former KR_EQUITY_INVESTMENT tag (an equity stake is a flag, not a tag)', async () => {
    expect(await allowed('contracts', 'kr_tag')).not.toContain(KR_EQUITY_INVESTMENT);
  });

  it('allows an equity stake on exactly the methods of the engine’s EQUITY_STAKE_TYPES (a PPA or a REC purchase)', async () => {
    expect(EQUITY_STAKE_METHODS).toEqual(
      PROCUREMENT_METHODS.filter((m) => EQUITY_STAKE_TYPES.includes(PROCUREMENT_TYPE[m])),
    );
    expect(sorted(EQUITY_STAKE_METHODS)).toEqual(['PPA_PHYSICAL', 'PPA_VIRTUAL', 'UNBUNDLED_EAC']);
    expect(await allowed('contracts', 'equity_stake', 'method')).toEqual(sorted(EQUITY_STAKE_METHODS));
  });

  it('allows a passive basis on exactly the default-delivered (type 5) methods', async () => {
    expect(PASSIVE_BASIS_METHODS).toEqual(['DEFAULT_DELIVERED']);
    expect(await allowed('contracts', 'method', 'passive_basis')).toEqual(sorted(PASSIVE_BASIS_METHODS));
  });

  it('lets each Korean tag take the methods of its RE100 type (V5-KR-1: the green premium is type 3)', () => {
    expect(Object.keys(KR_TAG_METHODS).sort()).toEqual(sorted(KR_PROCUREMENT_TAGS));
    for (const tag of KR_PROCUREMENT_TAGS) {
      expect(KR_TAG_METHODS[tag].length).toBeGreaterThan(0);
      for (const method of KR_TAG_METHODS[tag]) expect(PROCUREMENT_TYPE[method]).toBe(KR_TAG_TYPE[tag]);
    }
    expect(KR_TAG_METHODS.KR_GREEN_PREMIUM).toEqual(['SUPPLIER_GREEN_TARIFF']);
    expect(KR_TAG_METHODS.KR_REC_PURCHASE).toEqual(['UNBUNDLED_EAC']);
  });

  // Statuses (ACTIVE, EXPIRED …) are common words other tables may use for their own lists, so they are left out.
  it('reads every constraint that names a method, tag, basis, technology or instrument (no copy elsewhere to drift)', async () => {
    const vocabulary = new Set<string>([
      ...PROCUREMENT_METHODS,
      ...KR_PROCUREMENT_TAGS,
      KR_EQUITY_INVESTMENT,
      ...PASSIVE_BASES,
      ...TECHNOLOGIES,
      ...INSTRUMENT_TYPES,
    ]);
    const { rows } = await withDb((db) =>
      db.query(
        `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
    );
    const naming = rows
      .filter((r: { definition: string }) =>
        [...r.definition.matchAll(/'((?:[^']|'')*)'::text/g)].some((m) => vocabulary.has(m[1])),
      )
      .map((r: { table: string; name: string }) => `${r.table}.${r.name}`);
    expect(naming.sort()).toEqual(
      [
        'certificates.certificates_check2', // CONTRACT_ONLY has no serial range
        'certificates.certificates_instrument_type_check',
        'contracts.contracts_equity_stake_method_check',
        'contracts.contracts_kr_tag_check',
        'contracts.contracts_method_check',
        'contracts.contracts_passive_basis_check',
        'contracts.contracts_passive_basis_method_check',
        'generation_facilities.generation_facilities_technology_check',
      ].sort(),
    );
  });
});
