import fc from 'fast-check';
import {
  compareDecimal,
  ExactDecimal,
  factorKgPerMwh,
  FactorRow,
  formatDecimal,
  kgPerMwhMultiplier,
  parseDecimal,
  parseFactorRows,
  roundDecimal,
  selectFactorById,
  selectLocationFactor,
  selectMarketFactor,
  selectResidualMix,
  TIER,
} from './factor-set';
import {
  CURRENT_DEFAULT_FACTOR_SET,
  CURRENT_DEFAULT_FACTOR_SET_UUID,
} from './reference/current-default-factors';
import {
  DEFAULT_FACTOR_ROWS,
  DEFAULT_FACTOR_SET,
  DEFAULT_FACTOR_SET_UUID,
} from './reference/default-factors';
import {
  DEFAULT_FACTOR_ROWS_2026,
  DEFAULT_FACTOR_SET_2026,
  DEFAULT_FACTOR_SET_2026_UUID,
  NATIONAL_GRID_ROWS_2026,
} from './reference/default-factors-2026';

const kg = (row: Pick<FactorRow, 'id' | 'value' | 'unit'>) => formatDecimal(factorKgPerMwh(row));
const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'TEST-DE-LOCATION-2023',
  source: 'Test fixture (not a published factor)',
  edition: '1',
  dataYear: 2023,
  region: 'DE',
  kind: 'LOCATION',
  value: '380.5',
  unit: 'gCO2e/kWh',
  gas: 'CO2e',
  verified: false,
  note: 'fictional',
  ...overrides,
});
const codes = (rows: unknown[]) => parseFactorRows(rows).errors.map((e) => e.code);

describe('exact decimals', () => {
  it('parses plain decimals only', () => {
    expect(parseDecimal('599.170')).toEqual({ units: 599170n, scale: 3 });
    expect(parseDecimal('-0.5')).toEqual({ units: -5n, scale: 1 });
    for (const bad of ['1e3', '+1', '1.', '.5', '1,5', '', ' 1']) expect(parseDecimal(bad)).toBeNull();
  });

  it('rounds half away from zero, once, at the 3rd decimal', () => {
    const r = (text: string) => roundDecimal(parseDecimal(text)!, 3);
    expect(r('0.0005')).toBe('0.001'); // half-even would give 0.000
    expect(r('-0.0005')).toBe('-0.001');
    expect(r('0.00049999')).toBe('0.000');
    expect(r('-0.0004')).toBe('0.000'); // no negative zero
    expect(r('1.2345')).toBe('1.235');
    expect(r('2.5')).toBe('2.500');
    expect(r('1358.8947016645')).toBe('1358.895');
  });

  it('formats exactly, trailing zeros dropped down to the minimum', () => {
    expect(formatDecimal({ units: 27177894033290n, scale: 11 })).toBe('271.7789403329');
    expect(formatDecimal({ units: 5n, scale: 4 }, 3)).toBe('0.0005');
    expect(formatDecimal({ units: 1000n, scale: 0 }, 3)).toBe('1000.000');
    expect(formatDecimal({ units: 0n, scale: 9 })).toBe('0');
  });

  it('property: the rounded value is within half a unit, and halves move away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.nat({ max: 12 }), (units, scale) => {
        const exact: ExactDecimal = { units, scale };
        const rounded = parseDecimal(roundDecimal(exact, 3))!;
        // diff = exact − rounded, at scale max(scale, 3); half a unit = 5 at scale 4
        const s = Math.max(scale, 4);
        const diff = units * 10n ** BigInt(s - scale) - rounded.units * 10n ** BigInt(s - 3);
        const half = 5n * 10n ** BigInt(s - 4);
        const absDiff = diff < 0n ? -diff : diff;
        expect(absDiff <= half).toBe(true);
        if (absDiff === half) expect(units > 0n ? diff < 0n : diff > 0n).toBe(true);
      }),
    );
  });
});

