import { IntervalInput, ReadingProblem, readingProblem, RegisterInput } from './reading-input';

/** The latest stored register value of a meter (a reading or a declared reset). */
export interface RegisterState {
  at: Date;
  registerWh: bigint;
  series: number;
}

export interface RegisterOutcome {
  /** Register readings to store, each with its series. */
  reads: (RegisterInput & { series: number })[];
  /** Consumption between consecutive reads of a series, as interval readings. */
  intervals: IntervalInput[];
  duplicates: RegisterInput[];
  rejected: ReadingProblem[];
}

/**
 * Turns cumulative register values into consumption (M-2): Δ = current − previous. When the register
 * went down and the meter has a rollover modulus, Δ = modulus − previous + current if that is plausible
 * (less than half a turn of the register); otherwise the reading is refused as `REGISTER_DECREASE`, never
 * taken for a reset: a reset or exchange is declared and starts a new series. New reads must come after
 * the latest stored one; resending stored reads is a duplicate.
 */
export function registerDeltas(
  inputs: RegisterInput[],
  previous: RegisterState | null,
  modulusWh: bigint | null,
  /** Stored register values of the meter by instant (ms), at least over the batch's time range. */
  stored: Map<number, bigint> = new Map(),
  /** True when consumption starting at that instant would fall in a finalized reporting year. */
  locked: (from: Date) => boolean = () => false,
): RegisterOutcome {
  const outcome: RegisterOutcome = { reads: [], intervals: [], duplicates: [], rejected: [] };
  let last = previous;
  const ordered = [...inputs].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  for (const input of ordered) {
    // A value already known for this instant (stored, or kept earlier in this batch): duplicate or conflict.
    const known =
      last && input.at.getTime() === last.at.getTime() ? last.registerWh : stored.get(input.at.getTime());
    if (known !== undefined) {
      if (known === input.registerWh) outcome.duplicates.push(input);
      else
        outcome.rejected.push(
          readingProblem(
            input.index,
            'CONFLICTING_VALUE',
            'another register value is stored for this instant',
          ),
        );
      continue;
    }
    if (last && input.at < last.at) {
      outcome.rejected.push(
        readingProblem(
          input.index,
          'REGISTER_OUT_OF_ORDER',
          `register reads must come after the latest one (${last.at.toISOString()})`,
        ),
      );
      continue;
    }
    const series = last?.series ?? 0;
    if (last && locked(last.at)) {
      // The consumption since the previous read starts in a finalized year (invariant 7).
      outcome.rejected.push(
        readingProblem(
          input.index,
          'PERIOD_LOCKED',
          'the consumption since the previous read starts in a finalized reporting year; declare a reset after the year end',
        ),
      );
      continue;
    }
    if (last) {
      let delta = input.registerWh - last.registerWh;
      if (
        delta < 0n &&
        modulusWh !== null &&
        modulusWh - last.registerWh + input.registerWh < modulusWh / 2n
      ) {
        delta = modulusWh - last.registerWh + input.registerWh; // the register wrapped past its modulus
      }
      if (delta < 0n) {
        outcome.rejected.push(
          readingProblem(
            input.index,
            'REGISTER_DECREASE',
            `the register went down from ${last.registerWh} Wh to ${input.registerWh} Wh; declare a reset if the meter was exchanged`,
          ),
        );
        continue;
      }
      const durationS = Math.round((input.at.getTime() - last.at.getTime()) / 1000);
      if (durationS < 1) {
        outcome.rejected.push(
          readingProblem(
            input.index,
            'INVALID_TIMESTAMP',
            'register reads must be at least one second apart',
          ),
        );
        continue;
      }
      outcome.intervals.push({
        index: input.index,
        meterId: input.meterId,
        start: last.at,
        durationS,
        valueWh: delta,
        quality: input.quality,
      });
    }
    outcome.reads.push({ ...input, series });
    last = { at: input.at, registerWh: input.registerWh, series };
  }
  return outcome;
}
