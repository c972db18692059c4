export class RejectedReadingDto {
  /** Position of the reading in the request (or line of the file). */
  index: number;
  /**
   * Where the reading is: `readings.<index>` in a pushed body; `rows.<line>` or `rows.<line>.<field>` in
   * a file, as every file import names its rows (docs/errors.md).
   */
  path: string;
  /** A code of docs/errors.md. */
  code: string;
  message: string;
}

export class IngestResultDto {
  /** Readings stored. */
  accepted: number;
  /** Readings identical to stored ones: nothing changed. */
  duplicates: number;
  /** Stored readings replaced by a new value, the old one kept in the revision history. */
  corrected: number;
  /** The refused readings with a code each: every one of a push; the first 1,000 of a file. */
  rejected: RejectedReadingDto[];
  /** How many readings were refused in all. */
  rejectedTotal: number;
  /** How many were refused, by code. */
  rejectedByCode: Record<string, number>;
  /** True when nothing was written (`dryRun=true`). */
  dryRun: boolean;
}

export class RegisterResetResultDto {
  meterId: string;
  at: Date;
  /** The series the next reads belong to. */
  series: number;
  registerWh: string;
  reason: string;
}
