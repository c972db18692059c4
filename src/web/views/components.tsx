import type { ComponentChildren } from 'preact';

/** Digits of a decimal string grouped by thousands ("1234567.125" → "1,234,567.125"), exactly, no float. */
export function groupDigits(value: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!match) return value;
  return match[1] + match[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (match[3] ?? '');
}

/** A figure with its label; `value` is shown as the API gives it (grouped), `raw` kept for tracing. */
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

/** A table with a header row; numbers right-aligned and grouped when `numeric` (all columns after the first). */
export function DataTable(props: {
  caption?: string;
  head: string[];
  rows: (string | null)[][];
  numeric?: boolean;
  id?: string;
}) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th scope="row">{cell ?? '—'}</th>
                ) : (
                  <td class={props.numeric ? 'num' : undefined}>
                    {cell === null ? '—' : props.numeric ? groupDigits(cell) : cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
