/**
 * `part / whole × 100` as an exact decimal string with `decimals` places, using bigint arithmetic only.
 * Rounded down (toward zero) by default, so a percentage is never overstated: 99.999 % reads 99.99, and
 * 100.00 means exactly 100 %; `up` for a share that must never be understated (an estimated share).
 * Clamped to [0, 100]; a whole of 0 gives 0.
 */
export function percentOf(
  part: bigint,
  whole: bigint,
  decimals = 2,
  rounding: 'down' | 'up' = 'down',
): string {
  const scale = 10n ** BigInt(decimals);
  if (whole <= 0n || part <= 0n) return format(0n, scale, decimals);
  const hundred = 100n * scale;
  const scaled = (part * hundred + (rounding === 'up' ? whole - 1n : 0n)) / whole;
  return format(scaled > hundred ? hundred : scaled, scale, decimals);
}

function format(scaled: bigint, scale: bigint, decimals: number): string {
  const whole = (scaled / scale).toString();
  return decimals === 0 ? whole : `${whole}.${(scaled % scale).toString().padStart(decimals, '0')}`;
}
