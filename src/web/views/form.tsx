import type { Type } from '@nestjs/common';
import type { ComponentChildren } from 'preact';
import { AllExceptionsFilter } from '../../common/all-exceptions.filter';
import { AppError, ErrorDetail } from '../../common/app-error';
import { ErrorCode } from '../../common/error-codes';
import { strictValidationPipe } from '../../common/validation';
import { COMMON_TEXT } from '../i18n/common';
import { Language } from '../i18n/language';

/** A form's problems by field name: the API's `details[].path` (its first segment's field) → message. */
export type FieldErrors = Record<string, string>;

/** What a form sends: strings, a name sent twice as an array. */
export type FormFields = Record<string, string | string[] | undefined>;

export const fieldOf = (form: FormFields, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
};

/**
 * The form as the API's JSON body would be: an empty field is left out (the DTO's optional), `numbers`
 * become numbers (a value that is not one stays a string for the DTO to refuse), `lists` are arrays and
 * `flags` are true when sent. Unknown fields are kept, so the DTO refuses them as the API does.
 */
export function bodyOf(
  form: FormFields,
  kinds: { numbers?: string[]; lists?: string[]; flags?: string[]; nullable?: string[] } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (raw === undefined) continue;
    // A form sends text; `a[b]=…` made into an object by a multipart reader is not one of ours.
    if (typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) {
      throw new AppError('MALFORMED_BODY', `"${name.slice(0, 40)}" is not a field of this form`);
    }
    if (kinds.lists?.includes(name)) {
      body[name] = (Array.isArray(raw) ? raw : [raw]).filter((v) => v.trim() !== '');
      continue;
    }
    const value = (Array.isArray(raw) ? raw[0] : raw).trim();
    if (kinds.flags?.includes(name)) body[name] = value !== '' && value !== 'false';
    else if (value === '') {
      if (kinds.nullable?.includes(name)) body[name] = null;
    } else if (kinds.numbers?.includes(name) && /^-?\d+$/.test(value)) body[name] = Number(value);
    else body[name] = value;
  }
  for (const name of kinds.flags ?? []) if (!(name in body)) body[name] = false;
  for (const name of kinds.lists ?? []) if (!(name in body)) body[name] = [];
  return body;
}

/** A use case's refusal of the client's input, kept whole: the page says it in words, at its fields. */
export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
}

/** A form's outcome: the use case's value, or its refusal with the problems by field. */
export type Outcome<T> =
  { value: T; errors: null; refusal: null } | { value: null; errors: FieldErrors; refusal: Refusal };

export interface FieldOptions {
  /** Keep each problem at its whole path (`re100.targetYear`) rather than its first segment. */
  keepPath?: boolean;
  /** The field of a refusal that names none in its details (e.g. SERIAL_RANGE_OVERLAP → serialStart). */
  fieldOf?: Partial<Record<ErrorCode, string>>;
}

/** The field of each problem of a refusal (`rows.3.volume` → `rows` unless `keepPath`); '' for the form. */
export function fieldErrorsOf(
  refusal: Pick<Refusal, 'code' | 'message' | 'details'>,
  options: FieldOptions = {},
): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of refusal.details) {
    const name = options.keepPath ? detail.path : (detail.path.split('.')[0] ?? detail.path);
    errors[name] ??= detail.message;
  }
  if (Object.keys(errors).length === 0) errors[options.fieldOf?.[refusal.code] ?? ''] = refusal.message;
  return errors;
}

const refused = <T,>(error: AppError, options: FieldOptions): Outcome<T> => {
  const refusal: Refusal = {
    status: error.status,
    code: error.code,
    message: error.message,
    details: error.details,
  };
  return { value: null, errors: fieldErrorsOf(refusal, options), refusal };
};

/**
 * Validates a form against the API's DTO with the API's own pipe: the same rules and the same problems,
 * each at its field (400 as on the API).
 */
export async function validated<T extends object>(
  dto: Type<T>,
  body: Record<string, unknown>,
  options: FieldOptions = {},
): Promise<Outcome<T>> {
  try {
    const value = (await strictValidationPipe().transform(body, { type: 'body', metatype: dto })) as T;
    return { value, errors: null, refusal: null };
  } catch (error) {
    if (error instanceof AppError) return refused(error, options);
    throw error;
  }
}

const API_ERRORS = new AllExceptionsFilter();

