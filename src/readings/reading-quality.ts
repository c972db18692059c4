/**
 * Reading quality, kept as the ESPI code (NAESB ESPI ReadingQuality), with the simplified class used in
 * reports (domain.md §1). M-4: estimates are kept and flagged; a later actual supersedes them.
 */
export const QUALITY_CODES = {
  0: 'valid',
  7: 'manually edited',
  8: 'estimated (reference day)',
  9: 'estimated (interpolation)',
  10: 'questionable',
  11: 'derived',
  12: 'projected',
  14: 'raw',
  17: 'validated',
  18: 'verified',
} as const;

export type QualityCode = keyof typeof QUALITY_CODES;
export type QualityClass = 'ACTUAL' | 'ESTIMATED' | 'EDITED';

/** Estimated, reference day and interpolated, and projected (for SQL that sums estimates). */
export const ESTIMATED_QUALITY_CODES: readonly number[] = [8, 9, 12];
const ESTIMATED = new Set<number>(ESTIMATED_QUALITY_CODES);
const EDITED = new Set<number>([7, 11]);

export const isQualityCode = (value: unknown): value is QualityCode =>
  typeof value === 'number' && Object.prototype.hasOwnProperty.call(QUALITY_CODES, value);

export function qualityClass(code: number): QualityClass {
  if (ESTIMATED.has(code)) return 'ESTIMATED';
  if (EDITED.has(code)) return 'EDITED';
  return 'ACTUAL';
}

export const isEstimated = (code: number): boolean => ESTIMATED.has(code);

/** The code stored for a class given by name: ACTUAL → 0 (valid), ESTIMATED → 8, EDITED → 7. */
const CLASS_CODES: Record<QualityClass, QualityCode> = { ACTUAL: 0, ESTIMATED: 8, EDITED: 7 };

/**
 * A quality as clients send it: an ESPI code (number or digit string) or a class name, case-insensitive.
 * Missing means valid (0). Returns null when it is neither.
 */
export function parseQuality(value: unknown): QualityCode | null {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number') return isQualityCode(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,2}$/.test(text)) {
    const code = Number(text);
    return isQualityCode(code) ? code : null;
  }
  const cls = text.toUpperCase() as QualityClass;
  return Object.prototype.hasOwnProperty.call(CLASS_CODES, cls) ? CLASS_CODES[cls] : null;
}
