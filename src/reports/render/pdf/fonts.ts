import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Weight = 'regular' | 'bold';

/** The part of fontkit's API used here (pdfkit's dependency, shipped without types). */
export interface FontkitGlyph {
  id: number;
  advanceWidth: number;
}
export interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}
interface Fontkit {
  create(buffer: Buffer): FontkitFont;
}

/**
 * Static TTFs of npm packages (OFL), never downloaded, in fallback order: Korean covers Hangul, Latin, kana
 * and most Han; Japanese adds the kanji Korean lacks (働, 込); simplified Chinese the hanzi both lack (发).
 */
const FAMILIES = [
  { name: 'KR', pkg: '@expo-google-fonts/noto-sans-kr', file: 'NotoSansKR' },
  { name: 'JP', pkg: '@expo-google-fonts/noto-sans-jp', file: 'NotoSansJP' },
  { name: 'SC', pkg: '@expo-google-fonts/noto-sans-sc', file: 'NotoSansSC' },
] as const;

const WEIGHT_DIRS: Record<Weight, string> = { regular: '400Regular', bold: '700Bold' };

/** Resolved from the package, so it works from the sources, `dist/` and a Docker image alike. */
function fontFile(pkg: string, file: string, weight: Weight): string {
  const dir = WEIGHT_DIRS[weight];
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), dir, `${file}_${dir}.ttf`);
}

let fontkit: Fontkit | undefined;
/** fontkit as pdfkit loads it: the same instance and version whatever npm hoists. */
function loadFontkit(): Fontkit {
  fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
  return fontkit;
}

/**
 * One font file, read once per process and only when a character needs it (a report without hanzi
 * never opens the Chinese font). Caches per code point whether it has a glyph, its glyph and its advance:
 * text is measured and encoded from these, never with fontkit's OpenType shaping (≈0.4 ms a new word with
 * these CJK fonts: 80 s for 200,000 table cells). Without kerning or ligatures the drawn widths are exactly
 * the measured ones; the scripts of these fonts need no complex shaping.
 */
export class FontFace {
  private loaded?: FontkitFont;
  private unitsPerEm = 1000;
  private readonly glyphs = new Map<number, FontkitGlyph | null>();
  private readonly advances = new Map<number, number>();

  constructor(
    /** The name pdfkit registers the font under (`KR-bold`). */
    readonly name: string,
    private readonly file: string,
  ) {}

  get font(): FontkitFont {
    if (!this.loaded) {
      this.loaded = loadFontkit().create(readFileSync(this.file));
      // fontkit reads it from the head table on every access.
      this.unitsPerEm = this.loaded.unitsPerEm;
    }
    return this.loaded;
  }

  private lookup(codePoint: number): FontkitGlyph | null {
    let glyph = this.glyphs.get(codePoint);
    if (glyph === undefined) {
      glyph = this.font.hasGlyphForCodePoint(codePoint) ? this.font.glyphForCodePoint(codePoint) : null;
      this.glyphs.set(codePoint, glyph);
    }
    return glyph;
  }

  has(codePoint: number): boolean {
    return this.lookup(codePoint) !== null;
  }

  /** The glyph of a code point; .notdef (a box) when the font has none. */
  glyph(codePoint: number): FontkitGlyph {
    return this.lookup(codePoint) ?? this.font.glyphForCodePoint(codePoint);
  }

  /** Advance width in em. */
  advance(codePoint: number): number {
    let advance = this.advances.get(codePoint);
    if (advance === undefined) {
      advance = this.glyph(codePoint).advanceWidth / this.unitsPerEm;
      this.advances.set(codePoint, advance);
    }
    return advance;
  }
}

const chains = new Map<Weight, FontFace[]>();

/** The faces of a weight in fallback order; process-wide, so fonts and caches are shared by all renders. */
export function fontChain(weight: Weight): FontFace[] {
  let chain = chains.get(weight);
  if (!chain) {
    chain = FAMILIES.map((f) => new FontFace(`${f.name}-${weight}`, fontFile(f.pkg, f.file, weight)));
    chains.set(weight, chain);
  }
  return chain;
}
