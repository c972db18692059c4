import type { CodeWithStatus } from '../common/error-codes';
import { isCountryCode } from '../common/geo';

/**
 * Emission factors as immutable, versioned reference rows (C-4), exact unit handling and the factor choice of
 * the GHG Protocol Scope 2 rules (S2-LB-1, S2-MB-1, S2-MB-2). Pure: no Nest, TypeORM or I/O.
 */

export const FACTOR_KINDS = ['LOCATION', 'RESIDUAL_MIX', 'SUPPLIER', 'CONTRACT'] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export const FACTOR_GASES = ['CO2e', 'CO2'] as const;
export type FactorGas = (typeof FACTOR_GASES)[number];

/** kg per mass unit, exact. The pound is 0.45359237 kg by definition (international yard and pound, 1959). */
const KG_PER_MASS_UNIT = { t: '1000', kg: '1', g: '0.001', lb: '0.45359237' } as const;
/** How many of the energy unit make one MWh, so that "per kWh" × 1000 = "per MWh". */
const PER_MWH = { MWh: '1', kWh: '1000' } as const;
type MassUnit = keyof typeof KG_PER_MASS_UNIT;
type EnergyUnit = keyof typeof PER_MWH;

/** Mass of gas per energy, as published: `tCO2e/MWh` (GIR), `lbCO2e/MWh` (eGRID), `gCO2/kWh` (AIB), … */
export type FactorUnit = `${MassUnit}${FactorGas}/${EnergyUnit}`;
const UNIT_PATTERN = /^(t|kg|g|lb)(CO2e|CO2)\/(MWh|kWh)$/;

export const isFactorUnit = (value: unknown): value is FactorUnit =>
  typeof value === 'string' && UNIT_PATTERN.test(value);

/** One factor (C-4). Rows are frozen: a correction is a new row with a new id, never an edit. */
export interface FactorRow {
  /** Stable id, recorded on every slice that uses it (e.g. `KR-GIR-default-2021-national`). */
  readonly id: string;
  readonly source: string;
  readonly edition: string;
  /** The year the factor describes; selection prefers the latest data year ≤ the reporting year. */
  readonly dataYear: number;
  /** ISO 3166-1 alpha-2 (`DE`, `US` = US average) or country + subregion (`US-RFCE`). */
  readonly region: string;
  readonly kind: FactorKind;
  /** Exact decimal string, as published, in `unit`. */
  readonly value: string;
  readonly unit: FactorUnit;
  readonly gas: FactorGas;
  readonly verified: boolean;
  readonly note: string;
}

/** A versioned set of rows, chosen per reporting year. */
export interface FactorSet {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  readonly rows: readonly FactorRow[];
}

// ---------------------------------------------------------------------------------------------------------
// Exact decimals
// ---------------------------------------------------------------------------------------------------------

/**
 * An exact decimal `units / 10^scale` (a rational whose denominator is a power of ten). Chosen over a general
 * numerator/denominator pair because every operation Scope 2 needs keeps the denominator a power of ten:
 * factors are published as decimals, each unit conversion multiplies by a terminating decimal (t = 1000 kg,
 * g/kWh = kg/MWh, lb = 0.45359237 kg), Wh → MWh divides by 10^6 and kg → t by 10^3. Chosen over one fixed
 * scale because the scale grows as needed (a `lb/MWh` value with 3 decimals becomes a kg/MWh value with 11),
 * so no intermediate result is ever truncated; the only rounding is the final 3-decimal output.
 */
export interface ExactDecimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;
const pow10 = (n: number): bigint => 10n ** BigInt(n);

export const ZERO: ExactDecimal = Object.freeze({ units: 0n, scale: 0 });

