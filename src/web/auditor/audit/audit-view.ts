import { AuditEntry } from '../../../audit/audit-entry.entity';
import { ChainVerificationDto } from '../../../audit/dto/audit-response.dto';
import { isLocalDate } from '../../../common/time';
import { FieldErrors } from '../../views/form';
import { endOfDayInstant, localTime, startOfDayInstant } from '../organization-time';

export const AUDIT_PAGE_SIZE = 50;

/** The filters of the audit page's GET form, as typed: the API's query, with days instead of instants. */
export interface AuditFilters {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  /** Local days (YYYY-MM-DD) in the organization's zone; `to` is inclusive. */
  from: string;
  to: string;
  offset: number;
}

const FILTER_FIELDS = ['action', 'entityType', 'entityId', 'actorId', 'from', 'to'] as const;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function filtersOf(query: Record<string, unknown>): AuditFilters {
  const offset = text(query.offset);
  return {
    action: text(query.action),
    entityType: text(query.entityType),
    entityId: text(query.entityId),
    actorId: text(query.actorId).toLowerCase(),
    from: text(query.from),
    to: text(query.to),
    offset: /^\d{1,8}$/.test(offset) ? Number(offset) : 0,
  };
}

/**
 * The API's `GET /audit-log` query of the filters: days become the instants they start (and, for `to`, the
 * instant the next day starts) in the organization's zone. A day that is not one is refused at its field.
 */
export function auditQueryBody(
  filters: AuditFilters,
  timeZone: string,
  badDay: string,
): { body: Record<string, unknown>; errors: FieldErrors | null } {
  const errors: FieldErrors = {};
  const body: Record<string, unknown> = { limit: AUDIT_PAGE_SIZE, offset: filters.offset };
  for (const name of ['action', 'entityType', 'entityId', 'actorId'] as const) {
    if (filters[name] !== '') body[name] = filters[name];
  }
  if (filters.from !== '') {
    if (isLocalDate(filters.from)) body.from = startOfDayInstant(filters.from, timeZone);
    else errors.from = badDay;
  }
  if (filters.to !== '') {
    if (isLocalDate(filters.to)) body.to = endOfDayInstant(filters.to, timeZone);
    else errors.to = badDay;
  }
  return { body, errors: Object.keys(errors).length ? errors : null };
}

/** The audit page with these filters and `changes` to them (an empty value drops a filter). */
export function auditHref(filters: AuditFilters, changes: Partial<AuditFilters> = {}): string {
  const merged = { ...filters, ...changes };
  const query = new URLSearchParams();
  for (const name of FILTER_FIELDS) if (merged[name] !== '') query.set(name, merged[name]);
  if (merged.offset > 0) query.set('offset', String(merged.offset));
  const search = query.toString();
  return `/app/audit${search ? `?${search}` : ''}`;
}

const MAX_VALUE_LENGTH = 300;

/** A recorded value as text: strings as they are, anything else as compact JSON; long values cut short. */
export interface ShownValue {
  text: string;
  /** The full length when the text was cut short. */
  cutFrom: number | null;
}

export function shownValue(value: unknown): ShownValue | null {
  if (value === null || value === undefined) return null;
  const full = typeof value === 'string' ? value : JSON.stringify(value);
  return full.length > MAX_VALUE_LENGTH
    ? { text: full.slice(0, MAX_VALUE_LENGTH), cutFrom: full.length }
    : { text: full, cutFrom: null };
}

export interface ChangeRow {
  field: string;
  before: ShownValue | null;
  after: ShownValue | null;
}

/**
 * What an entry records, readable: the state a record was created or removed with, or the fields that
 * differ between before and after (as recorded; nothing is recomputed).
 */
export type Changes = { kind: 'none' } | { kind: 'created' | 'removed' | 'changed'; rows: ChangeRow[] };

export function changesOf(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Changes {
  if (!before && !after) return { kind: 'none' };
  if (!before || !after) {
    const state = (before ?? after)!;
    return {
      kind: before ? 'removed' : 'created',
      rows: Object.keys(state).map((field) => ({
        field,
        before: before ? shownValue(state[field]) : null,
        after: after ? shownValue(state[field]) : null,
      })),
    };
  }
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return {
    kind: 'changed',
    rows: fields
      .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
      .map((field) => ({ field, before: shownValue(before[field]), after: shownValue(after[field]) })),
  };
}

/** An entry as a row of the log: its recorded facts, its time in the organization's zone, its changes. */
export type EntryRow = Pick<
  AuditEntry,
  'seq' | 'actorType' | 'actorId' | 'actorLabel' | 'action' | 'entityType' | 'entityId' | 'requestId'
> & { time: string; changes: Changes };

export const entryRow = (entry: AuditEntry, timeZone: string): EntryRow => ({
  seq: entry.seq,
  time: localTime(entry.at, timeZone),
  actorType: entry.actorType,
  actorId: entry.actorId,
  actorLabel: entry.actorLabel,
  action: entry.action,
  entityType: entry.entityType,
  entityId: entry.entityId,
  requestId: entry.requestId,
  changes: changesOf(entry.before, entry.after),
});

/** The API's chain verification, with the checkpoints' times in the organization's zone. */
export interface ChainView {
  result: ChainVerificationDto;
  latestAt: string | null;
}

export const chainView = (result: ChainVerificationDto, timeZone: string): ChainView => ({
  result,
  latestAt: result.checkpoints.latest ? localTime(result.checkpoints.latest.createdAt, timeZone) : null,
});

/** The verify form: a head kept from an earlier check (both or neither), as the API's VerifyQueryDto. */
export interface VerifyForm {
  headSeq: string;
  headHash: string;
  errors: FieldErrors | null;
}

export interface AuditView {
  filters: AuditFilters;
  timeZone: string;
  /** Problems of the filters; then no entries are listed. */
  errors: FieldErrors | null;
  rows: EntryRow[];
  total: number;
  limit: number;
  offset: number;
  /** Who can be chosen in the actor filter: the members, and an actor id given that is not one. */
  actors: { id: string; label: string }[];
  verifyForm: VerifyForm;
  verification: ChainView | null;
}
