import { classifyIntervals, StoredReading } from './batch-classifier';
import { IntervalInput } from './reading-input';

const T0 = Date.UTC(2026, 2, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const input = (
  index: number,
  minute: number,
  wh: number,
  extra: Partial<IntervalInput> = {},
): IntervalInput => ({
  index,
  meterId: 'm1',
  start: at(minute),
  durationS: 900,
  valueWh: BigInt(wh),
  quality: 0,
  ...extra,
});
const stored = (minute: number, wh: number, extra: Partial<StoredReading> = {}): StoredReading => ({
  meterId: 'm1',
  start: at(minute),
  durationS: 900,
  valueWh: BigInt(wh),
  quality: 0,
  revision: 0,
  ...extra,
});
const kinds = (decisions: ReturnType<typeof classifyIntervals>) =>
  decisions.map((d) => (d.kind === 'rejected' ? d.problem.code : d.kind));

describe('classifyIntervals (invariant 1, M-4)', () => {
  it('accepts new intervals and reports exact resends as duplicates', () => {
    expect(kinds(classifyIntervals([input(0, 0, 10), input(1, 15, 20)], [stored(0, 10)], 'insert'))).toEqual([
      'duplicate',
      'new',
    ]);
  });

  it('refuses a different value without upsert, corrects with it', () => {
    expect(kinds(classifyIntervals([input(0, 0, 11)], [stored(0, 10)], 'insert'))).toEqual([
      'CONFLICTING_VALUE',
    ]);
    const [decision] = classifyIntervals([input(0, 0, 11)], [stored(0, 10)], 'upsert');
    expect(decision).toMatchObject({ kind: 'correction', reason: 'upsert', stored: { valueWh: 10n } });
  });

  it('lets an actual supersede an estimate without upsert, but never the other way round', () => {
    const estimate = stored(0, 10, { quality: 8 });
    expect(classifyIntervals([input(0, 0, 12)], [estimate], 'insert')[0]).toMatchObject({
      kind: 'correction',
      reason: 'estimate_superseded',
    });
    // Same value, better quality: still recorded as a correction of the quality.
    expect(kinds(classifyIntervals([input(0, 0, 10)], [estimate], 'insert'))).toEqual(['correction']);
    expect(kinds(classifyIntervals([input(0, 0, 12, { quality: 9 })], [stored(0, 10)], 'insert'))).toEqual([
      'CONFLICTING_VALUE',
    ]);
    expect(kinds(classifyIntervals([input(0, 0, 10, { quality: 9 })], [stored(0, 10)], 'insert'))).toEqual([
      'duplicate',
    ]);
  });

  it('refuses intervals of another length or start that overlap stored ones', () => {
    const hour = stored(0, 40, { durationS: 3600 });
    expect(
      kinds(classifyIntervals([input(0, 15, 10), input(1, 0, 10), input(2, 60, 10)], [hour], 'insert')),
    ).toEqual(['READING_OVERLAP', 'READING_OVERLAP', 'new']);
    // A long interval is found even when shorter ones lie between it and the new reading.
    const day = stored(-1440 + 30, 1, { durationS: 86400 });
    expect(kinds(classifyIntervals([input(0, 15, 1)], [day, stored(0, 1)], 'insert'))).toEqual([
      'READING_OVERLAP',
    ]);
  });

  it('keeps the first of two readings for one interval in a batch', () => {
    expect(
      kinds(classifyIntervals([input(0, 0, 10), input(1, 0, 10), input(2, 0, 11)], [], 'insert')),
    ).toEqual(['new', 'duplicate', 'CONFLICTING_VALUE']);
  });

  it('refuses overlaps inside the batch whatever the order', () => {
    const hourly = input(1, 0, 40, { durationS: 3600 });
    expect(kinds(classifyIntervals([input(0, 30, 10), hourly], [], 'insert'))).toEqual([
      'READING_OVERLAP',
      'new',
    ]);
  });

  it('treats meters independently', () => {
    expect(
      kinds(
        classifyIntervals([input(0, 0, 10), input(1, 0, 99, { meterId: 'm2' })], [stored(0, 10)], 'insert'),
      ),
    ).toEqual(['duplicate', 'new']);
  });
});
