import type { Rgb, TextStyle } from './canvas';
import type { Weight } from './fonts';
import type { Flow } from './flow';
import { COLOR, lineHeight, SIZE } from './style';
import type { Typesetter } from './text-runs';

export interface Column {
  header: string;
  /** A smaller second header line, naming a cell's `sub` line. */
  headerSub?: string;
  align?: 'left' | 'right';
  /**
   * Not wrapped (numbers, dates, codes): each line of the text, and its `sub`, stays one line, and the
   * column gets the width of its widest first; cut with an ellipsis only as a last resort.
   */
  nowrap?: boolean;
}

export interface Cell {
  text: string;
  /** A second, smaller line (an instrument under its registry, a technology under a facility). */
  sub?: string;
  color?: Rgb;
  bold?: boolean;
}
export type CellValue = string | Cell;

export interface Row {
  cells: CellValue[];
  /** `total`: ruled and bold; `group`: a tinted heading row kept with the row after it. */
  kind?: 'total' | 'group';
  /** Small lines across the whole row under its cells (a claim's full id, its reasons). */
  details?: { text: string; color?: Rgb }[];
}

export interface TableOptions {
  size?: number;
  /** Lines a wrapped cell may take before it is cut with an ellipsis. */
  maxLines?: number;
  /** The table takes only the width its content needs (a short list of parameters). */
  compact?: boolean;
}

const PAD_X = 3;
/** Header lines a column's width is planned for; a header takes more rather than being cut. */
const HEADER_LINES = 6;
const MAX_HEADER_LINES = 7;
/** A header up to this wide is planned on one line. */
const ONE_LINE_HEADER = 64;
/** A wrapping column is not made narrower than this unless its content is. */
const MIN_TEXT = 40;
/** A word longer than this breaks inside rather than widening its column further. */
const MAX_WORD = 110;
const PAD_Y = 2.5;
/** Where a line may break: spaces, and after a slash ('electricity/heat/steam'). */
const WORDS = /\s+|(?<=\/)/;
const DETAIL_INDENT = 10;

/** A row measured for its column widths: the lines of each cell and of its details, and its height. */
interface LaidRow {
  row: Row;
  cells: { lines: string[]; subs: string[]; cell: Cell }[];
  details: { lines: string[]; color: Rgb }[];
  /** Height of the cells, above the details. */
  cellHeight: number;
  height: number;
}

/**
 * A table across the flow's width: column widths from the content, text wrapped in its cell, numbers
 * right-aligned on one line. A table longer than the page continues on the next with its header repeated.
 */
export function drawTable(flow: Flow, columns: Column[], rows: Row[], options: TableOptions = {}): void {
  new Table(flow, columns, rows, options).draw(rows);
}

class Table {
  private readonly size: number;
  private readonly maxLines: number;
  private readonly widths: number[];
  /** Each column's left edge from the table's. */
  private readonly offsets: number[];
  private readonly width: number;
  private readonly headerSize: number;
  private readonly header: { lines: string[]; subs: string[] }[];
  private readonly headerHeight: number;

  constructor(
    private readonly flow: Flow,
    private readonly columns: Column[],
    rows: Row[],
    options: TableOptions,
  ) {
    const t = flow.type;
    this.size = options.size ?? SIZE.table;
    this.maxLines = options.maxLines ?? 6;
    this.widths = columnWidths(t, columns, rows, this.size, flow.width, options.compact ?? false);
    this.width = sum(this.widths);
    this.offsets = this.widths.map((_, i) => sum(this.widths.slice(0, i)));
    this.headerSize = this.size - 0.5;
    this.header = columns.map((c, i) => ({
      lines: t.wrap(c.header, this.widths[i] - 2 * PAD_X, this.headerSize, 'bold', 12),
      subs: c.headerSub ? t.wrap(c.headerSub, this.widths[i] - 2 * PAD_X, SIZE.tiny, 'regular', 3) : [],
    }));
    this.headerHeight =
      Math.max(...this.header.map((h) => stackHeight(h.lines, this.headerSize, h.subs))) + 2 * PAD_Y;
  }

