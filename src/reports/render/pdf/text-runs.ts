import { fontChain, type FontFace, type Weight } from './fonts';

/** A piece of a string drawn with one font. */
export interface TextRun {
  face: FontFace;
  text: string;
}

/** A string split into characters, each with the font that draws it and its advance in em. */
interface Shaped {
  chars: string[];
  faces: FontFace[];
  widths: number[];
}

/** Characters of no script of their own (spaces, digits, punctuation) stay in the font of the run around. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** Scripts written without spaces: a line may break between any two of their characters. */
const BREAKABLE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
/** Closing punctuation never starts a line. */
const NO_LINE_START = /[)\]}）」』】、。，．・ー！？：；]/u;
const ELLIPSIS = '…';
/** Rounding slack (em): text measured to fill a width exactly still fits it. */
const EPSILON = 1e-6;

/** A weight's font chain with the font each code point was given. */
class Chain {
  private readonly choices = new Map<number, number>();
  constructor(readonly faces: FontFace[]) {}

  /**
   * The font that draws a code point after one drawn with `current`: the first of the chain that has its
   * glyph, or `current` for a neutral character it has (so '（', '·' or a space do not split a run).
   */
  face(codePoint: number, current: FontFace | undefined): FontFace {
    let choice = this.choices.get(codePoint);
    if (choice === undefined) {
      const index = Math.max(
        0,
        this.faces.findIndex((face) => face.has(codePoint)),
      );
      choice = NEUTRAL.test(String.fromCodePoint(codePoint)) ? -1 - index : index;
      this.choices.set(codePoint, choice);
    }
    if (choice >= 0) return this.faces[choice];
    return current?.has(codePoint) ? current : this.faces[-1 - choice];
  }
}

/** The code point at `i` of a string (a surrogate pair takes two units). */
export function codePointAt(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  return unit >= 0xd800 && unit < 0xdc00 ? (text.codePointAt(i) ?? unit) : unit;
}

/**
 * Text measuring, wrapping and font runs, from per-character caches instead of pdfkit's layout (which
 * shapes every string with fontkit). pdfkit has no font fallback: each string is split into runs by glyph
 * coverage, the first font of the chain that has a character's glyph drawing it. Hot: a large report
 * measures and draws a few hundred thousand strings, so the common paths allocate little.
 */
export class Typesetter {
  private readonly chains = new Map<Weight, Chain>();

  private chain(weight: Weight): Chain {
    let chain = this.chains.get(weight);
    if (!chain) this.chains.set(weight, (chain = new Chain(fontChain(weight))));
    return chain;
  }

  private shape(text: string, weight: Weight): Shaped {
    const chain = this.chain(weight);
    const shaped: Shaped = { chars: [], faces: [], widths: [] };
    let current: FontFace | undefined;
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      current = chain.face(codePoint, current);
      shaped.chars.push(char);
      shaped.faces.push(current);
      shaped.widths.push(current.advance(codePoint));
    }
    return shaped;
  }

  /** Width in points. */
  width(text: string, size: number, weight: Weight = 'regular'): number {
    const chain = this.chain(weight);
    let current: FontFace | undefined;
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const codePoint = codePointAt(text, i);
      if (codePoint > 0xffff) i++;
      current = chain.face(codePoint, current);
      width += current.advance(codePoint);
    }
    return width * size;
  }

  /** The string in runs of one font each, and its width in em. */
  runs(text: string, weight: Weight): { runs: TextRun[]; width: number } {
    const chain = this.chain(weight);
    const runs: TextRun[] = [];
    let current: FontFace | undefined;
    let start = 0;
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const codePoint = codePointAt(text, i);
      const face = chain.face(codePoint, current);
      if (face !== current && current) {
        runs.push({ face: current, text: text.slice(start, i) });
        start = i;
      }
      width += face.advance(codePoint);
      current = face;
      if (codePoint > 0xffff) i++;
    }
    if (current) runs.push({ face: current, text: text.slice(start) });
    return { runs, width };
  }

  /** The string cut to fit `maxWidth` with an ellipsis; unchanged when it fits. */
  ellipsize(text: string, maxWidth: number, size: number, weight: Weight = 'regular'): string {
    if (this.width(text, size, weight) <= maxWidth + EPSILON * size) return text;
    const { chars, widths } = this.shape(text, weight);
    const room = maxWidth / size - this.width(ELLIPSIS, 1, weight);
    let used = 0;
    let count = 0;
    while (count < chars.length && used + widths[count] <= room) used += widths[count++];
    return chars.slice(0, count).join('').trimEnd() + ELLIPSIS;
  }

  /**
   * Lines of at most `maxWidth`: breaks after spaces and slashes and between CJK characters, and inside a word only
   * when the word alone is wider than a line. The last allowed line is ellipsized when text remains.
   */
  wrap(
    text: string,
    maxWidth: number,
    size: number,
    weight: Weight = 'regular',
    maxLines = Infinity,
  ): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      lines.push(...this.wrapParagraph(paragraph, maxWidth / size + EPSILON, weight));
    }
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = this.ellipsize(`${kept[maxLines - 1]} ${ELLIPSIS}`, maxWidth, size, weight);
    return kept;
  }

  private wrapParagraph(text: string, limit: number, weight: Weight): string[] {
    const { chars, widths } = this.shape(text.replace(/\t/g, ' '), weight);
    const lines: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let used = 0;
      let end = start;
      let lastBreak = -1;
      while (end < chars.length && (used + widths[end] <= limit || end === start)) {
        used += widths[end];
        end++;
        if (end < chars.length && isBreak(chars, end)) lastBreak = end;
      }
      if (end < chars.length && lastBreak > start) end = lastBreak;
      lines.push(chars.slice(start, end).join('').trimEnd());
      start = end;
      while (start < chars.length && chars[start] === ' ') start++;
    }
    return lines.length ? lines : [''];
  }
}

/** A line may start at `i`: after a space, or next to a CJK character. */
function isBreak(chars: string[], i: number): boolean {
  if ((chars[i - 1] === ' ' || chars[i - 1] === '/') && chars[i] !== ' ') return true;
  if (NO_LINE_START.test(chars[i])) return false;
  return BREAKABLE.test(chars[i]) || BREAKABLE.test(chars[i - 1]);
}
