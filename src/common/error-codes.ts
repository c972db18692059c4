/**
 * Every code the API answers with: the `code` of an error answer and the `code` of each of its `details`
 * (and of each refused row in an import's answer). `docs/errors.md` tables them, checked against this file.
 *
 * `status` is the HTTP status of an answer whose `code` this is; a code that names only problems in
 * `details` has the status of the answer that carries them. Helpers that answer with a fixed status take
 * only codes of that status (`CodeWithStatus`), and `AppError` takes its status from here.
 *
 * Not errors, so not here: the reason codes of RE100 verdicts (`re100/engine/reason-codes.ts`), and the
 * `errors` and `notices` a Scope 2 result lists (`emissions/scope2.ts`): both come with a 200 answer.
 * Problems of a `VALIDATION_FAILED` answer also use the names of the field rules a DTO declares
 * (`isUuid`, `maxLength`, …), written in lower camel case so that they cannot be mistaken for these codes.
 */

export interface ErrorCodeEntry {
  readonly status: number;
  /** A second status, where one use legitimately differs; the description says when. */
  readonly alsoStatus?: number;
  /** What went wrong, in plain words, in one line. */
  readonly description: string;
  /** The ID of the rule of docs/rules.md the code enforces. */
  readonly rule?: string;
}

type Group = Record<string, ErrorCodeEntry>;

const REQUESTS = {
  VALIDATION_FAILED: {
    status: 400,
    description:
      'The request does not have the expected shape: unknown fields or query parameters, wrong types, bad enums or ids; each field in `details`.',
  },
  UNKNOWN_FIELD: {
    status: 400,
    alsoStatus: 422,
    description:
      'A field or query parameter that the route, or the object it belongs to, does not take; 422 in a refused row or reading.',
  },
  EXCLUSIVE_FIELDS: {
    status: 400,
    description: 'Fields that exclude each other were given together, or none of the alternatives was given.',
  },
  MALFORMED_BODY: {
    status: 400,
    description:
      'The body cannot be read: not valid JSON, JSON nested too deeply, a broken multipart body or compression.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    description: 'The request is not valid HTTP/1.1, or the web server refused it as malformed.',
  },
  FILE_REQUIRED: { status: 400, description: 'The file to upload is missing or empty.' },
  REQUEST_TIMEOUT: { status: 408, description: 'The request took too long to arrive.' },
  IDEMPOTENCY_MISMATCH: {
    status: 409,
    description: 'The `Idempotency-Key` was used before for a different request.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The body is larger than the limit, on the wire or after decompression.',
  },
  TOO_MANY_ROWS: {
    status: 413,
    description:
      'The request holds more rows (of a file, or readings of a push) than one request takes; split it.',
  },
  BATCH_REJECTED: {
    status: 422,
    description:
      'Some readings or rows are refused and the request is all or nothing, so nothing was written; each problem in `details`.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The body or uploaded file is of a type or encoding the route does not take.',
  },
  RATE_LIMITED: {
    status: 429,
    description: 'Too many attempts; try again after the seconds of the `Retry-After` header.',
  },
  HEADERS_TOO_LARGE: { status: 431, description: 'The request line and headers are longer than the limit.' },
} as const satisfies Group;

const ACCESS = {
  UNAUTHENTICATED: {
    status: 401,
    description: 'No credentials, or credentials that are invalid or expired.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    alsoStatus: 422,
    description:
      'The e-mail or password is wrong; 422 when the current password given to change it is wrong.',
  },
  FORBIDDEN: { status: 403, description: 'The role or API key may not do this.' },
  CSRF_REFUSED: {
    status: 403,
    description:
      'A web page form came from another site, or without the session’s CSRF token; reload the page and try again.',
  },
  ORGANIZATION_REQUIRED: {
    status: 400,
    description: 'The caller belongs to several organizations: name one in the `X-Organization-Id` header.',
  },
  NOT_FOUND: {
    status: 404,
    description:
      'The record is missing or belongs to another organization; as a problem of a row, the record the row names.',
  },
  RESET_INVALID: {
    status: 404,
    description: 'The password reset is unknown, expired, revoked or already used.',
  },
  INVITATION_INVALID: {
    status: 404,
    description: 'The invitation is unknown, expired, revoked or already accepted.',
  },
  INVITATION_FOR_ANOTHER_ACCOUNT: {
    status: 403,
    description: 'The invitation is for another e-mail address than the signed-in account.',
  },
  INVITATION_ACCEPTED: { status: 409, description: 'The invitation was accepted already.' },
  ALREADY_MEMBER: { status: 409, description: 'The person is already a member of the organization.' },
  LAST_ADMIN: { status: 409, description: 'An organization keeps at least one admin.' },
} as const satisfies Group;