describe('units → kg per MWh, exactly', () => {
  it('converts each published unit', () => {
    expect(kg({ id: 'a', value: '0.4781', unit: 'tCO2e/MWh' })).toBe('478.1'); // × 1000
    // eGRID: 599.170 × 0.45359237 = 599170 × 45359237 / 10^11 = 27,177,894,033,290 / 10^11
    expect(kg({ id: 'b', value: '599.170', unit: 'lbCO2e/MWh' })).toBe('271.7789403329');
    expect(kg({ id: 'c', value: '770.884', unit: 'lbCO2e/MWh' })).toBe('349.66710055508');
    expect(kg({ id: 'd', value: '719.90', unit: 'gCO2/kWh' })).toBe('719.9'); // g/kWh = kg/MWh
    expect(kg({ id: 'e', value: '0.001', unit: 'tCO2/kWh' })).toBe('1000'); // 1 kg/kWh
    expect(kg({ id: 'f', value: '5', unit: 'kgCO2e/MWh' })).toBe('5');
  });

  it('uses the exact pound (0.45359237 kg) and no float', () => {
    expect(kgPerMwhMultiplier('lbCO2e/MWh')).toEqual({ units: 45359237n, scale: 8 });
    expect(kgPerMwhMultiplier('gCO2/kWh')).toEqual({ units: 1000n, scale: 3 });
  });
});

describe('default factor set (domain.md §8)', () => {
  it('passes the same validation as user sets', () => {
    const parsed = parseFactorRows([...DEFAULT_FACTOR_ROWS]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ok).toHaveLength(3 + 6 + 26);
  });

  it('is immutable and unverified', () => {
    expect(Object.isFrozen(DEFAULT_FACTOR_ROWS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_FACTOR_SET)).toBe(true);
    for (const row of DEFAULT_FACTOR_ROWS) {
      expect(Object.isFrozen(row)).toBe(true);
      expect(row.verified).toBe(false);
    }
    expect(() => {
      (DEFAULT_FACTOR_ROWS[0] as { value: string }).value = '0';
    }).toThrow(TypeError);
  });

  it('carries the published values', () => {
    const value = (id: string) => DEFAULT_FACTOR_ROWS.find((r) => r.id === id)?.value;
    expect(value('KR-GIR-default-2021-national')).toBe('0.4781');
    expect(value('KR-GIR-2020-2022-average-national')).toBe('0.4541');
    expect(value('KR-GIR-2023-consumption-national')).toBe('0.4173');
    expect(value('EPA-eGRID2023-US-CAMX')).toBe('429.983');
    expect(value('EPA-eGRID2023-US-RFCE')).toBe('599.170');
    expect(value('EPA-eGRID2023-US')).toBe('770.884');
    expect(value('AIB-ERM-2023-DE')).toBe('719.90');
    expect(value('AIB-ERM-2023-SE')).toBe('68.23');
  });

  it('has no Austrian residual mix (none published: no row, never 0)', () => {
    expect(DEFAULT_FACTOR_ROWS.filter((r) => r.region === 'AT')).toEqual([]);
    expect(DEFAULT_FACTOR_ROWS.filter((r) => r.kind === 'RESIDUAL_MIX')).toHaveLength(26);
  });
});

describe('default factor set 2026-01 (S2-LB-1 grid averages for every demo and test country)', () => {
  it('is a new set beside 2025-12, and the one years without a choice use', () => {
    expect(DEFAULT_FACTOR_SET_2026).toMatchObject({ id: 'RE100-LEDGER-DEFAULTS', version: '2026-01' });
    expect(DEFAULT_FACTOR_SET.version).toBe('2025-12');
    expect(DEFAULT_FACTOR_SET_2026_UUID).not.toBe(DEFAULT_FACTOR_SET_UUID);
    expect(CURRENT_DEFAULT_FACTOR_SET_UUID).toBe(DEFAULT_FACTOR_SET_2026_UUID);
    expect(CURRENT_DEFAULT_FACTOR_SET).toBe(DEFAULT_FACTOR_SET_2026);
  });

  it('keeps every 2025-12 row as it was, and passes the same validation as user sets', () => {
    expect(DEFAULT_FACTOR_ROWS_2026.slice(0, DEFAULT_FACTOR_ROWS.length)).toEqual(DEFAULT_FACTOR_ROWS);
    const parsed = parseFactorRows([...DEFAULT_FACTOR_ROWS_2026]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ok).toHaveLength(3 + 6 + 26 + 8);
  });

  it('adds one unverified national grid average per country, with source, edition, data year and a caveat', () => {
    expect(NATIONAL_GRID_ROWS_2026.map((r) => r.region)).toEqual([
      'DE',
      'FR',
      'NL',
      'GB',
      'JP',
      'CN',
      'IN',
      'AU',
    ]);
    expect(Object.isFrozen(DEFAULT_FACTOR_ROWS_2026)).toBe(true);
    for (const row of NATIONAL_GRID_ROWS_2026) {
      expect(Object.isFrozen(row)).toBe(true);
      expect(row).toMatchObject({ kind: 'LOCATION', verified: false });
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.edition).not.toBe('');
      expect(row.dataYear).toBeGreaterThanOrEqual(2021);
      expect(row.note).toMatch(/Approximation, check against the source/);
    }
  });

  // Each row in kg per MWh, exactly: g/kWh = kg/MWh, kg/kWh × 1000, t/MWh × 1000.
  it('carries the values as the sources publish them', () => {
    const rows = Object.fromEntries(NATIONAL_GRID_ROWS_2026.map((r) => [r.region, [r.value, r.unit, kg(r)]]));
    expect(rows).toEqual({
      DE: ['380', 'gCO2/kWh', '380'],
      FR: ['32', 'gCO2e/kWh', '32'],
      NL: ['300', 'gCO2/kWh', '300'],
      GB: ['0.20705', 'kgCO2e/kWh', '207.05'],
      JP: ['0.43', 'kgCO2/kWh', '430'],
      CN: ['0.5366', 'kgCO2/kWh', '536.6'],
      IN: ['0.727', 'tCO2/MWh', '727'],
      AU: ['0.63', 'kgCO2e/kWh', '630'],
    });
  });
});

