import { verdictOf } from './ingest-result';
import { monthsOf, unpackIntegers } from './readings.repository';

describe('verdictOf: what a finished ingestion decided', () => {
  const tally = (over: Partial<Parameters<typeof verdictOf>[0]>) => ({
    accepted: 0,
    duplicates: 0,
    corrected: 0,
    rejectedTotal: 0,
    onlyLockedPeriods: false,
    ...over,
  });

  it('is ok when something was stored, corrected or already there, or nothing was sent', () => {
    expect(verdictOf(tally({ accepted: 1, rejectedTotal: 5 }), false)).toBe('ok');
    expect(verdictOf(tally({ duplicates: 1, rejectedTotal: 5 }), false)).toBe('ok');
    expect(verdictOf(tally({ corrected: 1, rejectedTotal: 5 }), false)).toBe('ok');
    expect(verdictOf(tally({}), false)).toBe('ok');
  });

  it('refuses a batch of which nothing could be stored, every reading of a finalized year first', () => {
    expect(verdictOf(tally({ rejectedTotal: 2 }), false)).toBe('all_rejected');
    expect(verdictOf(tally({ rejectedTotal: 2, onlyLockedPeriods: true }), false)).toBe('period_locked');
    expect(verdictOf(tally({ rejectedTotal: 2, onlyLockedPeriods: true }), true)).toBe('period_locked');
  });

  it('refuses an atomic batch with any problem', () => {
    expect(verdictOf(tally({ accepted: 9, rejectedTotal: 1 }), true)).toBe('batch_rejected');
    expect(verdictOf(tally({ accepted: 9 }), true)).toBe('ok');
  });
});

describe('unpackIntegers: the stored readings as PostgreSQL packs them', () => {
  it('reads every integer, without a string per field', () => {
    expect(unpackIntegers('1767571200000,900,1000000000000000,8,0;1767572100000,900,0,0,3')).toEqual([
      1767571200000, 900, 1e15, 8, 0, 1767572100000, 900, 0, 0, 3,
    ]);
    expect(unpackIntegers('')).toEqual([]);
    expect(unpackIntegers('7')).toEqual([7]);
  });

  it('refuses text that is not packed integers', () => {
    expect(() => unpackIntegers('1,,2')).toThrow();
    expect(() => unpackIntegers('1,-2')).toThrow();
  });
});

describe('monthsOf: the partitions a batch needs', () => {
  it('names each UTC month once, in order of appearance', () => {
    const at = (iso: string) => new Date(iso);
    expect(
      monthsOf([
        at('2026-01-31T23:59:59.999Z'),
        at('2026-01-05T00:00:00Z'),
        at('2026-02-01T00:00:00Z'),
        at('2026-01-10T00:00:00Z'),
        at('2001-12-31T00:00:00Z'),
        at('2099-12-01T00:00:00Z'),
      ]),
    ).toEqual(['2026-01', '2026-02', '2001-12', '2099-12']);
    expect(monthsOf([])).toEqual([]);
  });
});
