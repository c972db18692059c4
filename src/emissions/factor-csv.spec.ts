import { parseFactorCsv } from './factor-csv';
import { FACTOR_FIELDS, parseFactorRows } from './factor-set';
import { DEFAULT_FACTOR_ROWS } from './reference/default-factors';

const HEADER = 'id,source,edition,dataYear,region,kind,value,unit,gas';
const ok = (text: string) => {
  const parsed = parseFactorCsv(text);
  if (!parsed.ok) throw new Error(`not ok: ${parsed.error.message}`);
  return parsed;
};
const failure = (text: string) => {
  const parsed = parseFactorCsv(text);
  if (parsed.ok) throw new Error('expected a file error');
  return parsed.error;
};

/** The CSV text of rows, every field quoted (quotes doubled). */
const toCsv = (rows: readonly object[]) =>
  [
    FACTOR_FIELDS.join(','),
    ...rows.map((r) =>
      FACTOR_FIELDS.map(
        (f) => `"${String((r as Record<string, unknown>)[f] ?? '').replace(/"/g, '""')}"`,
      ).join(','),
    ),
  ].join('\r\n');

describe('emission factor CSV', () => {
  it('reads the shipped defaults back exactly (round trip through parseFactorRows)', () => {
    const parsed = ok(`\ufeff${toCsv(DEFAULT_FACTOR_ROWS)}\r\n`);
    expect(parsed.errors).toEqual([]);
    const rows = parseFactorRows(parsed.records.map((r) => r.fields));
    expect(rows.errors).toEqual([]);
    expect(rows.ok).toEqual(DEFAULT_FACTOR_ROWS);
    expect(parsed.records[0].line).toBe(2);
  });

  it('accepts any column order, case and separator style, `;` files, and leaves empty cells out', () => {
    const parsed = ok(
      'Data_Year;ID;Source;Edition;Region;Kind;Value;Unit;Gas;Verified;NOTE\n' +
        '2023;DE-1;"UBA; Germany";2024;DE;LOCATION;380;gCO2e/kWh;CO2e;;\n',
    );
    expect(parsed.records).toEqual([
      {
        line: 2,
        fields: {
          dataYear: '2023',
          id: 'DE-1',
          source: 'UBA; Germany',
          edition: '2024',
          region: 'DE',
          kind: 'LOCATION',
          value: '380',
          unit: 'gCO2e/kWh',
          gas: 'CO2e',
        },
      },
    ]);
  });

  it('numbers lines from the header, counting quoted line breaks and skipping blank lines', () => {
    const parsed = ok(
      `${HEADER},note\n\nA,"two\nlines",1,2023,DE,LOCATION,1,tCO2e/MWh,CO2e,x\nB,s,1,2023,FR,LOCATION,1,tCO2e/MWh,CO2e\n`,
    );
    expect(parsed.records.map((r) => [r.line, r.fields.id])).toEqual([
      [3, 'A'],
      [5, 'B'],
    ]);
  });

  it('refuses a row with more fields than the header, alone', () => {
    const parsed = ok(
      `${HEADER}\nA,s,1,2023,DE,LOCATION,1,tCO2e/MWh,CO2e,extra\nB,s,1,2023,FR,LOCATION,1,tCO2e/MWh,CO2e,\n`,
    );
    expect(parsed.errors).toEqual([expect.objectContaining({ line: 2, code: 'TOO_MANY_COLUMNS' })]);
    expect(parsed.records.map((r) => r.fields.id)).toEqual(['B']);
  });

  it('refuses files it cannot read as a whole', () => {
    expect(failure('')).toMatchObject({ code: 'MALFORMED_CSV', line: 0 });
    expect(failure(' \n\n ')).toMatchObject({ code: 'MALFORMED_CSV', message: 'the file is empty' });
    expect(failure('id,\u0000')).toMatchObject({ code: 'MALFORMED_CSV' });
    expect(failure(HEADER)).toMatchObject({ line: 1, message: 'the file has a header but no rows' });
    expect(failure(`${HEADER},colour\nA`)).toMatchObject({ line: 1, field: 'colour' });
    expect(failure(`${HEADER},data_year\nA`)).toMatchObject({ line: 1, field: 'dataYear' });
    expect(failure(`${HEADER}\n"A,s`)).toMatchObject({ code: 'MALFORMED_CSV' });
  });
});