describe('parseFactorRows (user-supplied sets)', () => {
  it('accepts a JSON row and a CSV row (all strings)', () => {
    const csv = {
      id: 'TEST-US-RFCE-SUPPLIER',
      source: 'Utility disclosure',
      edition: '2024',
      dataYear: '2023',
      region: 'US-RFCE',
      kind: 'SUPPLIER',
      value: ' 612.5 ',
      unit: 'lbCO2e/MWh',
      gas: 'CO2e',
      verified: 'TRUE',
      note: '',
    };
    const parsed = parseFactorRows([valid({ value: 0.4781, unit: 'tCO2e/MWh', edition: 2024 }), csv]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ok[0]).toMatchObject({ value: '0.4781', edition: '2024', verified: false });
    expect(parsed.ok[1]).toMatchObject({ value: '612.5', dataYear: 2023, verified: true, note: '' });
    expect(Object.isFrozen(parsed.ok[1])).toBe(true);
  });

  it('defaults verified to false and note to empty', () => {
    const row = valid();
    delete row.verified;
    delete row.note;
    expect(parseFactorRows([row]).ok[0]).toMatchObject({ verified: false, note: '' });
  });

  it.each([
    ['kind: GRID', { kind: 'GRID' }, 'FACTOR_KIND_INVALID'],
    ['unit: kgCO2e/GJ', { unit: 'kgCO2e/GJ' }, 'FACTOR_UNIT_INVALID'],
    ['region: XX', { region: 'XX' }, 'FACTOR_REGION_INVALID'],
    ['region: us-rfce', { region: 'us-rfce' }, 'FACTOR_REGION_INVALID'],
    ['region: Germany', { region: 'Germany' }, 'FACTOR_REGION_INVALID'],
    ['value: -1', { value: '-1' }, 'NEGATIVE_VALUE'],
    ['value: -0.5', { value: -0.5 }, 'NEGATIVE_VALUE'],
    ['value: 1e3', { value: '1e3' }, 'INVALID_NUMBER'],
    ['value: 1,234.5', { value: '1,234.5' }, 'INVALID_NUMBER'],
    ['value: abc', { value: 'abc' }, 'INVALID_NUMBER'],
    ['value: 1e21', { value: 1e21 }, 'INVALID_NUMBER'],
    ['value: true', { value: true }, 'INVALID_NUMBER'],
    ['gas: CH4', { gas: 'CH4' }, 'FACTOR_GAS_INVALID'],
    ['unit: gCO2/kWh, gas: CO2e', { unit: 'gCO2/kWh', gas: 'CO2e' }, 'FACTOR_UNIT_GAS_MISMATCH'],
    ['dataYear: 1800', { dataYear: 1800 }, 'FACTOR_DATA_YEAR_INVALID'],
    ['dataYear: 2023.5', { dataYear: '2023.5' }, 'FACTOR_DATA_YEAR_INVALID'],
    ['verified: yes', { verified: 'yes' }, 'FACTOR_VERIFIED_INVALID'],
    ['id: has space', { id: 'has space' }, 'FACTOR_ID_INVALID'],
    ['source of 201 characters', { source: 'x'.repeat(201) }, 'FACTOR_TEXT_INVALID'],
    ['factor: 1', { factor: '1' }, 'UNKNOWN_FIELD'],
    ['value: (empty)', { value: '' }, 'MISSING_VALUE'],
    ['region: null', { region: null }, 'MISSING_VALUE'],
  ])('rejects %s with %s', (_label, overrides, code) => {
    const parsed = parseFactorRows([valid(overrides)]);
    expect(parsed.errors.map((e) => e.code)).toEqual([code]);
    expect(parsed.errors[0].index).toBe(0);
    expect(parsed.ok).toEqual([]);
  });

  it('reports every missing field and a non-object row', () => {
    expect(codes([{}])).toEqual(Array(9).fill('MISSING_VALUE'));
    expect(codes(['DE,0.38', null, []])).toEqual(Array(3).fill('NOT_AN_OBJECT'));
  });

  it('reports all problems of a row, with its index and field', () => {
    const parsed = parseFactorRows([valid(), valid({ id: 'B', kind: 'X', unit: 'Y', value: '-2' })]);
    expect(parsed.errors).toEqual([
      expect.objectContaining({ index: 1, field: 'kind', code: 'FACTOR_KIND_INVALID' }),
      expect.objectContaining({ index: 1, field: 'value', code: 'NEGATIVE_VALUE' }),
      expect.objectContaining({ index: 1, field: 'unit', code: 'FACTOR_UNIT_INVALID' }),
    ]);
    expect(parsed.ok.map((r) => r.id)).toEqual(['TEST-DE-LOCATION-2023']);
  });

  it('rejects duplicate ids (the first stays)', () => {
    const parsed = parseFactorRows([valid(), valid({ region: 'FR' }), valid({ region: 'NL' })]);
    expect(parsed.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'FACTOR_ID_DUPLICATE'],
      [2, 'FACTOR_ID_DUPLICATE'],
    ]);
    expect(parsed.ok.map((r) => r.region)).toEqual(['DE']);
  });

  it('rejects a second grid or residual-mix factor for the same region and year, not supplier factors', () => {
    expect(codes([valid(), valid({ id: 'OTHER', value: '400' })])).toEqual(['FACTOR_AMBIGUOUS']);
    expect(codes([valid(), valid({ id: 'OTHER', dataYear: 2022 })])).toEqual([]);
    expect(codes([valid(), valid({ id: 'OTHER', kind: 'RESIDUAL_MIX' })])).toEqual([]);
    expect(
      codes([valid({ kind: 'SUPPLIER' }), valid({ id: 'SUPPLIER-2', kind: 'SUPPLIER', value: '100' })]),
    ).toEqual([]);
  });
});

