import { parseCertificateCsv } from './certificate-csv';

const HEADER = 'Registry,Instrument Type,serial_start,SERIAL-END,facilityId,vintageStart,vintageEnd';

describe('certificate CSV files', () => {
  it('names the fields of each row as the certificate API does, with line numbers', () => {
    const text = [
      `\uFEFF${HEADER}`,
      'AIB-NL,GO,GO-1,GO-10,f1,2026-01-01,2026-01-31',
      '',
      'AIB-NL , GO,"GO-11","GO-20",f1,2026-02-01,',
    ].join('\r\n');
    expect(parseCertificateCsv(text)).toEqual({
      ok: true,
      columns: [
        'registry',
        'instrumentType',
        'serialStart',
        'serialEnd',
        'facilityId',
        'vintageStart',
        'vintageEnd',
      ],
      rows: [
        {
          line: 2,
          problems: [],
          fields: {
            registry: 'AIB-NL',
            instrumentType: 'GO',
            serialStart: 'GO-1',
            serialEnd: 'GO-10',
            facilityId: 'f1',
            vintageStart: '2026-01-01',
            vintageEnd: '2026-01-31',
          },
        },
        {
          line: 4,
          problems: [],
          fields: {
            registry: 'AIB-NL',
            instrumentType: 'GO',
            serialStart: 'GO-11',
            serialEnd: 'GO-20',
            facilityId: 'f1',
            vintageStart: '2026-02-01',
          },
        },
      ],
    });
  });

  it('reads ; files, numbers a row with a quoted line break by its first line, and flags extra cells', () => {
    const text = [
      'registry;instrumentType;facilityRegistryId;vintageStart;vintageEnd;beneficiary',
      'KPX;K_REC;KR-1;2026-01-01;2026-01-31;"Acme,\nKorea"',
      'KPX;K_REC;KR-1;2026-01-01;2026-01-31;Acme;surplus',
    ].join('\n');
    const parsed = parseCertificateCsv(text);
    expect(parsed.ok && parsed.rows.map((r) => [r.line, r.fields.beneficiary, r.problems])).toEqual([
      [2, 'Acme,\nKorea', []],
      [4, 'Acme', [expect.objectContaining({ code: 'TOO_MANY_COLUMNS' })]],
    ]);
  });

  it.each([
    ['', 'MALFORMED_CSV'],
    [' \n\n', 'MALFORMED_CSV'],
    ['%PDF-1.7\u0000', 'MALFORMED_CSV'],
    [HEADER, 'MALFORMED_CSV'],
    [`${HEADER}\nAIB,"GO`, 'MALFORMED_CSV'],
    [`${HEADER},benificiary\n`, 'UNKNOWN_COLUMN'],
    [`${HEADER},registry\n`, 'DUPLICATE_COLUMN'],
    ['registry,instrumentType,facilityId,vintageStart\nx,GO,f,2026-01-01', 'MISSING_COLUMN'],
    ['registry,instrumentType,vintageStart,vintageEnd\nx,GO,2026-01-01,2026-01-02', 'MISSING_COLUMN'],
    [`${HEADER},facilityRegistryId\nx`, 'DUPLICATE_COLUMN'],
  ])('refuses the file %j (%s)', (text, code) => {
    const parsed = parseCertificateCsv(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.code)).toContain(code);
  });
});
