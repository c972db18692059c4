import { BASELINE, type Align, type Canvas, type Orientation, type Rgb, type TextStyle } from './canvas';
import { COLOR, lineHeight, MARGIN, SIZE } from './style';
import type { Typesetter } from './text-runs';

/** A label and its value in a list of key figures; `note` is drawn after the value in its own colour. */
export interface KeyValue {
  label: string;
  value: string;
  note?: { text: string; color: Rgb };
  style?: Partial<TextStyle>;
}

interface PendingHeading {
  title: string;
  lines: string[];
  size: number;
  gap: number;
  height: number;
}

/**
 * The layout cursor: where the next block goes, and a new page when it does not fit. Blocks measure
 * themselves first (`ensure`) so nothing is cut at the bottom margin.
 */
export class Flow {
  y: number = MARGIN.top;
  private orientation: Orientation = 'portrait';
  private outline?: PDFKit.PDFOutline;
  /** Headings waiting for the block they head. */
  private pendingHeadings: PendingHeading[] = [];

  constructor(readonly canvas: Canvas) {}

  get type(): Typesetter {
    return this.canvas.type;
  }
  get left(): number {
    return MARGIN.side;
  }
  get right(): number {
    return this.canvas.pageWidth - MARGIN.side;
  }
  get width(): number {
    return this.right - this.left;
  }
  get bottom(): number {
    return this.canvas.pageHeight - MARGIN.bottom;
  }

  newPage(orientation: Orientation = this.orientation): void {
    this.orientation = orientation;
    this.canvas.addPage(orientation);
    this.y = MARGIN.top;
  }

  /**
   * Makes room for a block of `height` below the cursor, starting a page when it does not fit, and draws
   * the headings waiting for it there: every block calls this before drawing, so a heading always stays
   * with the start of what it heads.
   */
  ensure(height: number): void {
    const headings = this.pendingHeadings;
    this.pendingHeadings = [];
    const headingsHeight = headings.reduce((sum, h) => sum + h.height, 0);
    if (this.y + height + headingsHeight > this.bottom) this.newPage();
    for (const heading of headings) this.drawHeading(heading);
  }

  gap(height: number): void {
    this.y += height;
  }

  /** A top-level entry of the PDF's outline, at the current page. */
  bookmark(title: string): void {
    this.outline = this.canvas.doc.outline.addItem(title);
  }

  /** A numbered part of the report: a new page, its heading and a bookmark. */
  section(title: string, orientation: Orientation): void {
    this.newPage(orientation);
    this.bookmark(title);
    this.canvas.text(title, this.left, this.y, { size: SIZE.section, weight: 'bold', color: COLOR.accent });
    this.y += lineHeight(SIZE.section);
    this.canvas.line([this.left, this.y], [this.right, this.y], COLOR.accent, 1);
    this.y += 12;
  }

  /** A heading inside a section: drawn with the first block after it (see `ensure`). */
  heading(title: string, size: number = SIZE.heading): void {
    const lines = this.type.wrap(title, this.width, size, 'bold', 4);
    const gap = this.y > MARGIN.top ? 8 : 0;
    this.pendingHeadings.push({ title, lines, size, gap, height: gap + lines.length * lineHeight(size) + 3 });
  }

  private drawHeading({ title, lines, size, gap }: PendingHeading): void {
    if (this.y > MARGIN.top) this.y += gap;
    if (size >= SIZE.heading) this.outline?.addItem(title);
    for (const line of lines) {
      this.canvas.text(line, this.left, this.y, { size, weight: 'bold', color: COLOR.text });
      this.y += lineHeight(size);
    }
    this.y += 3;
  }

  /** Wrapped text across the width (or from `indent`), continued on the next page when long. */
  paragraph(text: string, style: TextStyle = { size: SIZE.body }, indent = 0, align: Align = 'left'): void {
    const width = this.width - indent;
    const weight = style.weight ?? 'regular';
    const height = lineHeight(style.size);
    for (const line of this.type.wrap(text, width, style.size, weight)) {
      this.ensure(height);
      const x = align === 'center' ? this.left + indent + width / 2 : this.left + indent;
      this.canvas.text(line, x, this.y, { color: COLOR.text, ...style }, align);
      this.y += height;
    }
    this.y += style.size * 0.4;
  }

  /** A sentence set off in a tinted box (a report status, a data warning). */
  notice(text: string, color: Rgb = COLOR.noteFill, size: number = SIZE.body): void {
    const pad = 6;
    const lines = this.type.wrap(text, this.width - 2 * pad, size);
    const height = lines.length * lineHeight(size) + 2 * pad;
    this.ensure(height);
    this.canvas.fillRect(this.left, this.y, this.width, height, color);
    let y = this.y + pad;
    for (const line of lines) {
      this.canvas.text(line, this.left + pad, y, { size, color: COLOR.text });
      y += lineHeight(size);
    }
    this.y += height + 6;
  }

  /** Items each with a bullet, wrapped under their first character. */
  bullets(items: readonly string[], size: number = SIZE.body): void {
    const indent = 12;
    for (const item of items) {
      const lines = this.type.wrap(item, this.width - indent, size);
      this.ensure(lineHeight(size) * Math.min(lines.length, 2));
      this.canvas.text('•', this.left + 3, this.y, { size, color: COLOR.muted });
      for (const line of lines) {
        this.ensure(lineHeight(size));
        this.canvas.text(line, this.left + indent, this.y, { size, color: COLOR.text });
        this.y += lineHeight(size);
      }
      this.y += 1.5;
    }
    this.y += 3;
  }

  /** Labels in a column on the left, their values wrapped beside them. */
  keyValues(rows: readonly KeyValue[], labelWidth = 170, size: number = SIZE.body): void {
    const valueX = this.left + labelWidth;
    const valueWidth = this.right - valueX;
    // A short list stays on one page.
    const rough = rows.length * lineHeight(size) * 1.2;
    if (rough < 200) this.ensure(rough);
    for (const row of rows) {
      const style: TextStyle = { size, color: COLOR.text, ...row.style };
      const labels = this.type.wrap(row.label, labelWidth - 10, size);
      const noteWidth = row.note ? this.type.width(` ${row.note.text}`, size, 'bold') : 0;
      const values = this.type.wrap(row.value, valueWidth - noteWidth, style.size, style.weight);
      const height = Math.max(labels.length * lineHeight(size), values.length * lineHeight(style.size));
      this.ensure(height);
      // On the value's baseline when the value is set larger.
      const labelTop = this.y + Math.max(0, style.size - size) * BASELINE;
      labels.forEach((line, i) =>
        this.canvas.text(line, this.left, labelTop + i * lineHeight(size), { size, color: COLOR.muted }),
      );
      values.forEach((line, i) => this.canvas.text(line, valueX, this.y + i * lineHeight(style.size), style));
      if (row.note) {
        const last = values[values.length - 1];
        const x = valueX + this.type.width(`${last} `, style.size, style.weight);
        const y = this.y + (values.length - 1) * lineHeight(style.size);
        this.canvas.text(row.note.text, x, y, { size, weight: 'bold', color: row.note.color });
      }
      this.y += height + 2.5;
    }
    this.y += 4;
  }
}
