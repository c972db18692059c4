import type { Alignment, CellValue, Fill, Font, Style } from 'exceljs';

/**
 * How a figure of the model becomes a cell. The model gives every figure as a decimal string with its exact
 * decimals; a spreadsheet is only useful if those are numbers (sums, filters, pasting into CDP), so each is
 * written as a numeric cell (`Number(text)`: the model's figures have at most 15 significant digits, which a
 * double holds exactly as typed) with a number format showing the model's decimals. Calendar dates are date
 * cells (UTC midnight, so the serial is the day whatever the server's time zone); instants are UTC
 * date-times. The kind of a cell, not its value, decides the format, so a column is uniform.
 */
export type CellKind =
  /** Words; `wrap` columns break lines (reasons, notes, long CDP answers). */
  | 'text'
  | 'wrap'
  /** MWh with 3 decimals (the ledger's figure). */
  | 'mwh'
  /** MWh with CDP's decimals (2). */
  | 'cdpMwh'
  | 'tco2e'
  /** Percentages as the model gives them (62.52, not 0.6252), 2 decimals. */
  | 'percent'
  | 'year'
  | 'count'
  /** A decimal whose decimals vary (factor values, capacities, restated figures): shown as given. */
  | 'decimal'
  /** 'YYYY-MM-DD'. */
  | 'date'
  /** An ISO instant, shown in UTC. */
  | 'instant';

/** A value of the model before it is a cell; null is an empty cell, never 0. */
export type Raw = string | number | null;

/** A cell whose kind differs from its column's (label/value tables). */
export interface Typed {
  readonly kind: CellKind;
  readonly value: Raw;
}

export type CellSpec = Raw | Typed;

export const typed = (kind: CellKind, value: Raw): Typed => ({ kind, value });

export function isTyped(cell: CellSpec): cell is Typed {
  return typeof cell === 'object' && cell !== null;
}

const DECIMAL = /^-?\d+(?:\.(\d+))?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/;

/** Number formats by kind; `decimal` takes its decimals from the value, `cdpMwh` from the questionnaire. */
export const NUM_FMT = {
  mwh: '#,##0.000',
  tco2e: '#,##0.000',
  percent: '#,##0.00',
  year: '0',
  count: '#,##0',
  date: 'yyyy-mm-dd',
  instant: 'yyyy-mm-dd hh:mm:ss "UTC"',
} as const;

export function decimalFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** The cell value and the number format it needs (undefined: text, or a number format-less cell). */
export function cellContent(
  kind: CellKind,
  raw: Raw,
  cdpMwhDecimals: number,
): { value: CellValue; numFmt?: string } {
  if (raw === null) return { value: null };
  switch (kind) {
    case 'text':
    case 'wrap':
      return { value: String(raw) };
    case 'date':
      if (typeof raw === 'string' && DATE.test(raw))
        return { value: new Date(`${raw}T00:00:00Z`), numFmt: NUM_FMT.date };
      return { value: String(raw) };
    case 'instant': {
      // Only an instant with its offset: one without would be read in the server's time zone.
      const time = typeof raw === 'string' && ZONED.test(raw) ? Date.parse(raw) : NaN;
      return Number.isNaN(time) ? { value: String(raw) } : { value: new Date(time), numFmt: NUM_FMT.instant };
    }
    default: {
      if (typeof raw === 'number') return { value: raw, numFmt: numberFormat(kind, raw, cdpMwhDecimals) };
      const match = DECIMAL.exec(raw);
      // Not a figure (a restated status, a parameter such as '15/100'): shown as the model says it.
      if (!match) return { value: raw };
      const numFmt =
        kind === 'decimal' ? decimalFormat(match[1]?.length ?? 0) : numberFormat(kind, raw, cdpMwhDecimals);
      return { value: Number(raw), numFmt };
    }
  }
}

function numberFormat(kind: CellKind, raw: string | number, cdpMwhDecimals: number): string {
  switch (kind) {
    case 'cdpMwh':
      return decimalFormat(cdpMwhDecimals);
    case 'mwh':
    case 'tco2e':
    case 'percent':
    case 'year':
    case 'count':
      return NUM_FMT[kind];
    default:
      return decimalFormat(/\.(\d+)$/.exec(String(raw))?.[1].length ?? 0);
  }
}

/** How a row is drawn: its cells' emphasis. */
/** `value`: a value beside its label above a table (README, methodology), left-aligned like the text. */
export type Emphasis = 'plain' | 'value' | 'header' | 'title' | 'heading' | 'label' | 'total';

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };
/** The workbook's default font (exceljs's), named in full: a font without a name falls back to a serif. */
const BODY: Partial<Font> = { name: 'Calibri', family: 2, size: 11 };
const FONTS: Record<Emphasis, Partial<Font> | undefined> = {
  plain: undefined,
  value: undefined,
  header: { ...BODY, bold: true },
  title: { ...BODY, bold: true, size: 14 },
  heading: { ...BODY, bold: true, size: 12 },
  label: { ...BODY, bold: true },
  total: { ...BODY, bold: true },
};

/**
 * Style objects shared by every cell of the same look. exceljs's streaming style registry recognises a style
 * it has seen by object identity (a WeakMap), so sharing them saves building and comparing a style per cell.
 */
export class Styles {
  private readonly cache = new Map<string, Partial<Style>>();

  get(emphasis: Emphasis, wrap: boolean, numFmt: string | undefined): Partial<Style> {
    const key = `${emphasis}|${wrap}|${numFmt ?? ''}`;
    let style = this.cache.get(key);
    if (!style) {
      // Top-aligned everywhere: a row grown for a wrapped cell keeps its other cells level with it.
      const alignment: Partial<Alignment> =
        emphasis === 'header' || wrap
          ? { vertical: 'top', wrapText: true }
          : emphasis === 'value'
            ? { vertical: 'top', horizontal: 'left' }
            : { vertical: 'top' };
      style = {
        ...(numFmt ? { numFmt } : {}),
        ...(FONTS[emphasis] ? { font: FONTS[emphasis] } : {}),
        alignment,
        ...(emphasis === 'header' ? { fill: HEADER_FILL } : {}),
      };
      this.cache.set(key, style);
    }
    return style;
  }
}

/**
 * Width of a text in Excel's character units: East Asian wide characters take two. Used on headers and
 * labels only, never on every row, so widths cost nothing on a large register.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}
