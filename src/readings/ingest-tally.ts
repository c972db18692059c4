import type { IngestResultDto } from './dto/ingest-result.dto';
import { problemPath } from './ingest-result';
import type { IntervalInput, ReadingProblem } from './reading-input';
import type { Correction, ReadingSource } from './readings.repository';

/**
 * Corrections an audit entry lists (old and new value each); all of them are kept, with who, when and the
 * request, in the readings' revision history, so a huge upsert neither bloats the entry nor the memory.
 */
export const AUDITED_CORRECTIONS = 1_000;

/**
 * What a write did, added up chunk by chunk (a file is written in chunks, a push in one): the counts of the
 * answer, every problem counted by code but only the first `listLimit` listed (a huge file's answer stays
 * small), and what its audit entry records. Pure.
 */
export class IngestTally {
  accepted = 0;
  duplicates = 0;
  corrected = 0;
  rejectedTotal = 0;
  readonly rejectedByCode: Record<string, number> = {};
  private readonly listed: ReadingProblem[] = [];
  /** Per meter: readings stored and their span (epoch ms, turned into instants once, for the audit entry). */
  private readonly meters = new Map<string, { readings: number; from: number; to: number }>();
  private readonly corrections: Correction[] = [];
  private readonly touched = new Set<string>();

  constructor(
    /** What carried the readings: it decides how a problem's place is named (`problemPath`). */
    private readonly source: ReadingSource,
    private readonly listLimit = Number.POSITIVE_INFINITY,
  ) {}

  /** Meters the write concerned (with or without a change): an audit entry names its one meter. */
  touch(meterIds: Iterable<string>): void {
    for (const id of meterIds) this.touched.add(id);
  }

  get meterIds(): string[] {
    return [...this.touched];
  }

  /** A chunk's problems, in file order (the caller sorts a chunk's problems by index). */
  reject(problems: ReadingProblem[]): void {
    for (const p of problems) {
      this.rejectedTotal++;
      this.rejectedByCode[p.code] = (this.rejectedByCode[p.code] ?? 0) + 1;
      if (this.listed.length < this.listLimit) this.listed.push(p);
    }
  }

  /** Readings stored (new or derived from registers), for the counts and the audit entry's ranges. */
  written(readings: IntervalInput[]): void {
    let meterId: string | null = null;
    let m: { readings: number; from: number; to: number } | undefined;
    for (const r of readings) {
      if (r.meterId !== meterId) {
        meterId = r.meterId;
        m = this.meters.get(meterId);
        if (!m) this.meters.set(meterId, (m = { readings: 0, from: Infinity, to: -Infinity }));
      }
      const from = r.start.getTime();
      const to = from + r.durationS * 1000;
      m!.readings++;
      if (from < m!.from) m!.from = from;
      if (to > m!.to) m!.to = to;
    }
  }

  addCorrections(corrections: Correction[]): void {
    this.corrected += corrections.length;
    this.corrections.push(...corrections.slice(0, AUDITED_CORRECTIONS - this.corrections.length));
  }

  /** Every problem is a reading of a finalized year, and nothing else happened: the request was futile. */
  get onlyLockedPeriods(): boolean {
    const nothingElse = this.accepted + this.duplicates + this.corrected === 0;
    return nothingElse && this.rejectedTotal > 0 && this.rejectedByCode.PERIOD_LOCKED === this.rejectedTotal;
  }

  listedProblems(): ReadingProblem[] {
    return this.listed;
  }

  answer(dryRun: boolean): IngestResultDto {
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      corrected: this.corrected,
      rejected: this.listed.map((p) => ({
        index: p.index,
        path: problemPath(this.source, p),
        code: p.code,
        message: p.message,
      })),
      rejectedTotal: this.rejectedTotal,
      rejectedByCode: { ...this.rejectedByCode },
      dryRun,
    };
  }

  /**
   * What the audit entry of the write says: counts, each meter's range, and the first AUDITED_CORRECTIONS
   * corrections (old and new); `corrected` counts them all.
   */
  auditSummary() {
    return {
      source: this.source,
      accepted: this.accepted,
      duplicates: this.duplicates,
      corrected: this.corrected,
      rejected: this.rejectedTotal,
      meters: [...this.meters].map(([meterId, m]) => ({
        meterId,
        readings: m.readings,
        from: new Date(m.from).toISOString(),
        to: new Date(m.to).toISOString(),
      })),
      corrections: this.corrections.map((c) => ({
        meterId: c.input.meterId,
        start: c.input.start.toISOString(),
        oldWh: c.stored.valueWh.toString(),
        newWh: c.input.valueWh.toString(),
        oldQuality: c.stored.quality,
        newQuality: c.input.quality,
        reason: c.reason,
      })),
    };
  }
}