  draw(rows: Row[]): void {
    const flow = this.flow;
    // Rows are laid out one ahead of drawing, not all at once: a register of thousands stays small.
    const lay = (index: number) => (index < rows.length ? this.layRow(rows[index]) : null);
    let next = lay(0);
    // Not a header and a lone row at the foot of a page.
    flow.ensure(this.headerHeight + (next?.height ?? 0) * Math.min(rows.length, 3));
    this.drawHeader();
    for (let index = 0; next; index++) {
      const row = next;
      next = lay(index + 1);
      const keep = row.row.kind === 'group' ? (next?.height ?? 0) : 0;
      if (flow.y + row.height + keep > flow.bottom) {
        flow.newPage();
        this.drawHeader();
      }
      this.drawRow(row, index);
    }
    flow.y += 8;
  }

  private layRow(row: Row): LaidRow {
    const t = this.flow.type;
    const cells = this.columns.map((column, i) => {
      const cell = asCell(row.cells[i]);
      const weight = weightOf(cell, row);
      const inner = this.widths[i] - 2 * PAD_X;
      const lines = column.nowrap
        ? cell.text.split('\n').map((line) => t.ellipsize(line, inner, this.size, weight))
        : t.wrap(cell.text, inner, this.size, weight, this.maxLines);
      const subs = !cell.sub
        ? []
        : column.nowrap
          ? [t.ellipsize(cell.sub, inner, SIZE.tiny)]
          : t.wrap(cell.sub, inner, SIZE.tiny, 'regular', 2);
      return { lines, subs, cell };
    });
    const details = (row.details ?? []).map((d) => ({
      lines: t.wrap(d.text, this.width - DETAIL_INDENT - 2 * PAD_X, SIZE.tiny, 'regular', 4),
      color: d.color ?? COLOR.muted,
    }));
    const cellHeight = Math.max(...cells.map((c) => stackHeight(c.lines, this.size, c.subs)));
    const detailHeight = details.reduce((h, d) => h + d.lines.length * lineHeight(SIZE.tiny), 0);
    return { row, cells, details, cellHeight, height: cellHeight + detailHeight + 2 * PAD_Y };
  }

  private drawHeader(): void {
    const { flow } = this;
    const c = flow.canvas;
    c.fillRect(flow.left, flow.y, this.width, this.headerHeight, COLOR.headerFill);
    this.header.forEach((h, i) =>
      this.drawStack(i, h.lines, { size: this.headerSize, weight: 'bold', color: COLOR.text }, h.subs),
    );
    flow.y += this.headerHeight;
    c.line([flow.left, flow.y], [flow.left + this.width, flow.y], COLOR.muted, 0.6);
  }

  private drawRow(laid: LaidRow, index: number): void {
    const { flow, width } = this;
    const c = flow.canvas;
    const { row } = laid;
    if (row.kind === 'group') c.fillRect(flow.left, flow.y, width, laid.height, COLOR.accentSoft);
    else if (index % 2 === 1) c.fillRect(flow.left, flow.y, width, laid.height, COLOR.stripe);
    if (row.kind === 'total') c.line([flow.left, flow.y], [flow.left + width, flow.y], COLOR.text, 0.8);
    laid.cells.forEach(({ lines, subs, cell }, i) =>
      this.drawStack(
        i,
        lines,
        { size: this.size, weight: weightOf(cell, row), color: cell.color ?? COLOR.text },
        subs,
      ),
    );
    let top = flow.y + PAD_Y + laid.cellHeight;
    for (const detail of laid.details) {
      for (const line of detail.lines) {
        c.text(line, flow.left + PAD_X + DETAIL_INDENT, top, { size: SIZE.tiny, color: detail.color });
        top += lineHeight(SIZE.tiny);
      }
    }
    flow.y += laid.height;
    c.line([flow.left, flow.y], [flow.left + width, flow.y], COLOR.grid, 0.4);
  }

