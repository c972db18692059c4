import { RegisterInput } from './reading-input';
import { registerDeltas } from './register-deltas';

const T0 = Date.UTC(2026, 0, 1);
const read = (index: number, hours: number, wh: number): RegisterInput => ({
  index,
  meterId: 'r1',
  at: new Date(T0 + hours * 3_600_000),
  registerWh: BigInt(wh),
  quality: 0,
});

describe('registerDeltas (M-2)', () => {
  it('makes consumption from consecutive reads; the first read of a series is the baseline', () => {
    const out = registerDeltas([read(0, 0, 1000), read(1, 24, 1500), read(2, 48, 1700)], null, null);
    expect(out.intervals.map((i) => [i.start.toISOString(), i.durationS, i.valueWh])).toEqual([
      ['2026-01-01T00:00:00.000Z', 86400, 500n],
      ['2026-01-02T00:00:00.000Z', 86400, 200n],
    ]);
    expect(out.reads).toHaveLength(3);
  });

  it('continues from the stored state, in time order whatever the batch order', () => {
    const out = registerDeltas(
      [read(0, 48, 1700), read(1, 24, 1500)],
      { at: new Date(T0), registerWh: 1000n, series: 2 },
      null,
    );
    expect(out.intervals.map((i) => i.valueWh)).toEqual([500n, 200n]);
    expect(out.reads.every((r) => r.series === 2)).toBe(true);
  });

  it('unwraps a plausible rollover with the modulus', () => {
    const out = registerDeltas(
      [read(0, 24, 30)],
      { at: new Date(T0), registerWh: 999_950n, series: 0 },
      1_000_000n,
    );
    expect(out.intervals[0].valueWh).toBe(80n);
  });

  it('refuses an unexplained decrease, with or without modulus, and keeps going from the last good read', () => {
    const noModulus = registerDeltas(
      [read(0, 24, 900), read(1, 48, 1200)],
      { at: new Date(T0), registerWh: 1000n, series: 0 },
      null,
    );
    expect(noModulus.rejected.map((p) => p.code)).toEqual(['REGISTER_DECREASE']);
    expect(noModulus.intervals.map((i) => [i.valueWh, i.durationS])).toEqual([[200n, 172800]]);
    const implausible = registerDeltas(
      [read(0, 24, 400_000)],
      { at: new Date(T0), registerWh: 500_000n, series: 0 },
      1_000_000n,
    );
    expect(implausible.rejected.map((p) => p.code)).toEqual(['REGISTER_DECREASE']);
  });

  it('refuses a read whose consumption would start in a finalized year (invariant 7)', () => {
    const state = { at: new Date(T0 - 3_600_000), registerWh: 900n, series: 0 };
    const out = registerDeltas([read(0, 24, 1000)], state, null, new Map(), (from) => from.getTime() < T0);
    expect(out.rejected.map((p) => p.code)).toEqual(['PERIOD_LOCKED']);
    expect(out.intervals).toEqual([]);
  });

  it('reports a resent batch of stored reads as duplicates', () => {
    const stored = new Map([0, 24, 48].map((h, i) => [T0 + h * 3_600_000, BigInt(1000 + i * 100)]));
    const state = { at: new Date(T0 + 48 * 3_600_000), registerWh: 1200n, series: 0 };
    const out = registerDeltas(
      [read(0, 0, 1000), read(1, 24, 1100), read(2, 48, 1200), read(3, 24, 1101)],
      state,
      null,
      stored,
    );
    expect(out.duplicates.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(out.rejected.map((p) => [p.index, p.code])).toEqual([[3, 'CONFLICTING_VALUE']]);
  });

  it('reports resends of the latest read as duplicates and refuses reads before it', () => {
    const state = { at: new Date(T0 + 24 * 3_600_000), registerWh: 1500n, series: 0 };
    const out = registerDeltas([read(0, 24, 1500), read(1, 24, 1501), read(2, 12, 1200)], state, null);
    expect(out.duplicates.map((d) => d.index)).toEqual([0]);
    expect(out.rejected.map((p) => p.code).sort()).toEqual(['CONFLICTING_VALUE', 'REGISTER_OUT_OF_ORDER']);
    expect(out.intervals).toEqual([]);
  });
});