const RECORDS = {
  ALREADY_EXISTS: {
    status: 409,
    description: 'Another record already has this unique value (a name, an external id, a name and version).',
  },
  IN_USE: {
    status: 409,
    description:
      'Other records refer to the record, so it cannot be deleted (or the record refers to one that is missing).',
  },
  CONCURRENT_UPDATE: { status: 409, description: 'A concurrent change conflicted with this one; retry.' },
  CONSTRAINT_VIOLATION: { status: 422, description: 'The values break a rule of the database schema.' },
  MISSING_VALUE: { status: 422, description: 'A required value is missing or blank.' },
  INVALID_NUMBER: {
    status: 422,
    description:
      'A number has the wrong form (an exponent, a decimal comma, text), or is not whole where it must be.',
  },
  NEGATIVE_VALUE: { status: 422, description: 'The value must not be negative.' },
  OUT_OF_RANGE: { status: 422, description: 'The number, date or time is outside the range allowed.' },
  FINER_THAN_WH: {
    status: 422,
    description: 'The energy has a fraction of a watt-hour; energy is kept in whole Wh.',
    rule: 'C-1',
  },
  PERIOD_REVERSED: { status: 422, description: 'The end of a period is not after its start.' },
  RANGE_TOO_LONG: { status: 422, description: 'The period asked for is longer than one answer covers.' },
  NOT_AN_OBJECT: {
    status: 422,
    description: 'An item of a list (a reading, a factor row) is not a JSON object.',
  },
  INVALID_VALUE: { status: 400, description: 'A value has the wrong form for the database.' },
  INVALID_TEXT: {
    status: 400,
    description: 'A text holds a NUL character or bytes that are not valid UTF-8.',
  },
  VALUE_TOO_LONG: { status: 400, description: 'A value is longer than the database keeps.' },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected failure; it is logged with the request id.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    description:
      'The database cannot be reached; retry after `Retry-After` (a retry with the same `Idempotency-Key` never writes twice).',
  },
} as const satisfies Group;

const REPORTING_YEARS = {
  PERIOD_LOCKED: {
    status: 409,
    description: 'The data falls in a finalized reporting year, which does not change until it is reopened.',
  },
  PERIOD_NOT_FINALIZED: {
    status: 409,
    description: 'The reporting year is not finalized, so it cannot be reopened.',
  },
  PERIOD_ALREADY_FINALIZED: {
    status: 409,
    description:
      'The reporting year is already finalized; reopen it before finalizing it from another report.',
  },
} as const satisfies Group;

const REPORTS = {
  REPORT_NOT_READY: {
    status: 409,
    description: 'The report is still queued or running, or it failed: it has no files (see its `status`).',
  },
  REPORT_OUTDATED: {
    status: 409,
    description:
      'The report’s figures differ from the data now (see its `verify`): make a new report before finalizing the year from it.',
  },
  REPORT_OF_ANOTHER_YEAR: {
    status: 422,
    description: 'The report given to finalize a reporting year is a report of another year.',
  },
} as const satisfies Group;

const ORGANIZATIONS_SITES_METERS = {
  RE100_TARGET_TOO_LATE: {
    status: 422,
    description: 'The RE100 target year is after 2050.',
    rule: 'RE100-TGT-1',
  },
  RE100_BASELINE_AFTER_TARGET: {
    status: 422,
    description: 'The baseline year is after the target year.',
    rule: 'RE100-TGT-1',
  },
  RE100_MILESTONE_AFTER_TARGET: {
    status: 422,
    description: 'A milestone is not before the target year.',
    rule: 'RE100-TGT-1',
  },
  RE100_MILESTONE_DUPLICATE: {
    status: 422,
    description: 'Two milestones have the same year.',
    rule: 'RE100-TGT-1',
  },
  RE100_MILESTONES_DECREASING: {
    status: 422,
    description: 'A later milestone has a lower share than an earlier one.',
    rule: 'RE100-TGT-1',
  },
  RE100_MILESTONE_TOO_LOOSE: {
    status: 422,
    description: 'The milestones miss 60 % by 2030 or 90 % by 2040.',
    rule: 'RE100-TGT-1',
  },
  EXCLUSION_REASON_REQUIRED: {
    status: 422,
    description: 'A site excluded from RE100 needs the reason for it.',
    rule: 'RE100-SCOPE-2',
  },
  SITE_HAS_METERS: { status: 409, description: 'The site still has meters; delete or move them first.' },
  SITE_HAS_READINGS: {
    status: 409,
    description: "The site's meters have readings, so its time zone cannot change.",
  },
  METER_HAS_READINGS: {
    status: 409,
    description: 'The meter has readings, so it cannot be deleted nor can what they were read by change.',
  },
  METER_HAS_API_KEYS: { status: 409, description: 'API keys write the meter; revoke them first.' },
  METER_CHANGED: {
    status: 409,
    description: 'The meter changed or was deleted while the request was handled; send it again.',
  },
  METER_KIND_MISMATCH: {
    status: 422,
    description:
      'The meter is of the other kind (interval or register) than the operation or the data needs.',
  },
  INTERVAL_REQUIRED: { status: 422, description: 'An interval meter needs its interval length.' },
  ROLLOVER_ONLY_FOR_REGISTERS: { status: 422, description: 'Only register meters have a rollover modulus.' },
} as const satisfies Group;

