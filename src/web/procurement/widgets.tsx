import type { ComponentChildren } from 'preact';
import { COMMON_TEXT } from '../i18n/common';
import { Language } from '../i18n/language';
import { CsrfField, ErrorSummary, FieldErrors, fieldOf, FormFields, listOf } from '../views/form';
import { WebContext } from '../web-context';
import { PROCUREMENT_TEXT } from './procurement.text';
import { Choice } from './vocabulary';

/**
 * The props of a form's fields by name, their values and problems taken from the form's view: `field` for
 * InputField, SelectField and TextAreaField (`fallback` when empty), `flag` for CheckboxField, `list` for
 * CheckboxList.
 */
export function fieldsOf(values: FormFields, errors: FieldErrors | null) {
  return {
    field: (name: string, fallback = '') => ({ name, value: fieldOf(values, name) || fallback, errors }),
    flag: (name: string) => ({ name, checked: fieldOf(values, name) === 'true', errors }),
    list: (name: string) => ({ name, chosen: listOf(values, name), errors }),
  };
}

/**
 * A form that posts plainly, or through htmx, which swaps it in place when refused: its CSRF field and the
 * summary of its problems first.
 */
export function PostForm(props: {
  id: string;
  action: string;
  web: WebContext;
  errors: FieldErrors | null;
  children: ComponentChildren;
}) {
  return (
    <form
      class="form"
      id={props.id}
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField token={props.web.csrfToken} />
      <ErrorSummary errors={props.errors} language={props.web.language} />
      {props.children}
    </form>
  );
}

const idOf = (form: string | undefined, name: string) => `${form ? `${form}-` : ''}f-${name}`;

/** One yes/no field of a DTO (`@IsBoolean()`): a checkbox that sends `true` when ticked. */
export function CheckboxField(props: {
  name: string;
  label: string;
  checked: boolean;
  errors?: FieldErrors | null;
  hint?: string;
  form?: string;
}) {
  const id = idOf(props.form, props.name);
  const error = props.errors?.[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field checkbox${error ? ' invalid' : ''}`} data-field={props.name}>
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          value="true"
          checked={props.checked}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described || undefined}
        />{' '}
        {props.label}
      </label>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A list of records to pick several of (`…Ids` fields of a DTO): a group of checkboxes with its legend. */
export function CheckboxList(props: {
  name: string;
  legend: string;
  options: Choice[];
  chosen: readonly string[];
  empty: string;
  errors?: FieldErrors | null;
  hint?: string;
  form?: string;
}) {
  const id = idOf(props.form, props.name);
  const error = props.errors?.[props.name];
  const chosen = new Set(props.chosen);
  return (
    <fieldset
      class={`choice-list${error ? ' invalid' : ''}`}
      data-field={props.name}
      id={id}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && <span class="hint">{props.hint}</span>}
      {props.options.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ul class="choices">
          {props.options.map((o, i) => (
            <li>
              <label for={`${id}-${i}`}>
                <input
                  id={`${id}-${i}`}
                  type="checkbox"
                  name={props.name}
                  value={o.value}
                  checked={chosen.has(o.value)}
                />{' '}
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A success notice after a redirect (`?saved=1`), read out by screen readers. */
export function Saved({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div class="notice success" role="status">
      <p>{message}</p>
    </div>
  );
}

/** A page of a list: what is shown of how many, and links to the pages around it. */
export function Pager(props: {
  language: Language;
  total: number;
  offset: number;
  limit: number;
  /** The address of the list at another offset. */
  href: (offset: number) => string;
  label: string;
}) {
  const c = COMMON_TEXT[props.language].table;
  const t = PROCUREMENT_TEXT[props.language];
  if (props.total === 0) return null;
  const last = Math.min(props.offset + props.limit, props.total);
  return (
    <nav class="pager" aria-label={props.label}>
      <span>{t.shown(Math.min(props.offset + 1, props.total), last, props.total)}</span>
      {props.offset > 0 && (
        <a href={props.href(Math.max(0, props.offset - props.limit))} rel="prev">
          {c.previous}
        </a>
      )}
      {last < props.total && (
        <a href={props.href(props.offset + props.limit)} rel="next">
          {c.next}
        </a>
      )}
    </nav>
  );
}

/** A table with column headers (`numeric`: the columns of figures) and a caption for screen readers. */
export function Table(props: {
  id?: string;
  caption: string;
  head: string[];
  numeric?: number[];
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th scope="col" class={props.numeric?.includes(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** A section of a page with its heading (labelled for screen readers) and actions beside it. */
export function Section(props: {
  id: string;
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="card wide" id={props.id} aria-labelledby={`${props.id}-title`}>
      <div class="actions">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** A span of calendar days ("2025-01-01 – 2025-12-31"); an open end is left blank. */
export function Period({ from, to }: { from: string; to: string | null }) {
  return (
    <>
      <time dateTime={from}>{from}</time> – {to && <time dateTime={to}>{to}</time>}
    </>
  );
}
