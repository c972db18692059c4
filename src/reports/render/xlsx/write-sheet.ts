import type { Row, Worksheet, stream } from 'exceljs';
import { CellKind, CellSpec, cellContent, displayWidth, Emphasis, isTyped, Styles } from './cells';
import type { Column, SheetSpec, TableSpec } from './sheet-spec';

/** What every sheet of one workbook shares while it is written. */
export interface SheetContext {
  readonly styles: Styles;
  /** The CDP MWh decimals (`cdp.mwhDecimals`), for the `cdpMwh` number format. */
  readonly cdpMwhDecimals: number;
}

/** Width bounds per kind, in characters: a header wraps within them rather than widening its column. */
const WIDTH: Record<CellKind, readonly [number, number]> = {
  text: [10, 30],
  wrap: [24, 60],
  mwh: [13, 20],
  cdpMwh: [13, 20],
  tco2e: [13, 20],
  percent: [10, 14],
  year: [8, 12],
  count: [9, 14],
  decimal: [10, 18],
  date: [12, 14],
  instant: [21, 24],
};

/** Printed (or converted to PDF) landscape on A4, each sheet's columns fitted to the page's width. */
const PAGE_SETUP = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
} as const;

/** Tables up to this many rows have their text cells measured for widths; larger ones use their headers. */
const MEASURED_ROWS = 100;
/** The widest a measured text makes its column; longer text is cut (text) or wrapped (wrap). */
const MEASURED_MAX = { text: 48, wrap: 60 } as const;
const MAX_WIDTH = 70;

/**
 * Writes one sheet, committing each row as it is written so a streaming workbook holds no rows in memory.
 * Blocks are separated by an empty row; the first table's header row is frozen (with everything above it)
 * and carries the auto-filter over its data rows (not the totals, so sorting leaves them last).
 */
export function writeSheet(
  workbook: stream.xlsx.WorkbookWriter,
  spec: SheetSpec,
  context: SheetContext,
): void {
  const headerRow = mainHeaderRow(spec);
  const sheet = workbook.addWorksheet(spec.name, {
    views: headerRow !== null && spec.freeze !== false ? [{ state: 'frozen', ySplit: headerRow }] : [],
    pageSetup: PAGE_SETUP,
  });
  // Column widths go before the first row: the streaming writer writes <cols> with it.
  const widths = columnWidths(spec);
  sheet.columns = widths.map((width) => ({ width }));

  const writer = new RowWriter(sheet, context, widths);
  let filter: { from: { row: number; column: number }; to: { row: number; column: number } } | null = null;
  spec.blocks.forEach((block, index) => {
    if (index > 0) writer.skip();
    if (block.type === 'lines') {
      for (const line of block.lines) {
        const [first, ...rest] = line.cells;
        const emphasis: Emphasis =
          line.style === 'field' ? 'label' : line.style === 'note' ? 'plain' : line.style;
        const values = rest.map((cell): Drawn => ({ cell, kind: 'text', emphasis: 'value' }));
        writer.write([{ cell: first, kind: 'text', emphasis }, ...values]);
      }
      return;
    }
    const { columns, rows, totals, empty } = block.table;
    const header = writer.write(columns.map((c) => ({ cell: c.header, kind: 'text', emphasis: 'header' })));
    for (const row of rows) writer.write(row.map((cell, i) => plain(cell, columns[i]?.kind ?? 'text')));
    const last = writer.current;
    if (rows.length === 0 && empty) writer.write([plain(empty, 'text')]);
    if (totals) {
      writer.write(totals.map((cell, i) => ({ cell, kind: columns[i]?.kind ?? 'text', emphasis: 'total' })));
    }
    filter ??= { from: { row: header, column: 1 }, to: { row: last, column: columns.length } };
  });
  if (filter) sheet.autoFilter = filter;
  sheet.commit();
}

interface Drawn {
  cell: CellSpec | undefined;
  kind: CellKind;
  emphasis: Emphasis;
}

const plain = (cell: CellSpec, kind: CellKind): Drawn => ({ cell, kind, emphasis: 'plain' });

class RowWriter {
  /** The last row written (1-based); 0 before the first. */
  current = 0;

  constructor(
    private readonly sheet: Worksheet,
    private readonly context: SheetContext,
    private readonly widths: readonly number[],
  ) {}

  skip(): void {
    this.current++;
  }