/**
 * The API's answer to a failure as an AppError: a rule the database enforces (an overlapping serial range,
 * 23P01 → 409 SERIAL_RANGE_OVERLAP) is the same refusal as on the API. A record named by a field of the
 * form that is not the organization's (a 404 with `details`) is that field's problem (422); a 404 without
 * one (the page's own record), 401, 403 and failures of the service are not refusals of the form.
 */
function refusalOf(error: unknown): AppError | null {
  const body = API_ERRORS.toBody(error, '');
  if (body.statusCode >= 500 || body.statusCode === 401 || body.statusCode === 403) return null;
  if (body.statusCode === 404) {
    return body.details.length > 0 ? new AppError('NOT_FOUND', body.message, body.details, 422) : null;
  }
  return error instanceof AppError ? error : new AppError(body.code, body.message, body.details);
}

/** Runs a use case; a refusal of the client's input becomes an outcome the page shows at its fields. */
export async function attempt<T>(work: () => Promise<T>, options: FieldOptions = {}): Promise<Outcome<T>> {
  try {
    return { value: await work(), errors: null, refusal: null };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) return refused(refusal, options);
    throw error;
  }
}

/** A form's use case: the form checked by the API's DTO, then `work` run with its value; either may refuse. */
export async function submitForm<D extends object, T>(
  dto: Type<D>,
  body: Record<string, unknown>,
  work: (value: D) => Promise<T>,
  options: FieldOptions = {},
): Promise<Outcome<T>> {
  const input = await validated(dto, body, options);
  if (input.refusal) return input;
  return attempt(() => work(input.value), options);
}

/** The status a refused form answers with: the use case's own for a conflict (409), else 422. */
export const refusedStatus = (refusal: Refusal): 409 | 422 => (refusal.status === 409 ? 409 : 422);

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

/**
 * A summary of a refused form, first in the form (read out by screen readers): how many fields, then each
 * problem (also shown at its field; a problem of a field the form does not show is said only here).
 */
export function ErrorSummary({ errors, language }: { errors: FieldErrors | null; language: Language }) {
  if (!errors) return null;
  const t = COMMON_TEXT[language].form;
  const general = errors[''];
  const fields = Object.entries(errors).filter(([name]) => name !== '');
  return (
    <div class="notice error" role="alert" id="form-errors">
      {fields.length > 0 && <p>{t.fixErrors(fields.length)}</p>}
      {fields.length > 0 && (
        <ul class="problems">
          {fields.map(([, message]) => (
            <li>{message}</li>
          ))}
        </ul>
      )}
      {general && <p>{general}</p>}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  errors?: FieldErrors | null;
  hint?: string;
  required?: boolean;
  /** The id prefix when a page has several forms. */
  form?: string;
}

const ids = (props: FieldProps) => {
  const id = `${props.form ? `${props.form}-` : ''}f-${props.name}`;
  return { id, errorId: `${id}-error`, hintId: `${id}-hint` };
};

function Wrap(props: FieldProps & { children: ComponentChildren }) {
  const { id, errorId, hintId } = ids(props);
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' invalid' : ''}`} data-field={props.name}>
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.children}
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

const described = (props: FieldProps) => {
  const { errorId, hintId } = ids(props);
  const error = props.errors?.[props.name];
  return [props.hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
};

export function InputField(
  props: FieldProps & {
    value?: string | null;
    type?: string;
    inputMode?: string;
    placeholder?: string;
    autocomplete?: string;
  },
) {
  const { id } = ids(props);
  return (
    <Wrap {...props}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        inputMode={props.inputMode as 'decimal' | 'numeric' | undefined}
        placeholder={props.placeholder}
        autocomplete={props.autocomplete}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={described(props)}
      />
    </Wrap>
  );
}

export function SelectField(
  props: FieldProps & {
    value?: string | string[] | null;
    options: { value: string; label: string }[];
    multiple?: boolean;
    /** A first, empty choice (an optional field). */
    blank?: string;
  },
) {
  const { id } = ids(props);
  const chosen = new Set(Array.isArray(props.value) ? props.value : props.value ? [props.value] : []);
  return (
    <Wrap {...props}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        multiple={props.multiple}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={described(props)}
      >
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={chosen.has(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function TextAreaField(props: FieldProps & { value?: string | null; rows?: number }) {
  const { id } = ids(props);
  return (
    <Wrap {...props}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
        aria-describedby={described(props)}
      >
        {props.value ?? ''}
      </textarea>
    </Wrap>
  );
}

/** The hidden CSRF field every state-changing form carries (htmx also sends it as a header). */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;