/** `"599.170"` → 599170 / 10^3; null for anything that is not a plain decimal (no exponent, no `+`). */
export function parseDecimal(text: string): ExactDecimal | null {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

export const decimalFromBigint = (value: bigint): ExactDecimal => ({ units: value, scale: 0 });

export const mulDecimal = (a: ExactDecimal, b: ExactDecimal): ExactDecimal => ({
  units: a.units * b.units,
  scale: a.scale + b.scale,
});

/** `a / 10^n`, exact. */
export const shiftDecimal = (a: ExactDecimal, n: number): ExactDecimal => ({
  units: a.units,
  scale: a.scale + n,
});

export function addDecimal(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

export const sumDecimals = (values: Iterable<ExactDecimal>): ExactDecimal => {
  let total = ZERO;
  for (const value of values) total = addDecimal(total, value);
  return total;
};

export function compareDecimal(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * pow10(scale - a.scale);
  const y = b.units * pow10(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function render(negative: boolean, abs: bigint, scale: number, decimals: number): string {
  const digits = abs.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > decimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  fraction = fraction.padEnd(decimals, '0');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && abs !== 0n ? `-${text}` : text;
}

/** The exact value, trailing zeros dropped but at least `minDecimals` decimals: `271.7789403329`. */
export function formatDecimal(value: ExactDecimal, minDecimals = 0): string {
  const negative = value.units < 0n;
  return render(negative, negative ? -value.units : value.units, value.scale, minDecimals);
}

/** Rounded to `places` decimals, half away from zero (the one rounding step, at output). */
export function roundDecimal(value: ExactDecimal, places: number): string {
  const negative = value.units < 0n;
  let abs = negative ? -value.units : value.units;
  if (value.scale <= places) return render(negative, abs * pow10(places - value.scale), places, places);
  const divisor = pow10(value.scale - places);
  const remainder = abs % divisor;
  abs = abs / divisor + (remainder * 2n >= divisor ? 1n : 0n);
  return render(negative, abs, places, places);
}

// ---------------------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------------------

/** The exact multiplier that turns a value in `unit` into kg of gas per MWh. */
export function kgPerMwhMultiplier(unit: FactorUnit): ExactDecimal {
  const match = UNIT_PATTERN.exec(unit);
  if (!match) throw new RangeError(`Unknown emission factor unit ${unit}`);
  const mass = parseDecimal(KG_PER_MASS_UNIT[match[1] as MassUnit])!;
  const energy = parseDecimal(PER_MWH[match[3] as EnergyUnit])!;
  return mulDecimal(mass, energy);
}

/** The gas a unit names (`gCO2/kWh` → `CO2`). */
export const unitGas = (unit: FactorUnit): FactorGas => UNIT_PATTERN.exec(unit)![2] as FactorGas;

/** A row's factor in kg (CO2e or CO2, per `gas`) per MWh, exactly: 599.170 lbCO2e/MWh → 271.7789403329. */
export function factorKgPerMwh(row: Pick<FactorRow, 'id' | 'value' | 'unit'>): ExactDecimal {
  const value = parseDecimal(row.value);
  if (!value) throw new RangeError(`Emission factor ${row.id} has a non-decimal value; validate rows first`);
  return mulDecimal(value, kgPerMwhMultiplier(row.unit));
}

// ---------------------------------------------------------------------------------------------------------
// Validation of user-supplied sets (CSV or JSON rows)
// ---------------------------------------------------------------------------------------------------------

export interface FactorRowError {
  /** 0-based position of the row in the input. */
  index: number;
  field?: string;
  code: CodeWithStatus<422>;
  message: string;
}

/** The fields of a factor row, as JSON keys and CSV column names. */
export const FACTOR_FIELDS = [
  'id',
  'source',
  'edition',
  'dataYear',
  'region',
  'kind',
  'value',
  'unit',
  'gas',
  'verified',
  'note',
] as const;
const REQUIRED_FIELDS = new Set<string>([
  'id',
  'source',
  'edition',
  'dataYear',
  'region',
  'kind',
  'value',
  'unit',
  'gas',
]);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const REGION_PATTERN = /^([A-Z]{2})(?:-([A-Z0-9]{1,12}))?$/;
const MIN_DATA_YEAR = 1990;
const MAX_DATA_YEAR = 2100;
const MAX_TEXT = 200;
const MAX_NOTE = 2000;
const MAX_VALUE_CHARS = 40;

/** `KR`, `US`, `US-RFCE`: an ISO 3166-1 alpha-2 code, optionally with an upper-case subregion. */
export function isFactorRegion(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = REGION_PATTERN.exec(value);
  return match !== null && isCountryCode(match[1]);
}

/** The key under which two location or residual-mix rows would compete for the same site and year. */
const selectionKey = (row: FactorRow): string | null =>
  row.kind === 'LOCATION' || row.kind === 'RESIDUAL_MIX' ? `${row.kind}|${row.region}|${row.dataYear}` : null;

/**
 * Validates rows of a user-supplied factor set (JSON objects, or CSV records with the same column names, all
 * strings). Every problem of every row is reported with a code; `ok` holds the valid rows, frozen (C-4).
 * Rejected: unknown or missing fields, bad id, kind, unit, gas, region, data year, a negative or non-decimal
 * value, a unit naming another gas than `gas`, duplicate ids, and a second location or residual-mix row for
 * the same region and data year (the choice between them would be arbitrary).
 */
export function parseFactorRows(rows: unknown[]): { ok: FactorRow[]; errors: FactorRowError[] } {
  const errors: FactorRowError[] = [];
  const candidates: { index: number; row: FactorRow }[] = [];
  rows.forEach((raw, index) => {
    const rowErrors: FactorRowError[] = [];
    const row = parseRow(raw, index, rowErrors);
    errors.push(...rowErrors);
    if (row && rowErrors.length === 0) candidates.push({ index, row });
  });

  const ok: FactorRow[] = [];
  const firstById = new Map<string, number>();
  const firstByKey = new Map<string, { index: number; id: string }>();
  for (const { index, row } of candidates) {
    const sameId = firstById.get(row.id);
    if (sameId !== undefined) {
      errors.push({
        index,
        field: 'id',
        code: 'FACTOR_ID_DUPLICATE',
        message: `id ${row.id} is already used by row ${sameId}`,
      });
      continue;
    }
    firstById.set(row.id, index);
    const key = selectionKey(row);
    const competing = key ? firstByKey.get(key) : undefined;
    if (competing) {
      errors.push({
        index,
        code: 'FACTOR_AMBIGUOUS',
        message: `row ${competing.index} (${competing.id}) is already a ${row.kind} factor for ${row.region}, data year ${row.dataYear}`,
      });
      continue;
    }
    if (key) firstByKey.set(key, { index, id: row.id });
    ok.push(row);
  }
  errors.sort((a, b) => a.index - b.index);
  return { ok, errors };
}

function parseRow(raw: unknown, index: number, errors: FactorRowError[]): FactorRow | null {
  const fail = (field: string | undefined, code: FactorRowError['code'], message: string): undefined => {
    errors.push({ index, ...(field ? { field } : {}), code, message });
    return undefined;
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(undefined, 'NOT_AN_OBJECT', 'each row must be an object with the factor fields');
    return null;
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FACTOR_FIELDS as readonly string[]).includes(key))
      fail(key, 'UNKNOWN_FIELD', `unknown field ${key}; fields are ${FACTOR_FIELDS.join(', ')}`);
  }
  const present = (field: string): boolean => {
    const value = record[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (REQUIRED_FIELDS.has(field)) fail(field, 'MISSING_VALUE', `${field} is required`);
      return false;
    }
    return true;
  };
  const text = (field: string, max: number): string | undefined => {
    if (!present(field)) return undefined;
    const value = record[field];
    const str = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof str !== 'string' || str.trim().length > max)
      return fail(field, 'FACTOR_TEXT_INVALID', `${field} must be text of at most ${max} characters`);
    return str.trim();
  };

  let id: string | undefined;
  if (present('id')) {
    const value = record.id;
    if (typeof value === 'string' && ID_PATTERN.test(value.trim())) id = value.trim();
    else
      fail(
        'id',
        'FACTOR_ID_INVALID',
        'id must be 1–100 letters, digits or . _ : - and start with a letter or digit',
      );
  }
  const source = text('source', MAX_TEXT);
  const edition = text('edition', MAX_TEXT);
  const note = text('note', MAX_NOTE) ?? '';

  let dataYear: number | undefined;
  if (present('dataYear')) {
    const value = record.dataYear;
    const year =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{4}$/.test(value.trim())
          ? Number(value)
          : NaN;
    if (Number.isInteger(year) && year >= MIN_DATA_YEAR && year <= MAX_DATA_YEAR) dataYear = year;
    else
      fail(
        'dataYear',
        'FACTOR_DATA_YEAR_INVALID',
        `dataYear must be a year from ${MIN_DATA_YEAR} to ${MAX_DATA_YEAR}`,
      );
  }

  let region: string | undefined;
  if (present('region')) {
    const value = typeof record.region === 'string' ? record.region.trim() : record.region;
    if (isFactorRegion(value)) region = value;
    else
      fail(
        'region',
        'FACTOR_REGION_INVALID',
        'region must be an ISO 3166-1 alpha-2 code (DE, US) or a country and an upper-case subregion (US-RFCE)',
      );
  }

  let kind: FactorKind | undefined;
  if (present('kind')) {
    const value = typeof record.kind === 'string' ? record.kind.trim() : record.kind;
    if ((FACTOR_KINDS as readonly unknown[]).includes(value)) kind = value as FactorKind;
    else fail('kind', 'FACTOR_KIND_INVALID', `kind must be one of ${FACTOR_KINDS.join(', ')}`);
  }

  let value: string | undefined;
  if (present('value')) value = parseValue(record.value, (code, message) => fail('value', code, message));

  let unit: FactorUnit | undefined;
  if (present('unit')) {
    const raw = typeof record.unit === 'string' ? record.unit.trim() : record.unit;
    if (isFactorUnit(raw)) unit = raw;
    else
      fail(
        'unit',
        'FACTOR_UNIT_INVALID',
        'unit must be mass (t, kg, g, lb) + gas (CO2e, CO2) per MWh or kWh, e.g. tCO2e/MWh, lbCO2e/MWh, gCO2/kWh',
      );
  }

  let gas: FactorGas | undefined;
  if (present('gas')) {
    const raw = typeof record.gas === 'string' ? record.gas.trim() : record.gas;
    if ((FACTOR_GASES as readonly unknown[]).includes(raw)) gas = raw as FactorGas;
    else fail('gas', 'FACTOR_GAS_INVALID', `gas must be one of ${FACTOR_GASES.join(', ')}`);
  }
  if (unit && gas && unitGas(unit) !== gas)
    fail('unit', 'FACTOR_UNIT_GAS_MISMATCH', `unit ${unit} is in ${unitGas(unit)} but gas is ${gas}`);

  let verified = false;
  if (present('verified')) {
    const raw = record.verified;
    const flag = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
    if (flag === true || flag === 'true') verified = true;
    else if (flag !== false && flag !== 'false')
      fail('verified', 'FACTOR_VERIFIED_INVALID', 'verified must be true or false');
  }

  if (
    id === undefined ||
    source === undefined ||
    edition === undefined ||
    dataYear === undefined ||
    region === undefined ||
    kind === undefined ||
    value === undefined ||
    unit === undefined ||
    gas === undefined
  )
    return null;
  return Object.freeze({ id, source, edition, dataYear, region, kind, value, unit, gas, verified, note });
}

function parseValue(
  raw: unknown,
  fail: (code: FactorRowError['code'], message: string) => undefined,
): string | undefined {
  let text: string;
  if (typeof raw === 'number') {
    text = String(raw);
    if (!Number.isFinite(raw) || /e/i.test(text))
      return fail('INVALID_NUMBER', 'value must be a plain decimal; send large or tiny values as a string');
  } else if (typeof raw === 'string') {
    text = raw.trim();
  } else {
    return fail('INVALID_NUMBER', 'value must be a decimal string such as 0.4781');
  }
  if (text.length > MAX_VALUE_CHARS || !DECIMAL_TEXT.test(text))
    return fail(
      'INVALID_NUMBER',
      'value must be a decimal such as 0.4781 (no exponent, no thousands separator)',
    );
  if (text.startsWith('-')) return fail('NEGATIVE_VALUE', 'value must not be negative');
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Selection (S2-LB-1, S2-MB-1, S2-MB-2)
// ---------------------------------------------------------------------------------------------------------

/**
 * Market-based factor tiers, best first (domain §1). Location-based slices use 5 or 6 (the grid average
 * they are computed with), so every slice carries a tier.
 */
export const TIER = {
  EAC: 1,
  CONTRACT: 2,
  SUPPLIER: 3,
  RESIDUAL_MIX: 4,
  REGIONAL_GRID_AVERAGE: 5,
  NATIONAL_GRID_AVERAGE: 6,
} as const;
export type Scope2Tier = (typeof TIER)[keyof typeof TIER];

export type FactorFlag =
  /** The site has a grid subregion but the set has no factor for it: the national factor is used (S2-LB-1). */
  | 'SUBNATIONAL_FACTOR_UNAVAILABLE'
  /** No factor with a data year ≤ the reporting year: the earliest later one is used. */
  | 'DATA_YEAR_AFTER_REPORTING_YEAR'
  /** No residual mix for the region: the grid average is used, and the report says so (S2-MB-1). */
  | 'RESIDUAL_MIX_UNAVAILABLE'
  /** The country has no residual mix by rule (Korea, S2-MB-2): the grid average is the method. */
  | 'RESIDUAL_MIX_NOT_APPLICABLE';

export interface FactorChoice {
  row: FactorRow;
  tier: Scope2Tier;
  kgPerMwh: ExactDecimal;
  flags: FactorFlag[];
}

export type FactorSelection =
  | { ok: true; choice: FactorChoice }
  | {
      ok: false;
      code: 'FACTOR_MISSING' | 'FACTOR_NOT_FOUND';
      region?: string;
      factorId?: string;
      message: string;
    };

export interface SiteLocation {
  country: string;
  /** Sub-national grid region, `US-RFCE` or just `RFCE` (the country is prefixed). */
  gridRegion?: string | null;
}

/** The regions a site's factors are looked up under, most specific first: `['US-RFCE', 'US']`. */
export function siteRegions(site: SiteLocation): { subnational: string | null; national: string } {
  const national = site.country.trim().toUpperCase();
  const grid = site.gridRegion?.trim().toUpperCase();
  if (!grid) return { subnational: null, national };
  return { subnational: grid.startsWith(`${national}-`) ? grid : `${national}-${grid}`, national };
}

/**
 * Among rows of one kind and region, the one for the reporting year: the latest data year ≤ the reporting
 * year; when every row is later, the earliest (flagged). Ties (impossible in a set that passed
 * `parseFactorRows`) go to a verified row, then the smallest id, so the choice is deterministic.
 */
function byDataYear(
  rows: readonly FactorRow[],
  kind: FactorKind,
  region: string,
  reportingYear: number,
): { row: FactorRow; flags: FactorFlag[] } | null {
  const candidates = rows.filter((r) => r.kind === kind && r.region === region);
  if (candidates.length === 0) return null;
  const tieBreak = (a: FactorRow, b: FactorRow) =>
    Number(b.verified) - Number(a.verified) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const past = candidates.filter((r) => r.dataYear <= reportingYear);
  if (past.length > 0) {
    past.sort((a, b) => b.dataYear - a.dataYear || tieBreak(a, b));
    return { row: past[0], flags: [] };
  }
  const future = [...candidates].sort((a, b) => a.dataYear - b.dataYear || tieBreak(a, b));
  return { row: future[0], flags: ['DATA_YEAR_AFTER_REPORTING_YEAR'] };
}

const choose = (row: FactorRow, tier: Scope2Tier, flags: FactorFlag[]): FactorSelection => ({
  ok: true,
  choice: { row, tier, kgPerMwh: factorKgPerMwh(row), flags },
});

/**
 * S2-LB-1: the grid-average (LOCATION) factor for the site, sub-national region first (tier 5), else the
 * national factor (tier 6, flagged when the site has a subregion the set does not cover).
 */
export function selectLocationFactor(
  rows: readonly FactorRow[],
  site: SiteLocation,
  reportingYear: number,
): FactorSelection {
  const { subnational, national } = siteRegions(site);
  if (subnational) {
    const hit = byDataYear(rows, 'LOCATION', subnational, reportingYear);
    if (hit) return choose(hit.row, TIER.REGIONAL_GRID_AVERAGE, hit.flags);
  }
  const hit = byDataYear(rows, 'LOCATION', national, reportingYear);
  if (hit) {
    const flags: FactorFlag[] = subnational ? ['SUBNATIONAL_FACTOR_UNAVAILABLE', ...hit.flags] : hit.flags;
    return choose(hit.row, TIER.NATIONAL_GRID_AVERAGE, flags);
  }
  const region = subnational ?? national;
  return {
    ok: false,
    code: 'FACTOR_MISSING',
    region,
    message: `No location-based grid factor for ${subnational ? `${subnational} or ${national}` : national}`,
  };
}

/** The residual mix (tier 4) for the site, subregion first, else national; null when the set has none. */
export function selectResidualMix(
  rows: readonly FactorRow[],
  site: SiteLocation,
  reportingYear: number,
): FactorChoice | null {
  const { subnational, national } = siteRegions(site);
  for (const region of subnational ? [subnational, national] : [national]) {
    const hit = byDataYear(rows, 'RESIDUAL_MIX', region, reportingYear);
    if (hit)
      return { row: hit.row, tier: TIER.RESIDUAL_MIX, kgPerMwh: factorKgPerMwh(hit.row), flags: hit.flags };
  }
  return null;
}

/**
 * A row named by id, for supplier-specific (tier 3) and contract (tier 2) factors. The row must be of one of
 * the allowed kinds.
 */
export function selectFactorById(
  rows: readonly FactorRow[],
  id: string,
  allowed: readonly ('SUPPLIER' | 'CONTRACT')[],
): FactorSelection {
  const row = rows.find((r) => r.id === id);
  if (!row || !(allowed as readonly string[]).includes(row.kind))
    return {
      ok: false,
      code: 'FACTOR_NOT_FOUND',
      factorId: id,
      message: row
        ? `Factor ${id} is a ${row.kind} factor, expected ${allowed.join(' or ')}`
        : `Factor ${id} is not in the chosen factor set`,
    };
  return choose(row, row.kind === 'CONTRACT' ? TIER.CONTRACT : TIER.SUPPLIER, []);
}

export interface MarketFactorOptions {
  /** The site's supplier-specific factor (kind SUPPLIER), when the supplier discloses one. */
  supplierFactorId?: string | null;
  /** Countries with no residual mix by rule: the grid average is used directly (S2-MB-2). Default `['KR']`. */
  residualMixNotApplicable?: readonly string[];
}

/**
 * S2-MB-1: the factor for market-based energy not covered by instruments: supplier-specific (tier 3) →
 * residual mix (tier 4) → grid average (tier 5/6, flagged `RESIDUAL_MIX_UNAVAILABLE`). In countries without a
 * residual mix by rule (Korea, S2-MB-2) the grid average is the method, flagged `RESIDUAL_MIX_NOT_APPLICABLE`.
 */
export function selectMarketFactor(
  rows: readonly FactorRow[],
  site: SiteLocation,
  reportingYear: number,
  options: MarketFactorOptions = {},
): FactorSelection {
  if (options.supplierFactorId) return selectFactorById(rows, options.supplierFactorId, ['SUPPLIER']);
  const { national } = siteRegions(site);
  const notApplicable = (options.residualMixNotApplicable ?? ['KR']).includes(national);
  if (!notApplicable) {
    const residual = selectResidualMix(rows, site, reportingYear);
    if (residual) return { ok: true, choice: residual };
  }
  const grid = selectLocationFactor(rows, site, reportingYear);
  if (!grid.ok) {
    return {
      ...grid,
      message: notApplicable
        ? `${grid.message}; ${national} has no residual mix (S2-MB-2)`
        : `No residual mix and ${grid.message.charAt(0).toLowerCase()}${grid.message.slice(1)}`,
    };
  }
  const flag: FactorFlag = notApplicable ? 'RESIDUAL_MIX_NOT_APPLICABLE' : 'RESIDUAL_MIX_UNAVAILABLE';
  return { ok: true, choice: { ...grid.choice, flags: [flag, ...grid.choice.flags] } };
}
