import type { ComponentChildren } from 'preact';
import { COMMON_TEXT } from '../i18n/common';
import { Language } from '../i18n/language';
import { CsrfField } from './form';

/** Digits of a decimal string grouped by thousands ("1234567.125" → "1,234,567.125"), exactly, no float. */
export function groupDigits(value: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!match) return value;
  return match[1] + match[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] ?? '');
}

/** A figure with its label: shown as the API gives it (digits grouped), the exact value kept in `data-value`. */
export function Figure(props: {
  label: string;
  value: string | null;
  unit?: string;
  empty?: string;
  id?: string;
  note?: ComponentChildren;
}) {
  return (
    <div class="figure" id={props.id}>
      <dt>{props.label}</dt>
      <dd>
        {props.value === null ? (
          <span class="empty">{props.empty ?? '—'}</span>
        ) : (
          <>
            <span class="value" data-value={props.value}>
              {groupDigits(props.value)}
            </span>
            {props.unit && <span class="unit"> {props.unit}</span>}
          </>
        )}
        {props.note && <div class="note">{props.note}</div>}
      </dd>
    </div>
  );
}

export type BadgeTone = 'good' | 'bad' | 'warn' | 'neutral';

export function Badge(props: { tone: BadgeTone; children: ComponentChildren; id?: string }) {
  return (
    <span class={`badge ${props.tone}`} id={props.id}>
      {props.children}
    </span>
  );
}

/**
 * A chart drawn by ECharts in the browser from the option given here (plain JSON in a data attribute: no
 * inline script), with the same figures as a table for screen readers and for reading exact values.
 */
export function Chart(props: {
  id: string;
  title: string;
  option: Record<string, unknown>;
  table: { head: string[]; rows: (string | null)[][] };
  showData: string;
}) {
  return (
    <figure class="chart-box" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <div class="chart" id={props.id} data-option={JSON.stringify(props.option)} aria-hidden="true"></div>
      <details>
        <summary>{props.showData}</summary>
        <DataTable caption={props.title} head={props.table.head} rows={props.table.rows} numeric />
      </details>
    </figure>
  );
}

/** What a table cell may hold: text, or markup (a link, a badge, a code). */
export type Cell = ComponentChildren;

/**
 * A table's frame: scrolled on a narrow screen, captioned for screen readers, with its column headers; the
 * rows are the children.
 */
export function Table(props: {
  id?: string;
  class?: string;
  caption?: string;
  head: string[];
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table id={props.id} class={props.class}>
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/**
 * A table of rows, each headed by its first cell; an empty cell is a dash. `numeric` columns (every one
 * after the first when `true`) are right-aligned, their text grouped. `empty` is said instead of a table
 * without rows.
 */
export function DataTable(props: {
  caption?: string;
  head: string[];
  rows: Cell[][];
  numeric?: boolean | number[];
  id?: string;
  empty?: string;
}) {
  if (props.empty !== undefined && props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  const numeric = (i: number) =>
    props.numeric === true || (Array.isArray(props.numeric) && props.numeric.includes(i));
  return (
    <Table id={props.id} caption={props.caption} head={props.head}>
      {props.rows.map((row) => (
        <tr>
          {row.map((cell, i) =>
            i === 0 ? (
              <th scope="row">{cell ?? '—'}</th>
            ) : (
              <td class={numeric(i) ? 'num' : undefined}>
                {cell === null || cell === undefined
                  ? '—'
                  : numeric(i) && typeof cell === 'string'
                    ? groupDigits(cell)
                    : cell}
              </td>
            ),
          )}
        </tr>
      ))}
    </Table>
  );
}

/** A fact beside the figures: its label and what it is (text, a code, a link), not a number to group. */
export function Fact(props: { label: string; id?: string; children: ComponentChildren }) {
  return (
    <div class="figure" id={props.id}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** The links to the previous and next page of a list shown `limit` at a time; none when it fits one page. */
export function Pager(props: {
  language: Language;
  /** What the list is, for screen readers. */
  label: string;
  total: number;
  offset: number;
  limit: number;
  /** The address of the list at another offset. */
  href: (offset: number) => string;
}) {
  const t = COMMON_TEXT[props.language].table;
  const { total, limit, offset } = props;
  if (offset === 0 && total <= limit) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {offset > 0 && <a href={props.href(Math.max(0, offset - limit))}>{t.previous}</a>}
      {offset + limit < total && <a href={props.href(offset + limit)}>{t.next}</a>}
    </nav>
  );
}

/** What an action did, said once on the page it led to (read out by screen readers). */
export function SuccessNotice(props: { id?: string; children: ComponentChildren }) {
  return (
    <div class="notice success" role="status" id={props.id}>
      <p>{props.children}</p>
    </div>
  );
}

/** A destructive action: a small POST form whose one button is confirmed first (`data-confirm`, app.js). */
export function ConfirmButton(props: {
  action: string;
  confirm: string;
  csrfToken: string;
  /** The button's name for screen readers (what it acts on). */
  label: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={props.action} data-confirm={props.confirm}>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="danger" aria-label={props.label}>
        {props.children}
      </button>
    </form>
  );
}

/** Where a chart would be, when there is nothing to draw: said in words rather than as an empty plot. */
export function EmptyChart(props: { title: string; message: string }) {
  return (
    <figure class="chart-box">
      <figcaption>{props.title}</figcaption>
      <p class="muted">{props.message}</p>
    </figure>
  );
}