describe('factor selection', () => {
  const rows = DEFAULT_FACTOR_ROWS;
  const id = (s: ReturnType<typeof selectLocationFactor>) => (s.ok ? s.choice.row.id : s.code);

  it('S2-LB-1: prefers the eGRID subregion over the US average', () => {
    const s = selectLocationFactor(rows, { country: 'US', gridRegion: 'RFCE' }, 2023);
    expect(s.ok && [s.choice.row.id, s.choice.tier, s.choice.flags]).toEqual([
      'EPA-eGRID2023-US-RFCE',
      TIER.REGIONAL_GRID_AVERAGE,
      [],
    ]);
    expect(id(selectLocationFactor(rows, { country: 'US', gridRegion: 'US-CAMX' }, 2023))).toBe(
      'EPA-eGRID2023-US-CAMX',
    );
  });

  it('S2-LB-1: national factor when the site has no subregion, flagged when its subregion is not covered', () => {
    const none = selectLocationFactor(rows, { country: 'US' }, 2023);
    expect(none.ok && [none.choice.row.id, none.choice.tier, none.choice.flags]).toEqual([
      'EPA-eGRID2023-US',
      TIER.NATIONAL_GRID_AVERAGE,
      [],
    ]);
    const uncovered = selectLocationFactor(rows, { country: 'US', gridRegion: 'ERCT' }, 2023);
    expect(uncovered.ok && uncovered.choice.flags).toEqual(['SUBNATIONAL_FACTOR_UNAVAILABLE']);
  });

  it('picks the latest data year up to the reporting year (Korea)', () => {
    const kr = (year: number) => selectLocationFactor(rows, { country: 'KR' }, year);
    expect(id(kr(2025))).toBe('KR-GIR-2023-consumption-national');
    expect(id(kr(2023))).toBe('KR-GIR-2023-consumption-national');
    expect(id(kr(2022))).toBe('KR-GIR-2020-2022-average-national');
    expect(id(kr(2021))).toBe('KR-GIR-default-2021-national');
    const early = kr(2019);
    expect(early.ok && [early.choice.row.id, early.choice.flags]).toEqual([
      'KR-GIR-default-2021-national',
      ['DATA_YEAR_AFTER_REPORTING_YEAR'],
    ]);
  });

  it('reports FACTOR_MISSING with the region when the set has no grid factor', () => {
    expect(selectLocationFactor(rows, { country: 'DE' }, 2023)).toMatchObject({
      ok: false,
      code: 'FACTOR_MISSING',
      region: 'DE',
    });
  });

  it('S2-MB-1: residual mix first (tier 4)', () => {
    const s = selectMarketFactor(rows, { country: 'DE' }, 2023);
    expect(s.ok && [s.choice.row.id, s.choice.tier, formatDecimal(s.choice.kgPerMwh)]).toEqual([
      'AIB-ERM-2023-DE',
      TIER.RESIDUAL_MIX,
      '719.9',
    ]);
    expect(selectResidualMix(rows, { country: 'AT' }, 2023)).toBeNull();
  });

  it('S2-MB-1: no residual mix → grid average, flagged', () => {
    const us = selectMarketFactor(rows, { country: 'US', gridRegion: 'RFCE' }, 2023);
    expect(us.ok && [us.choice.row.id, us.choice.tier, us.choice.flags]).toEqual([
      'EPA-eGRID2023-US-RFCE',
      TIER.REGIONAL_GRID_AVERAGE,
      ['RESIDUAL_MIX_UNAVAILABLE'],
    ]);
    const atGrid = parseFactorRows([valid({ id: 'TEST-AT', region: 'AT' })]).ok;
    const at = selectMarketFactor([...rows, ...atGrid], { country: 'AT' }, 2023);
    expect(at.ok && [at.choice.row.id, at.choice.tier, at.choice.flags]).toEqual([
      'TEST-AT',
      TIER.NATIONAL_GRID_AVERAGE,
      ['RESIDUAL_MIX_UNAVAILABLE'],
    ]);
    expect(selectMarketFactor(rows, { country: 'AT' }, 2023)).toMatchObject({
      ok: false,
      code: 'FACTOR_MISSING',
      region: 'AT',
    });
  });

  it('S2-MB-2: Korea takes the grid factor even if a residual mix row were loaded', () => {
    const krResidual = parseFactorRows([valid({ id: 'TEST-KR-RM', region: 'KR', kind: 'RESIDUAL_MIX' })]).ok;
    const s = selectMarketFactor([...rows, ...krResidual], { country: 'KR' }, 2023);
    expect(s.ok && [s.choice.row.id, s.choice.tier, s.choice.flags]).toEqual([
      'KR-GIR-2023-consumption-national',
      TIER.NATIONAL_GRID_AVERAGE,
      ['RESIDUAL_MIX_NOT_APPLICABLE'],
    ]);
    const configured = selectMarketFactor([...rows, ...krResidual], { country: 'KR' }, 2023, {
      residualMixNotApplicable: [],
    });
    expect(configured.ok && configured.choice.row.id).toBe('TEST-KR-RM');
  });

  it('supplier-specific (tier 3) and contract (tier 2) factors by id', () => {
    const extra = parseFactorRows([
      valid({ id: 'SUP', kind: 'SUPPLIER', value: '250' }),
      valid({ id: 'PPA', kind: 'CONTRACT', value: '0' }),
    ]).ok;
    const all = [...rows, ...extra];
    const sup = selectMarketFactor(all, { country: 'DE' }, 2023, { supplierFactorId: 'SUP' });
    expect(sup.ok && [sup.choice.row.id, sup.choice.tier]).toEqual(['SUP', TIER.SUPPLIER]);
    const ppa = selectFactorById(all, 'PPA', ['CONTRACT', 'SUPPLIER']);
    expect(ppa.ok && [ppa.choice.tier, formatDecimal(ppa.choice.kgPerMwh)]).toEqual([TIER.CONTRACT, '0']);
    expect(selectFactorById(all, 'AIB-ERM-2023-DE', ['SUPPLIER'])).toMatchObject({
      code: 'FACTOR_NOT_FOUND',
    });
    expect(selectMarketFactor(all, { country: 'DE' }, 2023, { supplierFactorId: 'NOPE' })).toMatchObject({
      ok: false,
      code: 'FACTOR_NOT_FOUND',
      factorId: 'NOPE',
    });
  });

  it('compares exact decimals across scales', () => {
    expect(compareDecimal(parseDecimal('719.90')!, parseDecimal('719.9')!)).toBe(0);
    expect(compareDecimal(parseDecimal('0.0005')!, parseDecimal('0.0004999')!)).toBe(1);
  });
});