  /** Writes the next row and commits it; returns its number. */
  write(cells: readonly Drawn[]): number {
    this.current++;
    const row: Row = this.sheet.getRow(this.current);
    let lines = 1;
    cells.forEach(({ cell, kind: columnKind, emphasis }, i) => {
      if (cell === undefined) return;
      const kind = isTyped(cell) ? cell.kind : columnKind;
      const { value, numFmt } = cellContent(
        kind,
        isTyped(cell) ? cell.value : cell,
        this.context.cdpMwhDecimals,
      );
      const wrap = kind === 'wrap';
      const style = this.context.styles.get(emphasis, wrap, numFmt);
      // An empty cell is left out, except in a header, whose fill marks the whole row.
      if (value === null && emphasis !== 'header') return;
      const target = row.getCell(i + 1);
      target.value = value;
      target.style = style;
      if ((wrap || emphasis === 'header') && typeof value === 'string') {
        lines = Math.max(lines, wrappedLines(value, this.widths[i] ?? 8));
      }
    });
    // Spreadsheet applications do not grow a row for wrapped text on opening a file (LibreOffice keeps the
    // default height), so a wrapped header or reason list is given the height of its estimated lines.
    if (lines > 1) row.height = Math.ceil(lines * LINE_HEIGHT);
    row.commit();
    return this.current;
  }
}

/** Points per line of 11 pt text. */
const LINE_HEIGHT = 15;

/** The lines a text takes in a column `width` characters wide, wrapped at spaces (an estimate, not low). */
export function wrappedLines(text: string, width: number): number {
  // Column widths count '0' digits; text averages about 0.9 of one.
  const room = Math.max(1, (width - 1) / 0.9);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(' ')) {
      const w = displayWidth(word);
      if (line > 0 && line + 1 + w > room) {
        lines++;
        line = w;
      } else {
        line += (line > 0 ? 1 : 0) + w;
      }
      // A word longer than the column breaks within itself.
      while (line > room) {
        lines++;
        line -= room;
      }
    }
  }
  return lines;
}

/** The header row of the first table, or null when the sheet has no table. */
function mainHeaderRow(spec: SheetSpec): number | null {
  let row = 0;
  for (const [index, block] of spec.blocks.entries()) {
    if (index > 0) row++;
    if (block.type === 'table') return row + 1;
    row += block.lines.length;
  }
  return null;
}

/**
 * Widths from what is short to read: headers (by kind bounds), field lines, and the text of small tables.
 * A large table (the claims register, the meters) is never scanned: its headers and kinds decide.
 */
function columnWidths(spec: SheetSpec): number[] {
  const widths: number[] = [];
  const fit = (index: number, width: number) => {
    widths[index] = Math.min(MAX_WIDTH, Math.max(widths[index] ?? 8, Math.ceil(width)));
  };
  for (const block of spec.blocks) {
    if (block.type === 'lines') {
      for (const line of block.lines) {
        if (line.style !== 'field') continue;
        line.cells.forEach((cell, i) => fit(i, textWidth(cell) + 2));
      }
      continue;
    }
    block.table.columns.forEach((column, i) => fit(i, headerWidth(column)));
    measureRows(block.table).forEach((width, i) => fit(i, width));
  }
  return widths;
}

function headerWidth(column: Column): number {
  if (column.width !== undefined) return column.width;
  const [min, max] = WIDTH[column.kind];
  const longestWord = Math.max(0, ...column.header.split(/\s+/).map(displayWidth));
  return Math.max(longestWord + 2, Math.min(max, Math.max(min, displayWidth(column.header) + 2)));
}

/** Text widths of a small table's text columns, each within its kind's bounds. */
function measureRows(spec: TableSpec): number[] {
  if (spec.rows.length > MEASURED_ROWS) return [];
  const widths: number[] = [];
  for (const row of spec.rows) {
    row.forEach((cell, i) => {
      const column = spec.columns[i];
      if (!column || column.width !== undefined) return;
      const kind = isTyped(cell) ? cell.kind : column.kind;
      // A typed figure in a text column (a label/value table) needs room for its grouping separators.
      const width =
        kind === 'text' || kind === 'wrap' ? textWidth(cell) + 2 : isTyped(cell) ? textWidth(cell) + 4 : 0;
      const max = column.kind === 'wrap' ? MEASURED_MAX.wrap : MEASURED_MAX.text;
      widths[i] = Math.max(widths[i] ?? 0, Math.min(max, width));
    });
  }
  return widths;
}

function textWidth(cell: CellSpec | undefined): number {
  const value = cell !== undefined && isTyped(cell) ? cell.value : cell;
  if (value === null || value === undefined) return 0;
  return Math.max(...String(value).split('\n').map(displayWidth));
}