  /** A cell's lines and smaller sub lines, top-aligned in column `i` of the current row. */
  private drawStack(i: number, lines: string[], style: TextStyle, subs: string[]): void {
    const { flow } = this;
    const align = this.columns[i].align === 'right' ? 'right' : 'left';
    const left = flow.left + this.offsets[i];
    const anchor = align === 'right' ? left + this.widths[i] - PAD_X : left + PAD_X;
    let top = flow.y + PAD_Y;
    for (const line of lines) {
      flow.canvas.text(line, anchor, top, style, align);
      top += lineHeight(style.size);
    }
    for (const line of subs) {
      flow.canvas.text(line, anchor, top, { size: SIZE.tiny, color: COLOR.muted }, align);
      top += lineHeight(SIZE.tiny);
    }
  }
}

function asCell(value: CellValue | undefined): Cell {
  return typeof value === 'string' ? { text: value } : (value ?? { text: '' });
}

/** Total and group rows are bold throughout. */
function weightOf(cell: Cell, row: Row): Weight {
  return cell.bold || row.kind ? 'bold' : 'regular';
}

function stackHeight(lines: string[], size: number, subs: string[]): number {
  return lines.length * lineHeight(size) + subs.length * lineHeight(SIZE.tiny);
}

/**
 * Widths that fit `available`. A column wants its widest cell (and room for its header in a few lines);
 * it needs at least its longest word (a one-line column: its widest cell). When the wants do not fit,
 * every column gets its need plus the same share of what it wants beyond; spare width is spread over all
 * columns unless the table is compact.
 */
function columnWidths(
  t: Typesetter,
  columns: Column[],
  rows: Row[],
  size: number,
  available: number,
  compact: boolean,
): number[] {
  const want = columns.map((column, i) => {
    const header = t.width(column.header, size, 'bold');
    let widest = longestWord(t, column.header, size, 'bold');
    let longest = widest;
    for (const row of rows) {
      const cell = asCell(row.cells[i]);
      const weight = weightOf(cell, row);
      const width = widestLine(t, cell.text, size, weight);
      if (width > widest) widest = width;
      if (!column.nowrap && width > longest)
        longest = Math.max(longest, longestWord(t, cell.text, size, weight));
      if (cell.sub) widest = Math.max(widest, t.width(cell.sub, SIZE.tiny));
    }
    const headerWant =
      header <= ONE_LINE_HEADER ? header : Math.max(ONE_LINE_HEADER, header / (HEADER_LINES - 1));
    const full = Math.max(widest, headerWant) + 2 * PAD_X;
    const content = column.nowrap ? widest : Math.min(Math.max(longest, MIN_TEXT), widest, MAX_WORD);
    // Never so narrow that the header stacks up more than MAX_HEADER_LINES.
    const need = Math.max(content, Math.min(header / MAX_HEADER_LINES, MAX_WORD)) + 2 * PAD_X;
    return { full, need: Math.min(need, full) };
  });
  const total = sum(want.map((w) => w.full));
  if (total <= available) return want.map((w) => (compact ? w.full : (w.full * available) / total));
  const needed = sum(want.map((w) => w.need));
  if (needed > available) return want.map((w) => (w.need * available) / needed);
  const share = (available - needed) / (total - needed);
  return want.map((w) => w.need + (w.full - w.need) * share);
}

function widestLine(t: Typesetter, text: string, size: number, weight: Weight): number {
  if (!text.includes('\n')) return t.width(text, size, weight);
  return Math.max(...text.split('\n').map((line) => t.width(line, size, weight)));
}

function longestWord(t: Typesetter, text: string, size: number, weight: Weight): number {
  let longest = 0;
  for (const word of text.split(WORDS)) longest = Math.max(longest, t.width(word, size, weight));
  return longest;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
