import type { Type } from '@nestjs/common';
import type { ComponentChildren } from 'preact';
import { AppError } from '../../common/app-error';
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

/** The field of each problem of a refusal (`rows.3.volume` → `volume` unless `keepPath`). */
export function fieldErrorsOf(error: AppError, keepPath = false): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of error.details) {
    const name = keepPath ? detail.path : (detail.path.split('.')[0] ?? detail.path);
    errors[name] ??= detail.message;
  }
  if (Object.keys(errors).length === 0) errors[''] = error.message;
  return errors;
}

/**
 * Validates a form against the API's DTO with the API's own pipe: the same rules and the same problems,
 * each at its field. Service refusals (422, 409) go through `fieldErrorsOf` the same way.
 */
export async function validated<T extends object>(
  dto: Type<T>,
  body: Record<string, unknown>,
): Promise<{ value: T; errors: null } | { value: null; errors: FieldErrors }> {
  try {
    const value = (await strictValidationPipe().transform(body, { type: 'body', metatype: dto })) as T;
    return { value, errors: null };
  } catch (error) {
    if (error instanceof AppError) return { value: null, errors: fieldErrorsOf(error) };
    throw error;
  }
}

/** Runs a use case; a refusal of the client's input becomes field errors rather than an error page. */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ value: T; errors: null } | { value: null; errors: FieldErrors }> {
  try {
    return { value: await work(), errors: null };
  } catch (error) {
    if (error instanceof AppError && error.status < 500 && ![401, 403, 404].includes(error.status)) {
      return { value: null, errors: fieldErrorsOf(error) };
    }
    throw error;
  }
}

/** A summary of a refused form, first in the form (read out by screen readers). */
export function ErrorSummary({ errors, language }: { errors: FieldErrors | null; language: Language }) {
  if (!errors) return null;
  const t = COMMON_TEXT[language].form;
  const general = errors[''];
  const fields = Object.keys(errors).filter((k) => k !== '').length;
  return (
    <div class="notice error" role="alert" id="form-errors">
      {fields > 0 && <p>{t.fixErrors(fields)}</p>}
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
