import type { InstrumentType } from '../re100/engine/types';

export type SerialRange =
  | { ok: true; prefix: string; from: bigint; to: bigint; count: bigint }
  | { ok: false; code: 'INVALID_SERIAL'; message: string };

const SERIAL = /^(.*?)(\d+)$/;

/**
 * The numbers a serial range covers (invariant 3): both serials share a prefix and end in a number, e.g.
 * `GO-NL-2026-000001` … `GO-NL-2026-000500` is 500 certificates numbered 1 to 500 under the prefix
 * `GO-NL-2026-`. Ranges overlap only under the same prefix: `GO-NL-2025-000001` is another certificate.
 */
export function serialRange(start: string, end: string): SerialRange {
  const a = SERIAL.exec(start);
  const b = SERIAL.exec(end);
  if (!a || !b) return { ok: false, code: 'INVALID_SERIAL', message: 'serials must end in a number' };
  if (a[1] !== b[1]) {
    return {
      ok: false,
      code: 'INVALID_SERIAL',
      message: `serialStart and serialEnd must share a prefix ("${a[1]}" vs "${b[1]}")`,
    };
  }
  const from = BigInt(a[2]);
  const to = BigInt(b[2]);
  if (to < from)
    return { ok: false, code: 'INVALID_SERIAL', message: 'serialEnd must not come before serialStart' };
  return { ok: true, prefix: a[1], from, to, count: to - from + 1n };
}

/**
 * Energy one certificate stands for (domain §5): 1 REC = 1 GO = 1 I-REC = 1 MWh; granular certificates
 * count Wh; K-RECs are counted separately from their underlying energy, so their volume is given. Carbon
 * credits and J-Credits count tonnes, not energy: the energy they are held against is given too (they are
 * recorded only to be refused, RE100-CLAIM-4).
 */
export function whPerCertificate(type: InstrumentType): bigint | null {
  if (type === 'GRANULAR_CERT') return 1n;
  if (type === 'K_REC' || type === 'CONTRACT_ONLY' || type === 'J_CREDIT' || type === 'CARBON_OFFSET')
    return null;
  return 1_000_000n;
}

/** PostgreSQL `numrange` literal of an inclusive serial range. */
export const numrangeLiteral = (from: bigint, to: bigint): string => `[${from},${to}]`;
