import { OrganizationDto } from '../../organizations/dto/organization-response.dto';
import { FieldErrors, fieldErrorsOf, fieldOf, FormFields, Refusal } from '../views/form';

/**
 * The settings form's fields are named by the paths of the API's body (`re100.targetYear`,
 * `re100.milestones.0.percent`), so every problem the API names lands at its own field.
 */
export interface SettingsFields {
  name: string;
  legalEntityName: string;
  country: string;
  timeZone: string;
  reportingYearStartMonth: string;
  excludeImmaterialMarkets: boolean;
  targetYear: string;
  baselineYear: string;
  milestones: { year: string; percent: string }[];
}

/** Rows of milestones the form offers: at least three, and one empty row after those declared. */
const MIN_ROWS = 3;
const MAX_ROWS = 30;
const milestoneRows = (rows: { year: string; percent: string }[], spare: number) => {
  const filled = [...rows];
  while (filled.length < Math.max(MIN_ROWS, rows.length + spare) && filled.length < MAX_ROWS)
    filled.push({ year: '', percent: '' });
  return filled;
};

export const milestoneField = (row: number, part: 'year' | 'percent') => `re100.milestones.${row}.${part}`;

/** The form filled with the organization as the API answers it. */
export function settingsOf(organization: OrganizationDto): SettingsFields {
  return {
    name: organization.name,
    legalEntityName: organization.legalEntityName,
    country: organization.country,
    timeZone: organization.timeZone,
    reportingYearStartMonth: String(organization.reportingYearStartMonth),
    excludeImmaterialMarkets: organization.excludeImmaterialMarkets,
    targetYear: organization.re100 ? String(organization.re100.targetYear) : '',
    baselineYear: organization.re100?.baselineYear != null ? String(organization.re100.baselineYear) : '',
    milestones: milestoneRows(
      (organization.re100?.milestones ?? []).map((m) => ({
        year: String(m.year),
        percent: String(m.percent),
      })),
      1,
    ),
  };
}

/** The form as sent, to show again with its problems. */
export function settingsFromForm(form: FormFields): SettingsFields {
  const rows: { year: string; percent: string }[] = [];
  for (let row = 0; row < MAX_ROWS; row++) {
    const year = form[milestoneField(row, 'year')];
    const percent = form[milestoneField(row, 'percent')];
    if (year === undefined && percent === undefined) break;
    rows.push({
      year: fieldOf(form, milestoneField(row, 'year')),
      percent: fieldOf(form, milestoneField(row, 'percent')),
    });
  }
  return {
    name: fieldOf(form, 'name'),
    legalEntityName: fieldOf(form, 'legalEntityName'),
    country: fieldOf(form, 'country'),
    timeZone: fieldOf(form, 'timeZone'),
    reportingYearStartMonth: fieldOf(form, 'reportingYearStartMonth'),
    excludeImmaterialMarkets: fieldOf(form, 'excludeImmaterialMarkets') !== '',
    targetYear: fieldOf(form, 're100.targetYear'),
    baselineYear: fieldOf(form, 're100.baselineYear'),
    milestones: milestoneRows(rows, 0),
  };
}

/** Digits become a number; anything else stays text, for the API's DTO to refuse as it would. */
const integer = (value: string): unknown => (/^-?\d{1,9}$/.test(value) ? Number(value) : value);
const decimal = (value: string): unknown => (/^-?\d{1,9}(\.\d{1,9})?$/.test(value) ? Number(value) : value);

/**
 * The API's PATCH body for the form: every organization field as sent (an emptied one is refused by the
 * DTO, not skipped); the commitment withdrawn (`null`) when all its fields are empty; the milestone rows
 * filled in, without the empty ones, with `rowOf` telling which form row each came from.
 */
export function settingsBody(fields: SettingsFields): { body: Record<string, unknown>; rowOf: number[] } {
  const trim = (v: string) => v.trim();
  const body: Record<string, unknown> = {
    name: trim(fields.name),
    legalEntityName: trim(fields.legalEntityName),
    country: trim(fields.country),
    timeZone: trim(fields.timeZone),
    reportingYearStartMonth: integer(trim(fields.reportingYearStartMonth)),
    excludeImmaterialMarkets: fields.excludeImmaterialMarkets,
  };
  const rowOf: number[] = [];
  const milestones: Record<string, unknown>[] = [];
  fields.milestones.forEach((m, row) => {
    const year = trim(m.year);
    const percent = trim(m.percent);
    if (year === '' && percent === '') return;
    rowOf.push(row);
    milestones.push({
      ...(year === '' ? {} : { year: integer(year) }),
      ...(percent === '' ? {} : { percent: decimal(percent) }),
    });
  });
  const targetYear = trim(fields.targetYear);
  const baselineYear = trim(fields.baselineYear);
  if (targetYear === '' && baselineYear === '' && milestones.length === 0) body.re100 = null;
  else {
    body.re100 = {
      ...(targetYear === '' ? {} : { targetYear: integer(targetYear) }),
      ...(baselineYear === '' ? {} : { baselineYear: integer(baselineYear) }),
      ...(milestones.length === 0 ? {} : { milestones }),
    };
  }
  return { body, rowOf };
}

/** The names of the form's fields, and the milestones' list as a whole, where problems can be shown. */
const FIELDS = new Set([
  'name',
  'legalEntityName',
  'country',
  'timeZone',
  'reportingYearStartMonth',
  'excludeImmaterialMarkets',
  're100.targetYear',
  're100.baselineYear',
  're100.milestones',
]);

/**
 * A refusal's problems at the form's fields: `re100.milestones.<i>.<part>` at the row it came from; a
 * problem of no field of the form (or of a whole milestone) at the list, or said on top.
 */
export function settingsErrors(refusal: Refusal, rowOf: number[]): FieldErrors {
  const byPath = fieldErrorsOf(refusal, { keepPath: true });
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(byPath)) {
    const milestone = /^re100\.milestones\.(\d+)(?:\.(year|percent))?/.exec(path);
    const field = milestone
      ? milestone[2]
        ? milestoneField(
            rowOf[Number(milestone[1])] ?? Number(milestone[1]),
            milestone[2] as 'year' | 'percent',
          )
        : 're100.milestones'
      : FIELDS.has(path)
        ? path
        : path.startsWith('re100.')
          ? 're100.milestones'
          : '';
    errors[field] ??= message;
  }
  return errors;
}
