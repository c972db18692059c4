import { ReportDto, ReportVerificationDto } from '../../../reports/dto/report.dto';
import { REPORT_FAILURES } from '../../../reports/make-report';
import { localTime } from '../organization-time';

/** A report's job in words: the API's status, with an interrupted job told apart from a failed one. */
export type ReportState = 'queued' | 'running' | 'ready' | 'failed' | 'interrupted';

export const reportState = (report: Pick<ReportDto, 'status' | 'failure'>): ReportState =>
  report.status === 'failed' && report.failure?.code === REPORT_FAILURES.interrupted
    ? 'interrupted'
    : report.status;

/** Still being made: the list follows it until it is ready or has failed. */
export const isPending = (report: Pick<ReportDto, 'status'>): boolean =>
  report.status === 'queued' || report.status === 'running';

/** Who requested a report: a member's name, `you` for the reader, or null for someone no longer known. */
export type Requester = { kind: 'you' } | { kind: 'member'; name: string } | { kind: 'unknown' };

/** One report as the pages show it: the API's answer, with times in the organization's zone. */
export interface ReportRow {
  report: ReportDto;
  state: ReportState;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  asOf: string | null;
  requestedBy: Requester;
}

export interface ReportListView {
  rows: ReportRow[];
  total: number;
  limit: number;
  offset: number;
  timeZone: string;
  /** A report is queued or running: the list refreshes itself. */
  pending: boolean;
  /** The reporting year the form proposes: the current one. */
  currentYear: number;
  /** A new key for the create form, its Idempotency-Key: the same form sent twice queues one report. */
  formKey: string;
}

export interface ReportDetailView {
  row: ReportRow;
  timeZone: string;
  verification: (ReportVerificationDto & { asOfLocal: string }) | null;
}

export function reportRow(
  report: ReportDto,
  timeZone: string,
  readerId: string | null,
  names: ReadonlyMap<string, string>,
): ReportRow {
  const at = (instant: Date | null) => (instant === null ? null : localTime(instant, timeZone));
  const name = names.get(report.requestedBy);
  return {
    report,
    state: reportState(report),
    requestedAt: localTime(report.requestedAt, timeZone),
    startedAt: at(report.startedAt),
    finishedAt: at(report.finishedAt),
    asOf: at(report.asOf),
    requestedBy:
      report.requestedBy === readerId
        ? { kind: 'you' }
        : name !== undefined
          ? { kind: 'member', name }
          : { kind: 'unknown' },
  };
}

/** The page routes of a report's downloads: the same files, names and hashes as the API's. */
export const REPORT_FILE_ROUTES = {
  pdf: 'report.pdf',
  xlsx: 'report.xlsx',
  model: 'model.json',
  zip: 'evidence.zip',
} as const;

export const reportPath = (id: string, file?: keyof typeof REPORT_FILE_ROUTES) =>
  `/app/reports/${id}${file ? `/${REPORT_FILE_ROUTES[file]}` : ''}`;
