export class RejectedReadingDto {
  /** Position of the reading in the request (or line of the file). */
  index: number;
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
  rejected: RejectedReadingDto[];
  /** True when nothing was written (`dryRun=true`). */
  dryRun: boolean;
}