const READINGS = {
  READINGS_REJECTED: {
    status: 422,
    description: 'No reading of the push could be stored, so nothing was written; each problem in `details`.',
  },
  METER_REQUIRED: {
    status: 422,
    description: 'The reading names no meter (`meterId` or `meterExternalId`).',
  },
  METER_MISMATCH: { status: 422, description: 'The reading names another meter than the path.' },
  UNKNOWN_METER: { status: 422, description: 'No meter of the organization has that id or external id.' },
  METER_NOT_ALLOWED: { status: 422, description: 'The API key may not write that meter.' },
  INVALID_TIMESTAMP: {
    status: 422,
    description:
      'Not a valid ISO 8601 date and time (with `Z` or an offset in a push), or register reads under a second apart.',
    rule: 'C-2',
  },
  INVALID_DURATION: {
    status: 422,
    description:
      "The interval is not 5, 15, 30 or 60 minutes or a day, or disagrees with the reading's start and end.",
    rule: 'M-1',
  },
  INVALID_UNIT: { status: 422, description: 'The energy unit is not Wh, kWh or MWh.', rule: 'C-1' },
  INVALID_QUALITY: {
    status: 422,
    description: 'The reading quality is not a known code (ESPI, or ACTUAL, ESTIMATED, EDITED).',
    rule: 'M-4',
  },
  FUTURE_INTERVAL: { status: 422, description: 'The interval has not ended yet.' },
  OUTSIDE_ACTIVE_PERIOD: { status: 422, description: "The reading falls outside the meter's active period." },
  OFF_GRID: {
    status: 422,
    description: "The interval does not start on the meter's grid in the site's local time.",
    rule: 'M-1',
  },
  CONFLICTING_VALUE: {
    status: 422,
    description:
      'Another value is stored, or given earlier in the same request or file, for the same interval.',
  },
  READING_OVERLAP: {
    status: 422,
    description: 'The interval overlaps a reading of another start or length.',
  },
  REGISTER_DECREASE: {
    status: 422,
    description: 'The register went down; declare a reset if the meter was exchanged.',
    rule: 'M-2',
  },
  REGISTER_OUT_OF_ORDER: {
    status: 409,
    description: 'A register read or reset comes before the latest stored read.',
    rule: 'M-2',
  },
} as const satisfies Group;

