import type { CellKind, CellSpec } from './cells';

/**
 * A sheet described as data (title lines, tables of columns and rows), built from the model by the
 * `*-sheets.ts` files and drawn by `write-sheet.ts`. Keeping the description apart from exceljs lets each
 * sheet read as what it shows, and lets the writer own the layout rules every sheet shares (bold header,
 * frozen header rows, auto-filter, widths).
 */
export interface SheetSpec {
  /** Stable id ('summary', 'cdp:7.30.17'), independent of the language; tests and README use it. */
  readonly id: string;
  /** The wanted tab name (made valid and unique by `sheets.ts`). */
  readonly name: string;
  /** What the sheet holds, for the README's table of sheets. */
  readonly contents: string;
  readonly blocks: readonly Block[];
  /**
   * Freeze the rows down to the main table's header (default true). The README does not: its header sits
   * below twenty lines of report facts, which would fill the screen.
   */
  readonly freeze?: boolean;
}

export interface Column {
  /** The header text, with its unit: "Recognised renewable electricity (MWh)". */
  readonly header: string;
  readonly kind: CellKind;
  /** A width in characters where the header does not tell (ids, long words). */
  readonly width?: number;
}

export interface TableSpec {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly CellSpec[])[];
  /** The model's totals, one per column (null: no total in that column); a bold row after the rows. */
  readonly totals?: readonly CellSpec[] | null;
  /** The sentence shown under the header when there are no rows ("No site is excluded."). */
  readonly empty?: string;
}

/** A line above or between tables: a title, a heading, a note, or a label with its values. */
export interface Line {
  readonly style: 'title' | 'heading' | 'note' | 'field';
  readonly cells: readonly CellSpec[];
}

export type Block =
  | { readonly type: 'lines'; readonly lines: readonly Line[] }
  /**
   * The first table of a sheet is its main table: its header row is frozen and carries the auto-filter (a
   * sheet has one). Later tables (milestones under the trajectory) are plain tables with a bold header.
   */
  | { readonly type: 'table'; readonly table: TableSpec };

export const title = (text: string): Line => ({ style: 'title', cells: [text] });
export const heading = (text: string): Line => ({ style: 'heading', cells: [text] });
export const note = (text: string): Line => ({ style: 'note', cells: [text] });
export const field = (label: string, ...values: CellSpec[]): Line => ({
  style: 'field',
  cells: [label, ...values],
});
export const lines = (...items: (Line | null | false)[]): Block => ({
  type: 'lines',
  lines: items.filter((item): item is Line => Boolean(item)),
});
export const table = (spec: TableSpec): Block => ({ type: 'table', table: spec });

/** "Recognised renewable electricity (MWh)": the unit in the header, as every table sheet shows it. */
export const withUnit = (label: string, unit: string): string => `${label} (${unit})`;
