import { ArgumentMetadata, Injectable, PipeTransform, Type } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { AllExceptionsFilter } from '../../common/all-exceptions.filter';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { pageNotFound } from '../page-errors';
import { attempt, bodyOf, FieldErrors, FormFields, validated } from '../views/form';

/** A refused form: its problems by field, and the status the page answers with (422, or 409 for a conflict). */
export interface Refusal {
  errors: FieldErrors;
  status: 422 | 409;
}

export type Submitted<T> = { value: T; refusal: null } | { value: null; refusal: Refusal };

const API_ERRORS = new AllExceptionsFilter();

/**
 * The API's own error for a failure: a constraint the database enforces (an overlapping serial range,
 * 23P01 → 409 `SERIAL_RANGE_OVERLAP`) is the same refusal as on the API. A record named by a field of
 * the form that is not the organization's (`details[].path`) is that field's problem (422), not a missing
 * page; a 404 without a field (the record of the page itself) stays a 404 page.
 */
function asAppError(error: unknown): unknown {
  const body = API_ERRORS.toBody(error, '');
  if (body.statusCode >= 500 || body.statusCode === 401 || body.statusCode === 403) return error;
  if (body.statusCode === 404)
    return body.details.length > 0 ? new AppError('NOT_FOUND', body.message, body.details, 422) : error;
  return error instanceof AppError ? error : new AppError(body.code, body.message, body.details);
}

/**
 * Runs a use case of a form (through the foundation's `attempt`): a refusal of the client's input becomes
 * field errors and the status to answer with. `fieldOf` names the field of a refusal whose error has no
 * `details` (a 409 such as SERIAL_RANGE_OVERLAP or INVALID_STATUS_TRANSITION); without one it goes to the
 * summary on top of the form.
 */
export async function submitted<T>(
  work: () => Promise<T>,
  fieldOf: Partial<Record<string, string>> = {},
): Promise<Submitted<T>> {
  let refused: AppError | null = null;
  const result = await attempt(async () => {
    try {
      return await work();
    } catch (error) {
      const mapped = asAppError(error);
      if (mapped instanceof AppError) refused = mapped;
      throw mapped;
    }
  });
  if (result.errors === null) return { value: result.value, refusal: null };
  const error = refused as AppError | null;
  const errors = { ...result.errors };
  const field = error && fieldOf[error.code];
  if (field && errors[''] !== undefined && error.details.length === 0) {
    errors[field] = errors[''];
    delete errors[''];
  }
  return { value: null, refusal: { errors, status: error?.status === 409 ? 409 : 422 } };
}

/** Validates a form against the API's DTO; its problems answer 422 at their fields. */
export async function checked<T extends object>(
  dto: Type<T>,
  body: Record<string, unknown>,
): Promise<Submitted<T>> {
  const result = await validated(dto, body);
  return result.errors === null
    ? { value: result.value, refusal: null }
    : { value: null, refusal: { errors: result.errors, status: 422 } };
}

/**
 * A form's use case: the form checked against the API's DTO (422 at the fields), then `work` run with the
 * DTO's value (its refusals at their fields too, see `submitted`). A refused form writes nothing.
 */
export async function submitForm<D extends object, T>(
  dto: Type<D>,
  body: Record<string, unknown>,
  work: (value: D) => Promise<T>,
  fieldOf: Partial<Record<string, string>> = {},
): Promise<Submitted<T>> {
  const input = await checked(dto, body);
  if (input.refusal !== null) return { value: null, refusal: input.refusal };
  return submitted(() => work(input.value), fieldOf);
}

/**
 * A record id in a page's path, read by the API's ParseIdPipe; an address whose id is not one is a page
 * that does not exist (404, as for another organization's id), where the API answers 400.
 */
@Injectable()
export class PageIdPipe implements PipeTransform<string, string> {
  private readonly ids = new ParseIdPipe();

  transform(value: string, metadata: ArgumentMetadata): string {
    try {
      return this.ids.transform(value, metadata);
    } catch {
      throw pageNotFound();
    }
  }
}

/**
 * The form as the API's JSON body (`bodyOf`), where a required field left empty is sent empty rather than
 * left out, so that the DTO names it (an edit would otherwise keep the old value without a word).
 */
export function formBody(
  form: FormFields,
  kinds: Parameters<typeof bodyOf>[1],
  required: readonly string[],
): Record<string, unknown> {
  const body = bodyOf(form, kinds);
  for (const name of required) if (!(name in body)) body[name] = '';
  return body;
}

/** A record as the fields of its form: text as is, a number as text, a flag ticked when true, lists kept. */
export function valuesOf(record: object): FormFields {
  const values: FormFields = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'string') values[name] = value;
    else if (typeof value === 'number' || typeof value === 'bigint') values[name] = String(value);
    else if (typeof value === 'boolean') values[name] = value ? 'true' : undefined;
    else if (Array.isArray(value)) values[name] = value.map(String);
  }
  return values;
}

/** The values of a field sent several times (a group of checkboxes). */
export const listOf = (form: FormFields, name: string): string[] => {
  const value = form[name];
  return Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];
};