const FILES = {
  MALFORMED_CSV: {
    status: 422,
    description: 'The file cannot be read as CSV of this import (empty, another format, an unusable header).',
  },
  UNKNOWN_COLUMN: { status: 422, description: 'The header names a column the import does not know.' },
  DUPLICATE_COLUMN: { status: 422, description: 'The header names a column twice.' },
  MISSING_COLUMN: { status: 422, description: 'The header lacks a column the import needs.' },
  TOO_MANY_COLUMNS: { status: 422, description: 'The row has more fields than the header.' },
  NAIVE_TIMESTAMP: {
    status: 422,
    description: 'The time has no UTC offset and the import names no time zone.',
    rule: 'C-2',
  },
  NONEXISTENT_LOCAL_TIME: {
    status: 422,
    description: 'The local time does not exist: clocks skip it when daylight saving time starts.',
    rule: 'C-2',
  },
  AMBIGUOUS_LOCAL_TIME: {
    status: 422,
    description: 'The local time occurs twice when daylight saving time ends, and cannot be told apart.',
    rule: 'C-2',
  },
  NOT_GREEN_BUTTON: {
    status: 422,
    description: 'The file is not a Green Button feed with interval readings under a usage point.',
    rule: 'M-3',
  },
  XML_MALFORMED: { status: 422, description: 'The file is not well-formed XML.', rule: 'M-3' },
  XML_DOCTYPE_FORBIDDEN: {
    status: 422,
    description: 'The XML declares a DOCTYPE, which is never accepted (no entity expansion).',
    rule: 'M-3',
  },
  READING_TYPE_MISSING: {
    status: 422,
    description: 'A series of the feed has no ReadingType linked.',
    rule: 'M-3',
  },
  UNSUPPORTED_UOM: {
    status: 422,
    description: 'A series measures another quantity than energy in Wh (ESPI unit 72).',
    rule: 'M-3',
  },
  UNSUPPORTED_MULTIPLIER: {
    status: 422,
    description: "A series' power-of-ten multiplier is not a whole number from -12 to 12.",
    rule: 'M-3',
  },
  UNSUPPORTED_ACCUMULATION: {
    status: 422,
    description: 'A series is neither interval data nor a bulk register.',
    rule: 'M-3',
  },
  UNSUPPORTED_FLOW_DIRECTION: {
    status: 422,
    description: 'A series is neither delivered nor received energy.',
    rule: 'M-3',
  },
  ORPHAN_INTERVAL_BLOCK: {
    status: 422,
    description: 'An IntervalBlock belongs to no MeterReading of the feed; its readings are left out.',
    rule: 'M-3',
  },
  ORPHAN_METER_READING: {
    status: 422,
    description: 'A MeterReading belongs to no UsagePoint of the feed; its readings are left out.',
    rule: 'M-3',
  },
  NO_MATCHING_SERIES: {
    status: 422,
    description: "Not exactly one series of the file fits the meter's direction; import into a site instead.",
    rule: 'M-3',
  },
} as const satisfies Group;

const PROCUREMENT = {
  INVALID_SERIAL: {
    status: 422,
    description: 'The serials do not end in a number, differ before it, or end before they start.',
  },
  SERIAL_RANGE_OVERLAP: {
    status: 409,
    description: 'The serial range overlaps another range of the same registry.',
    rule: 'RE100-CALC-2',
  },
  NO_SERIALS_FOR_CONTRACT_ONLY: {
    status: 422,
    description: 'A contract without certificates has no serials.',
  },
  COUNT_MISMATCH: { status: 422, description: 'The serial range holds another number of RECs than stated.' },
  VOLUME_MISMATCH: { status: 422, description: 'The serial range stands for another energy than stated.' },
  VOLUME_REQUIRED: {
    status: 422,
    description: 'The volume is needed where serials do not give it (K-RECs, credits, contracts only).',
  },
  CANCELLATION_DATE_REQUIRED: {
    status: 422,
    description: 'A retired certificate needs its cancellation date.',
    rule: 'RE100-CLAIM-1',
  },
  BENEFICIARY_REQUIRED: {
    status: 422,
    description: 'A retired certificate needs its beneficiary.',
    rule: 'RE100-CLAIM-1',
  },
  INVALID_STATUS_TRANSITION: { status: 409, description: 'The certificate cannot move to that status.' },
  CERTIFICATE_ALLOCATED: {
    status: 409,
    description: 'The certificate is allocated to claims, so it cannot be deleted or leave its status.',
  },
  CERTIFICATE_NOT_RETIRED: {
    status: 422,
    description: 'Only retired certificates are allocated to claims.',
    rule: 'RE100-CLAIM-1',
  },
  CERTIFICATE_OVER_ALLOCATED: {
    status: 409,
    description: 'Nothing, or not enough, is left of the certificate to allocate.',
    rule: 'RE100-CALC-2',
  },
  AMBIGUOUS_FACILITY: {
    status: 422,
    description: 'Several facilities have the registry id the row names; name one by its id.',
  },
  NOT_A_GENERATION_METER: { status: 422, description: 'Self-generation is measured by generation meters.' },
  METER_MEASURES_ANOTHER_FACILITY: {
    status: 409,
    description: 'The meter already measures another facility.',
    rule: 'RE100-CALC-2',
  },
  KR_TAG_MISMATCH: {
    status: 422,
    description: "The Korean procurement tag does not fit the contract's method.",
  },
  NOT_GRANDFATHERED: {
    status: 422,
    description: 'Only contracts signed before 2024 are grandfathered.',
    rule: 'RE100-AGE-2',
  },
  EQUITY_STAKE_NOT_ALLOWED: {
    status: 400,
    description: 'An equity stake counts only with a PPA or a REC purchase from the plant.',
    rule: 'V5-KR-1',
  },
  PASSIVE_BASIS_NOT_ALLOWED: {
    status: 400,
    description: 'A passive basis describes default-delivered electricity only.',
    rule: 'V5-PASSIVE-1',
  },
  CONTENT_TYPE_MISMATCH: {
    status: 415,
    description: 'The content of the evidence file is not of the type it is declared as.',
  },
} as const satisfies Group;

