import { whToMwh } from '../common/energy';
import type { ClaimRow, ReportModel } from './model/report-model';

/**
 * The CSV files of a report's evidence pack: pure functions of the model and the rows they list. RFC 4180
 * quoting; a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage
 * return first) is prefixed with `'`, so a name typed by a user cannot become a formula in an auditor's
 * spreadsheet. Numbers are written as they are.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLines = (rows: (string | number | boolean | null)[][]): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** The claims register as CSV: one row per claim, MWh as the model states them, reason codes. */
export function claimsCsv(model: ReportModel): string {
  const header = [
    'claim_id', 'kind', 'market', 'method', 'procurement_type', 'kr_tag', 'certificate_id', 'registry',
    'serial_start', 'serial_end', 'instrument_type', 'facility_id', 'facility_name', 'facility_country',
    'technology', 'commissioning_year', 'vintage_start', 'vintage_end', 'cancellation_date', 'beneficiary',
    'contract_id', 'contract_counterparty', 'contract_method', 'contract_signed_date', 'consumption_country',
    'verdict', 'claimed_mwh', 'eligible_mwh', 'ineligible_mwh', 'reasons',
  ]; // prettier-ignore
  const row = (c: ClaimRow) => [
    c.claimId, c.kind, c.market, c.method, c.procurementType, c.krTag, c.certificateId, c.registry,
    c.serialStart, c.serialEnd, c.instrumentType, c.facilityId, c.facilityName, c.facilityCountry,
    c.technology, c.commissioningYear, c.vintageStart, c.vintageEnd, c.cancellationDate, c.beneficiary,
    c.contract?.contractId ?? null, c.contract?.counterparty ?? null, c.contract?.method ?? null,
    c.contract?.signedDate ?? null, c.consumptionCountry, c.status, c.claimedMwh, c.eligibleMwh,
    c.ineligibleMwh, c.reasons.join(' '),
  ]; // prettier-ignore
  return csvLines([header, ...model.content.claims.map(row)]);
}

/** A meter's energy in one month of the reporting year, from the monthly rollups. */
export interface MeterMonth {
  siteId: string;
  siteName: string;
  meterId: string;
  externalId: string;
  direction: string;
  month: string;
  wh: bigint;
  readings: number;
  estimatedWh: bigint;
}

/** Consumption per meter and month as CSV: exact Wh beside MWh with 3 decimals. */
export function meterMonthsCsv(months: readonly MeterMonth[]): string {
  const header = [
    'site_id',
    'site_name',
    'meter_id',
    'meter_external_id',
    'direction',
    'month',
    'wh',
    'mwh',
    'readings',
    'estimated_wh',
  ];
  return csvLines([
    header,
    ...months.map((m) => [
      m.siteId, m.siteName, m.meterId, m.externalId, m.direction, m.month, m.wh.toString(), whToMwh(m.wh),
      m.readings, m.estimatedWh.toString(),
    ]), // prettier-ignore
  ]);
}

/**
 * Whether the months add up, meter by meter, to the energy the report states (its MWh with 3 decimals):
 * the pack's consumption is read when it is downloaded, so a report of a year that changed since says so.
 */
export function monthsMatchReport(model: ReportModel, months: readonly MeterMonth[]): boolean {
  const totals = new Map<string, bigint>();
  for (const m of months) totals.set(m.meterId, (totals.get(m.meterId) ?? 0n) + m.wh);
  const meters = model.content.dataQuality.sites.flatMap((s) => s.meters);
  return (
    meters.every((m) => whToMwh(totals.get(m.meterId) ?? 0n) === m.mwh) &&
    [...totals.keys()].every((id) => meters.some((m) => m.meterId === id))
  );
}
