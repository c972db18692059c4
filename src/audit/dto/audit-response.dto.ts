import { PageDto } from '../../common/page.dto';
import { AuditEntry } from '../audit-entry.entity';

export class AuditPageDto extends PageDto {
  items: AuditEntry[];
}

export class ChainBreakDto {
  /** The first entry whose link is broken. */
  seq: string;
  reason: 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';
  message: string;
}

export class ChainVerificationDto {
  valid: boolean;
  entriesChecked: number;
  /** Last entry of an intact chain; keep it outside the database to detect a rewritten tail later. */
  headSeq: string | null;
  headHash: string | null;
  firstBroken: ChainBreakDto | null;
}
