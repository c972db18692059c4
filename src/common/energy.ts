import type { DomainProblem } from './app-error';

export type EnergyUnit = 'Wh' | 'kWh' | 'MWh';

const DECIMALS: Record<EnergyUnit, number> = { Wh: 0, kWh: 3, MWh: 6 };
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Largest Wh value stored (bigint). */
export const MAX_WH = 2n ** 63n - 1n;

const UNITS_BY_LOWER = new Map<string, EnergyUnit>([
  ['wh', 'Wh'],
  ['kwh', 'kWh'],
  ['mwh', 'MWh'],
]);

/** A unit as people write it, in any case (`kwh` is kWh), or undefined. */
export const energyUnitOf = (text: string): EnergyUnit | undefined => UNITS_BY_LOWER.get(text.toLowerCase());

export type EnergyParse =
  | { ok: true; wh: bigint }
  | { ok: false; code: 'INVALID_NUMBER' | 'FINER_THAN_WH' | 'OUT_OF_RANGE'; message: string };

/**
 * Converts a quantity in Wh, kWh or MWh to integer Wh exactly (C-1). Numbers are read from their
 * shortest decimal form; values finer than 1 Wh, exponents, NaN and values beyond bigint are refused.
 */
export function toWh(value: string | number, unit: EnergyUnit): EnergyParse {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      return { ok: false, code: 'INVALID_NUMBER', message: 'must be a finite number' };
    text = String(value);
    if (/e/i.test(text))
      return {
        ok: false,
        code: 'INVALID_NUMBER',
        message: 'is too large or too small to be exact; send a decimal string',
      };
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match)
    return { ok: false, code: 'INVALID_NUMBER', message: 'must be a decimal number such as 12.345' };
  const [, sign, whole, fraction = ''] = match;
  const scale = DECIMALS[unit];
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) {
    return {
      ok: false,
      code: 'FINER_THAN_WH',
      message: `has more precision than 1 Wh (at most ${scale} decimals in ${unit})`,
    };
  }
  const wh = BigInt(whole + significant.padEnd(scale, '0')) * (sign ? -1n : 1n);
  if (wh > MAX_WH || -wh > MAX_WH) return { ok: false, code: 'OUT_OF_RANGE', message: 'is too large' };
  return { ok: true, wh };
}

/** Wh as MWh with 3 decimals (reports, C-1), or `decimals` (0–6, e.g. CDP's 2), rounded half away from zero. */
export function whToMwh(wh: bigint, decimals = 3): string {
  const negative = wh < 0n;
  const abs = negative ? -wh : wh;
  const step = 10n ** BigInt(6 - decimals); // 1 MWh = 1,000,000 Wh
  const units = (abs + step / 2n) / step;
  const scale = 10n ** BigInt(decimals);
  const whole = (units / scale).toString();
  const text = decimals === 0 ? whole : `${whole}.${(units % scale).toString().padStart(decimals, '0')}`;
  return negative && units > 0n ? `-${text}` : text;
}

export const energyDetail = (path: string, parse: Extract<EnergyParse, { ok: false }>): DomainProblem => ({
  path,
  code: parse.code,
  message: `${path} ${parse.message}`,
});
