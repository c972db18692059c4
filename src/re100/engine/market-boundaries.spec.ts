import { boundaryProblems, marketOf, MarketBoundaryRow, RE100_V4_1_BOUNDARIES } from './market-boundaries';

describe('RE100 market boundaries as dated data (RE100-MB-1..4)', () => {
  const on = (country: string, date = '2024-06-30') => marketOf(country, date, RE100_V4_1_BOUNDARIES);

  it.each('AT BE HR CZ DK EE FI FR DE GR HU IT LV LT LU NL NO PT SK SI ES SE'.split(' '))(
    '%s is in the European market (RE100-MB-3)',
    (country) => expect(on(country)).toBe('EU'),
  );

  it.each('BG CY IE MT PL RO RS GB'.split(' '))(
    '%s is a separate market under v4.1 (RE100-MB-3)',
    (country) => expect(on(country)).toBe(country),
  );

  it('puts the USA and Canada in one market (RE100-MB-2)', () => {
    expect([on('US'), on('CA')]).toEqual(['US-CA', 'US-CA']);
    expect(on('MX')).toBe('MX');
  });

  it.each(['KR', 'JP', 'CN', 'IN', 'CH', 'IS'])('%s is its own market (RE100-MB-4)', (country) =>
    expect(on(country)).toBe(country),
  );

  it('reads country codes case-insensitively', () => expect(on('de')).toBe('EU'));

  it('has no problems in the shipped rows', () =>
    expect(boundaryProblems(RE100_V4_1_BOUNDARIES)).toEqual([]));

  describe('dated rows', () => {
    // A hypothetical later ruleset: Poland joins the European market on 2026-01-01.
    const rows: MarketBoundaryRow[] = [
      ...RE100_V4_1_BOUNDARIES.filter((r) => r.country !== 'PL'),
      { market: 'PL', country: 'PL', validFrom: null, validTo: '2026-01-01' },
      { market: 'EU', country: 'PL', validFrom: '2026-01-01', validTo: null },
    ];

    it('applies validFrom inclusive and validTo exclusive', () => {
      expect(marketOf('PL', '2025-12-31', rows)).toBe('PL');
      expect(marketOf('PL', '2026-01-01', rows)).toBe('EU');
      expect(boundaryProblems(rows)).toEqual([]);
    });

    it('falls back to the country itself outside every row', () => {
      const ended: MarketBoundaryRow[] = [
        { market: 'EU', country: 'DE', validFrom: '2020-01-01', validTo: '2030-01-01' },
      ];
      expect(marketOf('DE', '2019-12-31', ended)).toBe('DE');
      expect(marketOf('DE', '2030-01-01', ended)).toBe('DE');
    });

    it('refuses ambiguous rows', () => {
      const clash: MarketBoundaryRow[] = [
        { market: 'EU', country: 'PL', validFrom: null, validTo: null },
        { market: 'PL', country: 'PL', validFrom: '2024-01-01', validTo: null },
      ];
      expect(boundaryProblems(clash)).toEqual(['rows 0 and 1: overlapping periods for PL']);
      expect(() => marketOf('PL', '2024-06-30', clash)).toThrow(/ambiguous for PL/);
    });

    it('reports malformed rows', () => {
      expect(
        boundaryProblems([
          { market: 'EU', country: 'Germany', validFrom: '2024-1-1', validTo: '2023-01-01' },
        ]),
      ).toEqual([
        'row 0: market and a country code are required',
        'row 0: 2024-1-1 is not YYYY-MM-DD',
        'row 0: empty period',
      ]);
    });
  });
});
