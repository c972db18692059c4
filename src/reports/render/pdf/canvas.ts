import type { FontFace, Weight } from './fonts';
import { codePointAt, type Typesetter } from './text-runs';

export type Rgb = readonly [number, number, number];
export type Align = 'left' | 'right' | 'center';
export type Orientation = 'portrait' | 'landscape';
export type Point = readonly [number, number];

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: Rgb;
}

/** pdfkit's embedded font, as far as encoding text for it needs (`EmbeddedFont` of pdfkit 0.20). */
interface PdfkitFont {
  id: string;
  /** PDF glyph space (1000) over the font's units per em. */
  scale: number;
  subset: { includeGlyph(glyphId: number): number };
  /** By subset glyph id: the advance written to the PDF, and the code points for ToUnicode. */
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}
/** The pdfkit internals the canvas needs: the current font object and a page's font resources. */
interface PdfkitInternals {
  _font: PdfkitFont;
  page: { fonts: Record<string, unknown> };
}

/** Baseline below the top of a line, in em (Noto Sans CJK: ascender 0.88 of the em box it draws in). */
export const BASELINE = 0.88;

/**
 * Draws text and rules onto the pages of a pdfkit document, with coordinates from the top left as in
 * pdfkit. A page's operators are collected and written to pdfkit once, when the page is left: pdfkit's
 * `text()` writes about ten small buffers per call, keeps them all while pages are buffered and lays every
 * string out again (150,000 table cells took 2.4 s and 400 MB that way). Fonts, subsetting, pages, the
 * outline and the file stay pdfkit's.
 */
export class Canvas {
  private ops: string[] = [];
  private readonly fonts = new Map<FontFace, GlyphEncoder>();
  /** Fonts the collected operators use: the page's font resources. */
  private readonly pageFonts = new Set<PdfkitFont>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly type: Typesetter,
  ) {}

  get pageWidth(): number {
    return this.doc.page.width;
  }

  get pageHeight(): number {
    return this.doc.page.height;
  }

  addPage(orientation: Orientation): void {
    this.flush();
    this.doc.addPage({ size: 'A4', layout: orientation, margin: 0 });
  }

  /** Goes back to a buffered page (0-based), to write its footer. */
  switchToPage(index: number): void {
    this.flush();
    this.doc.switchToPage(index);
  }

  /**
   * One line of text (no wrapping: callers measure and wrap with the typesetter). `x` is the left edge, or
   * the right edge / centre with `align`.
   */
  text(value: string, x: number, top: number, style: TextStyle, align: Align = 'left'): void {
    const text = value.replace(/[\r\n\t]+/g, ' ');
    if (!text) return;
    const weight = style.weight ?? 'regular';
    const { runs, width: em } = this.type.runs(text, weight);
    const width = em * style.size;
    const left = align === 'right' ? x - width : align === 'center' ? x - width / 2 : x;
    const baseline = this.pageHeight - top - style.size * BASELINE;
    const parts = [`BT ${rgb(style.color ?? [0, 0, 0])} rg 1 0 0 1 ${n(left)} ${n(baseline)} Tm`];
    for (const run of runs) {
      const encoder = this.encoder(run.face);
      this.pageFonts.add(encoder.font);
      parts.push(`/${encoder.font.id} ${n(style.size)} Tf <${encoder.encode(run.text)}> Tj`);
    }
    parts.push('ET');
    this.ops.push(parts.join(' '));
  }

  fillRect(x: number, top: number, width: number, height: number, color: Rgb): void {
    this.ops.push(
      `${rgb(color)} rg ${n(x)} ${n(this.pageHeight - top - height)} ${n(width)} ${n(height)} re f`,
    );
  }

  line(from: Point, to: Point, color: Rgb, lineWidth = 0.5): void {
    this.polyline([from, to], color, lineWidth);
  }

  polyline(points: readonly Point[], color: Rgb, lineWidth = 0.5): void {
    if (points.length < 2) return;
    const path = points.map(([x, y], i) => `${n(x)} ${n(this.pageHeight - y)} ${i ? 'l' : 'm'}`).join(' ');
    this.ops.push(`${rgb(color)} RG ${n(lineWidth)} w ${path} S`);
  }

  fillPolygon(points: readonly Point[], color: Rgb): void {
    const path = points.map(([x, y], i) => `${n(x)} ${n(this.pageHeight - y)} ${i ? 'l' : 'm'}`).join(' ');
    this.ops.push(`${rgb(color)} rg ${path} h f`);
  }

  /** Writes the page's collected operators, in PDF's own coordinates (pdfkit flips y on every page). */
  flush(): void {
    if (this.ops.length === 0) return;
    const pages = this.doc as unknown as PdfkitInternals;
    for (const font of this.pageFonts) pages.page.fonts[font.id] = font.ref();
    // As bytes: pdfkit converts a string to bytes one character at a time.
    const ops = `q 1 0 0 -1 0 ${n(this.pageHeight)} cm\n${this.ops.join('\n')}\nQ\n`;
    this.doc.addContent(Buffer.from(ops, 'latin1'));
    this.ops = [];
    this.pageFonts.clear();
  }

  /** The encoder of a face's pdfkit font, registered on first use (pdfkit embeds it as a subset). */
  private encoder(face: FontFace): GlyphEncoder {
    let encoder = this.fonts.get(face);
    if (!encoder) {
      // pdfkit takes a fontkit font object as well as a file.
      this.doc.registerFont(face.name, face.font as unknown as Buffer);
      this.doc.font(face.name);
      encoder = new GlyphEncoder((this.doc as unknown as PdfkitInternals)._font, face);
      this.fonts.set(face, encoder);
    }
    return encoder;
  }
}

/**
 * Text as glyph ids of a pdfkit font's subset, in hex: pdfkit's `EmbeddedFont.encode` without its layout
 * (which builds glyph and position objects for every character). It records what pdfkit's would, so the
 * subset, the widths and ToUnicode (text extraction) stay pdfkit's; one glyph per code point.
 */
class GlyphEncoder {
  private readonly hex = new Map<number, string>();

  constructor(
    readonly font: PdfkitFont,
    private readonly face: FontFace,
  ) {}

  encode(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const codePoint = codePointAt(text, i);
      if (codePoint > 0xffff) i++;
      out += this.hex.get(codePoint) ?? this.include(codePoint);
    }
    return out;
  }

  private include(codePoint: number): string {
    const glyph = this.face.glyph(codePoint);
    const id = this.font.subset.includeGlyph(glyph.id);
    this.font.widths[id] ??= glyph.advanceWidth * this.font.scale;
    this.font.unicode[id] ??= [codePoint];
    const hex = id.toString(16).padStart(4, '0');
    this.hex.set(codePoint, hex);
    return hex;
  }
}

/** A number as PDF operators take it: at most 2 decimals, deterministic. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function rgb([r, g, b]: Rgb): string {
  return `${n(r)} ${n(g)} ${n(b)}`;
}