const EMISSION_FACTORS = {
  FACTOR_ID_INVALID: {
    status: 422,
    description:
      'The id is not 1 to 100 letters, digits, `.`, `_`, `:` or `-` starting with a letter or digit.',
    rule: 'C-4',
  },
  FACTOR_TEXT_INVALID: {
    status: 422,
    description: 'The source, edition or note is not text, or is longer than allowed.',
    rule: 'C-4',
  },
  FACTOR_DATA_YEAR_INVALID: {
    status: 422,
    description: 'The data year is not a year from 1990 to 2100.',
    rule: 'C-4',
  },
  FACTOR_REGION_INVALID: {
    status: 422,
    description: 'The region is not a country code, optionally with a subregion (`US-RFCE`).',
    rule: 'C-4',
  },
  FACTOR_KIND_INVALID: {
    status: 422,
    description: 'The kind is not LOCATION, RESIDUAL_MIX, SUPPLIER or CONTRACT.',
    rule: 'C-4',
  },
  FACTOR_UNIT_INVALID: {
    status: 422,
    description: 'The unit is not a mass of CO2e or CO2 per MWh or kWh (such as `tCO2e/MWh`).',
    rule: 'C-4',
  },
  FACTOR_GAS_INVALID: { status: 422, description: 'The gas is not CO2e or CO2.', rule: 'C-4' },
  FACTOR_UNIT_GAS_MISMATCH: {
    status: 422,
    description: 'The unit is of another gas than the `gas` field.',
    rule: 'C-4',
  },
  FACTOR_VERIFIED_INVALID: { status: 422, description: '`verified` is not true or false.', rule: 'C-4' },
  FACTOR_ID_DUPLICATE: { status: 422, description: 'Two rows of the set have the same id.', rule: 'C-4' },
  FACTOR_AMBIGUOUS: {
    status: 422,
    description: 'Two location or residual-mix rows cover the same region and data year.',
    rule: 'C-4',
  },
} as const satisfies Group;

/** The catalog in topics, in the order docs/errors.md tables them. */
export const ERROR_CODE_TOPICS = [
  { title: 'Requests', codes: REQUESTS },
  { title: 'Access, accounts and members', codes: ACCESS },
  { title: 'Records and values', codes: RECORDS },
  { title: 'Reporting years', codes: REPORTING_YEARS },
  { title: 'Reports', codes: REPORTS },
  { title: 'Organizations, sites and meters', codes: ORGANIZATIONS_SITES_METERS },
  { title: 'Readings', codes: READINGS },
  { title: 'File imports', codes: FILES },
  { title: 'Procurement', codes: PROCUREMENT },
  { title: 'Emission factors', codes: EMISSION_FACTORS },
] as const;

export const ERROR_CODES = {
  ...REQUESTS,
  ...ACCESS,
  ...RECORDS,
  ...REPORTING_YEARS,
  ...REPORTS,
  ...ORGANIZATIONS_SITES_METERS,
  ...READINGS,
  ...FILES,
  ...PROCUREMENT,
  ...EMISSION_FACTORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

type Entry<C extends ErrorCode> = (typeof ERROR_CODES)[C];
type StatusesOf<C extends ErrorCode> =
  Entry<C>['status'] | (Entry<C> extends { alsoStatus: infer S } ? S : never);

/** The codes answered with status `S`: what a helper of a fixed status (409, 422 …) may be given. */
export type CodeWithStatus<S extends number> = {
  [C in ErrorCode]: S extends StatusesOf<C> ? C : never;
}[ErrorCode];

/**
 * The name of a field rule of a DTO (`isUuid`, `maxLength`), as class-validator reports it: it starts with a
 * lower-case letter, so an upper-case code that is not in the catalog is not taken for one.
 */
export type FieldRule = Uncapitalize<string>;

/** What names a problem in `details`: a code of the catalog, or a field rule for VALIDATION_FAILED. */
export type ProblemCode = ErrorCode | FieldRule;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
