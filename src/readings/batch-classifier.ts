import type { ErrorCode } from '../common/error-codes';
import { IntervalInput, ReadingProblem, readingProblem } from './reading-input';
import { isEstimated } from './reading-quality';

/** A stored reading, as far as classification needs it. */
export interface StoredReading {
  meterId: string;
  start: Date;
  durationS: number;
  valueWh: bigint;
  quality: number;
  revision: number;
}

export type CorrectionReason = 'upsert' | 'estimate_superseded';

export type Decision =
  | { kind: 'new'; input: IntervalInput }
  | { kind: 'duplicate'; input: IntervalInput }
  | { kind: 'correction'; input: IntervalInput; stored: StoredReading; reason: CorrectionReason }
  | { kind: 'rejected'; problem: ReadingProblem };

export type WriteMode = 'insert' | 'upsert';

const endOf = (r: { start: Date; durationS: number }) => r.start.getTime() + r.durationS * 1000;

/** Stored intervals of one meter sorted by start, searchable for overlaps. */
class Timeline {
  private readonly starts: number[];
  private readonly longestMs: number;

  constructor(private readonly sorted: StoredReading[]) {
    this.starts = sorted.map((r) => r.start.getTime());
    this.longestMs = sorted.reduce((max, r) => Math.max(max, r.durationS * 1000), 0);
  }

  /** A stored interval with another start that intersects [start, end). */
  overlapping(start: number, end: number): StoredReading | undefined {
    for (let i = this.lastStartBefore(end); i >= 0 && this.starts[i] > start - this.longestMs; i--) {
      if (this.starts[i] !== start && endOf(this.sorted[i]) > start) return this.sorted[i];
    }
    return undefined;
  }

  /** Index of the last interval starting before t, or -1. */
  private lastStartBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/**
 * Decides what to do with each interval reading of a batch against what is stored (invariant 1):
 * - same interval, same value: a duplicate, nothing changes (an estimate never downgrades an actual);
 * - same interval, another value: a correction when the request says `upsert`, or when an actual
 *   supersedes an estimate (M-4); otherwise `CONFLICTING_VALUE`;
 * - an interval that intersects another of a different start or length: `READING_OVERLAP`;
 * - within the batch, the first reading of an interval wins and a different second one is rejected.
 * Pure: the caller provides the stored readings of the meters around the batch's time range.
 */
export function classifyIntervals(
  inputs: IntervalInput[],
  stored: StoredReading[],
  mode: WriteMode,
): Decision[] {
  const decisions: Decision[] = new Array(inputs.length);
  const storedByMeter = groupBy(stored, (r) => r.meterId);
  // Positions of each meter's inputs (a batch usually holds a meter's readings together).
  const byMeter = new Map<string, number[]>();
  let lastMeter: string | null = null;
  let lastPositions: number[] = [];
  for (let position = 0; position < inputs.length; position++) {
    const meterId = inputs[position].meterId;
    if (meterId !== lastMeter) {
      lastMeter = meterId;
      lastPositions = byMeter.get(meterId) ?? [];
      if (lastPositions.length === 0) byMeter.set(meterId, lastPositions);
    }
    lastPositions.push(position);
  }

  for (const [meterId, positions] of byMeter) {
    const meterStored = (storedByMeter.get(meterId) ?? []).sort(
      (a, b) => a.start.getTime() - b.start.getTime(),
    );
    const storedAt = new Map(meterStored.map((r) => [r.start.getTime(), r]));
    const timeline = new Timeline(meterStored);
    // In start order (ties by position), so that overlaps within the batch need only the last one kept.
    const starts = positions.map((p) => inputs[p].start.getTime());
    if (!isAscending(starts)) {
      const order = positions
        .map((_, i) => i)
        .sort((a, b) => starts[a] - starts[b] || positions[a] - positions[b]);
      const [sortedPositions, sortedStarts] = [order.map((i) => positions[i]), order.map((i) => starts[i])];
      positions.splice(0, positions.length, ...sortedPositions);
      starts.splice(0, starts.length, ...sortedStarts);
    }
    const kept = new Map<number, IntervalInput>();
    let lastKeptEnd = -Infinity;

    for (let i = 0; i < positions.length; i++) {
      const position = positions[i];
      const input = inputs[position];
      const start = starts[i];
      const end = start + input.durationS * 1000;
      let decision: Decision;
      const twin = kept.get(start);
      const same = twin ? undefined : storedAt.get(start);
      if (twin) {
        decision =
          twin.valueWh === input.valueWh &&
          twin.durationS === input.durationS &&
          twin.quality === input.quality
            ? { kind: 'duplicate', input }
            : rejected(input, 'CONFLICTING_VALUE', 'the batch holds another value for this interval');
      } else if (start < lastKeptEnd) {
        decision = rejected(input, 'READING_OVERLAP', 'the interval overlaps another reading of this batch');
      } else if ((same && same.durationS !== input.durationS) || timeline.overlapping(start, end)) {
        decision = rejected(
          input,
          'READING_OVERLAP',
          'the interval overlaps a stored reading of another start or length',
        );
      } else if (!same) decision = { kind: 'new', input };
      else if (same.valueWh === input.valueWh && !upgrades(same, input))
        decision = { kind: 'duplicate', input };
      else if (mode === 'upsert') decision = { kind: 'correction', input, stored: same, reason: 'upsert' };
      else if (upgrades(same, input))
        decision = { kind: 'correction', input, stored: same, reason: 'estimate_superseded' };
      else
        decision = rejected(
          input,
          'CONFLICTING_VALUE',
          `a different value is stored for this interval (${same.valueWh} Wh); send mode=upsert to correct it`,
        );
      decisions[position] = decision;
      // What is kept (new, corrected, or a stored duplicate) occupies its interval for the readings after it.
      if (
        decision.kind === 'new' ||
        decision.kind === 'correction' ||
        (decision.kind === 'duplicate' && !twin)
      ) {
        kept.set(start, input);
        lastKeptEnd = end;
      }
    }
  }
  return decisions;
}

const rejected = (input: IntervalInput, code: ErrorCode, message: string): Decision => ({
  kind: 'rejected',
  problem: readingProblem(input.index, code, message),
});

function isAscending(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return false;
  return true;
}

/** An actual reading supersedes an estimate (M-4); an estimate never downgrades an actual. */
const upgrades = (stored: StoredReading, input: IntervalInput) =>
  isEstimated(stored.quality) && !isEstimated(input.quality);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
