import { COMMON_TEXT } from '../i18n/common';
import { Language } from '../i18n/language';

/** A GET form choosing the reporting year shown (`?year=`). */
export function YearPicker(props: {
  action: string;
  year: number;
  years: number[];
  label: string;
  submit: string;
}) {
  return (
    <form class="toolbar" method="get" action={props.action}>
      <label for="year">{props.label}</label>
      <select id="year" name="year">
        {props.years.map((y) => (
          <option value={String(y)} selected={y === props.year}>
            {String(y)}
          </option>
        ))}
      </select>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

/** Previous and next page links of a paged list (`offset` in the query, the others kept). */
export function Pager(props: {
  path: string;
  query: Record<string, string>;
  total: number;
  limit: number;
  offset: number;
  language: Language;
  label: string;
}) {
  const t = COMMON_TEXT[props.language].table;
  const { total, limit, offset } = props;
  if (offset === 0 && total <= limit) return null;
  const href = (at: number) => {
    const query = new URLSearchParams({ ...props.query, offset: String(at) });
    return `${props.path}?${query}`;
  };
  return (
    <nav class="pager" aria-label={props.label}>
      {offset > 0 && <a href={href(Math.max(0, offset - limit))}>{t.previous}</a>}
      {offset + limit < total && <a href={href(offset + limit)}>{t.next}</a>}
    </nav>
  );
}
