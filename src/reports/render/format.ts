import type { ReportText } from '../templates/report-text';

/**
 * Formatting shared by the renderers: how a figure of the model is written in a language. It changes no
 * value: decimals keep every digit the model gives (grouped with the locale's separators), dates are the
 * model's calendar dates written the locale's way.
 */
export interface Formatter {
  readonly text: ReportText;
  /** A decimal string of the model ('1234567.891') with the locale's grouping ('1,234,567.891'); null → '—'. */
  decimal(value: string | null): string;
  /** An integer count with grouping. */
  integer(value: number | null): string;
  /** A calendar date 'YYYY-MM-DD' as the locale writes it. */
  date(value: string | null): string;
  /** An instant (ISO) as the locale writes it, in `timeZone`, to the minute. */
  instant(value: string | null, timeZone: string): string;
  /** A sentence of the language with `{name}` placeholders filled. */
  fill(template: string, values: Record<string, string | number>): string;
  yesNo(value: boolean | null): string;
}

export const EMPTY = '—';

export function formatter(text: ReportText): Formatter {
  const parts = new Intl.NumberFormat(text.locale).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const point = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const dates = new Intl.DateTimeFormat(text.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const instants = new Map<string, Intl.DateTimeFormat>();
  const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return {
    text,
    decimal(value) {
      if (value === null) return EMPTY;
      const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value);
      if (!match) return value;
      const [, sign = '', whole, fraction] = match;
      return `${sign}${grouped(whole)}${fraction === undefined ? '' : point + fraction}`;
    },
    integer(value) {
      return value === null ? EMPTY : grouped(String(value));
    },
    date(value) {
      return value === null ? EMPTY : dates.format(new Date(`${value}T00:00:00Z`));
    },
    instant(value, timeZone) {
      if (value === null) return EMPTY;
      let format = instants.get(timeZone);
      if (!format) {
        format = new Intl.DateTimeFormat(text.locale, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone,
          hourCycle: 'h23',
        });
        instants.set(timeZone, format);
      }
      return format.format(new Date(value));
    },
    fill(template, values) {
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    },
    yesNo(value) {
      return value === null ? EMPTY : value ? text.statuses.yes : text.statuses.no;
    },
  };
}
