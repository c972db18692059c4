import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_WH } from '../../common/energy';
import type { CodeWithStatus } from '../../common/error-codes';
import { isQualityCode, qualityClass } from '../reading-quality';

/**
 * Green Button (NAESB ESPI) Atom feeds → meter series in exact Wh (M-3, C-1). Pure: text in, plain result
 * out, no I/O. Bad input gives `{ ok: false }` or a problem per skipped reading, never an exception.
 *
 * Problem paths count elements from 0 in document order across the whole feed, so
 * `IntervalBlock[2].IntervalReading[17]` is the 18th reading of the feed's 3rd IntervalBlock. Problems and
 * readings also carry the 1-based line of the file where their element starts, by which the import names
 * them as every file import names its rows (`rows.<line>.<field>`).
 */

export interface EspiReading {
  /** Line of the file where its IntervalReading starts. */
  line: number;
  start: Date;
  durationSeconds: number;
  valueWh: bigint;
  /** ESPI ReadingQuality code, 0 when absent. */
  quality: number;
}

export interface EspiSeries {
  usagePointHref: string;
  usagePointTitle: string | null;
  meterReadingHref: string;
  flowDirection: 'delivered' | 'received';
  accumulation: 'interval' | 'register';
  intervalSeconds: number | null;
  /** Sorted by start, ascending. */
  readings: EspiReading[];
}

export interface EspiLocalTime {
  tzOffsetSeconds: number;
  dstOffsetSeconds: number;
}

/** Every code a feed's problems and refusals have: all answered 422. */
type EspiCode = CodeWithStatus<422>;

export interface EspiProblem {
  code: EspiCode;
  message: string;
  path?: string;
  /** Line of the file where the element at fault starts. */
  line: number;
  /** The child element at fault (`value`, `timePeriod.start`), when one is. */
  field?: string;
}

export type GreenButtonParse =
  | { ok: true; series: EspiSeries[]; localTime: EspiLocalTime | null; problems: EspiProblem[] }
  | { ok: false; code: EspiCode; message: string };

type Failure = Extract<GreenButtonParse, { ok: false }>;
type XmlObject = { [name: string]: unknown };

const UOM_WH = 72; // ESPI UnitSymbolKind
// M-3: import and export stay separate series; other directions (net, total, …) are refused, not guessed.
const FLOW = new Map<number, EspiSeries['flowDirection']>([
  [1, 'delivered'],
  [19, 'received'],
]);
const ACCUMULATION = new Map<number, EspiSeries['accumulation']>([
  [4, 'interval'], // deltaData
  [1, 'register'], // bulkQuantity (M-2 turns it into consumption later)
]);
// ESPI UnitMultiplierKind spans 10^-12..10^12; the bound also keeps 10n ** n cheap.
const MAX_POWER_OF_TEN = 12;

const fail = (code: EspiCode, message: string): Failure => ({ ok: false, code, message });

export function parseGreenButton(xml: string | Buffer): GreenButtonParse {
  const doc = readXml(typeof xml === 'string' ? xml : xml.toString('utf8'));
  if (!doc.ok) return doc;
  const feed = isObject(doc.root) && Object.keys(doc.root).length === 1 ? first(doc.root, 'feed') : undefined;
  if (feed === undefined) return fail('NOT_GREEN_BUTTON', 'the document is not an Atom feed');

  const lineOf = (node: unknown, fallback: number) => doc.lineOf(node) ?? fallback;
  const feedLine = lineOf(feed, 1);
  const entries = children(feed, 'entry').map((node) => readEntry(node, lineOf(node, feedLine)));
  const resources = (kind: string) =>
    entries.filter((e): e is LinkedEntry => e.self !== null && has(e.content, kind));
  const usagePoints = resources('UsagePoint');
  if (usagePoints.length === 0) return fail('NOT_GREEN_BUTTON', 'the feed has no UsagePoint entry');
  const meterReadings = resources('MeterReading');
  const readingTypes = new Map(
    resources('ReadingType').map((e) => [hrefKey(e.self), first(e.content, 'ReadingType')]),
  );

  const problems: EspiProblem[] = [];
  const blocksOf = new Map<LinkedEntry, Block[]>();
  const blocks = entries.flatMap((entry) =>
    children(entry.content, 'IntervalBlock').map((node) => ({ entry, node, line: lineOf(node, entry.line) })),
  );
  for (const [index, block] of blocks.entries()) {
    const path = `IntervalBlock[${index}]`;
    const owner = ownerOf(block.entry, meterReadings);
    if (!owner) {
      problems.push(
        problem('ORPHAN_INTERVAL_BLOCK', path, block.line, 'belongs to no MeterReading in the feed'),
      );
      continue;
    }
    const owned = blocksOf.get(owner) ?? [];
    owned.push({ ...block, path });
    blocksOf.set(owner, owned);
  }

  const series: EspiSeries[] = [];
  const refusals: EspiProblem[] = [];
  meterReadings.forEach((meterReading, index) => {
    const ownBlocks = blocksOf.get(meterReading);
    if (!ownBlocks || ownBlocks.every((b) => children(b.node, 'IntervalReading').length === 0)) return;
    const path = `MeterReading[${index}]`;
    const usagePoint = ownerOf(meterReading, usagePoints);
    if (!usagePoint) {
      problems.push(
        problem(
          'ORPHAN_METER_READING',
          path,
          meterReading.line,
          `${meterReading.self} belongs to no UsagePoint`,
        ),
      );
      return;
    }
    const type = readReadingType(meterReading, readingTypes);
    if (!type.ok) {
      refusals.push(
        problem(type.code, path, meterReading.line, `${meterReading.self}: ${type.message}; series refused`),
      );
      return;
    }
    series.push({
      usagePointHref: usagePoint.self,
      usagePointTitle: usagePoint.title,
      meterReadingHref: meterReading.self,
      flowDirection: type.flowDirection,
      accumulation: type.accumulation,
      intervalSeconds: type.intervalSeconds,
      readings: readSeriesReadings(ownBlocks, type, problems, lineOf),
    });
  });

  if (series.length === 0) {
    if (refusals.length > 0) return fail(refusals[0].code, summary(refusals));
    const why = problems.length > 0 ? `: ${summary(problems)}` : '';
    return fail('NOT_GREEN_BUTTON', `the feed has no interval readings under a UsagePoint${why}`);
  }
  const localTime = readLocalTime(entries.find((e) => has(e.content, 'LocalTimeParameters')));
  return { ok: true, series, localTime, problems: [...refusals, ...problems] };
}

// ---------- XML ----------

/** A parsed document, and the line where an element of it starts (null for an element of text alone). */
type Xml = { ok: true; root: unknown; lineOf: (node: unknown) => number | null };

function readXml(source: string): Xml | Failure {
  const text = source.replace(/^\uFEFF/, '');
  // A DTD is the door to entity expansion (billion laughs) and external entities (XXE); ESPI never needs one.
  if (/<!DOCTYPE/i.test(text)) return fail('XML_DOCTYPE_FORBIDDEN', 'DOCTYPE declarations are not accepted');
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      const { msg, line, col } = valid.err;
      return fail('XML_MALFORMED', `${msg} (line ${line}${col ? `, column ${col}` : ''})`);
    }
    const parser = new XMLParser({
      ignoreAttributes: false,
      removeNSPrefix: true, // espi:/atom: prefixed feeds read like unprefixed ones
      parseTagValue: false, // numbers stay text and are converted exactly below
      parseAttributeValue: false,
      processEntities: false,
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      captureMetaData: true, // where each element starts, for the line a problem names
    });
    return { ok: true, root: parser.parse(text) as unknown, lineOf: lineFinder(text) };
  } catch (error) {
    // The parser refuses some input the validator lets through (reserved names, very deep nesting).
    return fail('XML_MALFORMED', error instanceof Error ? error.message : 'unreadable XML');
  }
}

const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** The 1-based line of the text where a parsed element starts, from the offset the parser kept. */
function lineFinder(text: string): (node: unknown) => number | null {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (node) => {
    const offset = isObject(node)
      ? (node[META] as { startIndex?: number } | undefined)?.startIndex
      : undefined;
    if (offset === undefined) return null;
    let [low, high] = [0, breaks.length]; // the number of line breaks before the offset
    while (low < high) {
      const middle = (low + high) >> 1;
      if (breaks[middle] < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

const isObject = (value: unknown): value is XmlObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Child elements called `name`, one or many; own properties only, so `constructor` is never inherited. */
const children = (node: unknown, name: string): unknown[] => {
  if (!isObject(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
};
const first = (node: unknown, name: string): unknown => children(node, name)[0];
const has = (node: unknown, name: string): boolean => children(node, name).length > 0;

/** Element text; null when the element is absent. Elements holding only attributes or children read as ''. */
function text(node: unknown): string | null {
  if (node === undefined) return null;
  if (typeof node === 'string') return decode(node);
  const value = isObject(node) ? node['#text'] : undefined;
  return typeof value === 'string' ? decode(value).trim() : '';
}

const attribute = (node: unknown, name: string): string | null => {
  const value = isObject(node) ? node[`@_${name}`] : undefined;
  return typeof value === 'string' ? decode(value).trim() : null;
};

const PREDEFINED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Entity processing is off (no DTD expansion), so only XML's five predefined and numeric references are decoded. */
function decode(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (reference, name: string) => {
    if (!name.startsWith('#')) return PREDEFINED.get(name) ?? reference;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
  });
}

// ---------- Atom entries and their links ----------

interface Entry {
  line: number;
  self: string | null;
  up: string | null;
  related: string[];
  title: string | null;
  content: unknown;
}

type LinkedEntry = Entry & { self: string };

interface Block {
  entry: Entry;
  node: unknown;
  path: string;
  line: number;
}

function readEntry(node: unknown, line: number): Entry {
  const links = children(node, 'link').map((link) => ({
    rel: attribute(link, 'rel'),
    href: attribute(link, 'href'),
  }));
  const href = (rel: string) => links.find((l) => l.rel === rel && l.href)?.href ?? null;
  return {
    line,
    self: href('self'),
    up: href('up'),
    related: links.filter((l) => l.rel === 'related' && l.href).map((l) => l.href as string),
    title: text(first(node, 'title')) || null,
    content: first(node, 'content'),
  };
}

/** Hrefs compared without scheme, host and trailing slashes, so absolute and relative forms of one link match. */
const hrefKey = (href: string): string =>
  href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');

/**
 * The parent of an entry: the candidate whose self href is a path prefix of the entry's self or up href
 * (…/MeterReading/01 owns …/MeterReading/01/IntervalBlock/173), or one of whose related links is the
 * entry's up href. The longest, most specific self wins.
 */
function ownerOf(entry: Entry, candidates: LinkedEntry[]): LinkedEntry | undefined {
  const own = [entry.self, entry.up].filter((h): h is string => h !== null).map(hrefKey);
  const up = entry.up === null ? null : hrefKey(entry.up);
  let best: LinkedEntry | undefined;
  let bestLength = -1;
  for (const candidate of candidates) {
    const self = hrefKey(candidate.self);
    const matches =
      own.some((h) => h.startsWith(`${self}/`)) ||
      (up !== null && candidate.related.some((r) => hrefKey(r) === up));
    if (matches && self.length > bestLength) [best, bestLength] = [candidate, self.length];
  }
  return best;
}

// ---------- ReadingType and LocalTimeParameters ----------

interface ReadingTypeInfo {
  ok: true;
  flowDirection: EspiSeries['flowDirection'];
  accumulation: EspiSeries['accumulation'];
  intervalSeconds: number | null;
  powerOfTen: number;
}

function readReadingType(
  meterReading: LinkedEntry,
  readingTypes: Map<string, unknown>,
): ReadingTypeInfo | Failure {
  const type = meterReading.related
    .filter((href) => href.includes('ReadingType'))
    .map((href) => readingTypes.get(hrefKey(href)))
    .find((node) => node !== undefined);
  if (type === undefined) return fail('READING_TYPE_MISSING', 'no ReadingType entry is linked');

  const field = (name: string) => text(first(type, name));
  const uom = field('uom');
  if (smallInteger(uom) !== UOM_WH)
    return fail('UNSUPPORTED_UOM', `uom ${uom ?? '(missing)'} is not 72 (Wh), the only unit accepted (C-1)`);
  const multiplier = field('powerOfTenMultiplier');
  const powerOfTen = multiplier === null ? 0 : smallInteger(multiplier);
  if (powerOfTen === null || Math.abs(powerOfTen) > MAX_POWER_OF_TEN)
    return fail(
      'UNSUPPORTED_MULTIPLIER',
      `powerOfTenMultiplier ${multiplier} is not an integer from -12 to 12`,
    );
  const accumulationCode = field('accumulationBehaviour');
  const accumulation = ACCUMULATION.get(smallInteger(accumulationCode) ?? NaN);
  if (!accumulation)
    return fail(
      'UNSUPPORTED_ACCUMULATION',
      `accumulationBehaviour ${accumulationCode ?? '(missing)'} is neither 4 (interval delta) nor 1 (bulk register)`,
    );
  const flowCode = field('flowDirection');
  const flowDirection = FLOW.get(smallInteger(flowCode) ?? NaN);
  if (!flowDirection)
    return fail(
      'UNSUPPORTED_FLOW_DIRECTION',
      `flowDirection ${flowCode ?? '(missing)'} is neither 1 (delivered) nor 19 (received)`,
    );
  const length = field('intervalLength');
  const intervalSeconds = length === null ? null : smallInteger(length);
  if (intervalSeconds !== null && intervalSeconds <= 0)
    return fail('INVALID_NUMBER', `intervalLength ${length} is not a positive number of seconds`);
  if (length !== null && intervalSeconds === null)
    return fail('INVALID_NUMBER', `intervalLength ${length} is not a whole number of seconds`);
  return { ok: true, flowDirection, accumulation, intervalSeconds, powerOfTen };
}

function readLocalTime(entry: Entry | undefined): EspiLocalTime | null {
  const node = entry && first(entry.content, 'LocalTimeParameters');
  const tzOffsetSeconds = smallInteger(text(first(node, 'tzOffset')));
  const dstOffsetSeconds = smallInteger(text(first(node, 'dstOffset')));
  return tzOffsetSeconds === null || dstOffsetSeconds === null ? null : { tzOffsetSeconds, dstOffsetSeconds };
}

// ---------- IntervalReadings ----------

/** Readings of one series; duplicates keep the first, a differing repeat is a problem (same start, one series). */
function readSeriesReadings(
  blocks: Block[],
  type: ReadingTypeInfo,
  problems: EspiProblem[],
  lineOf: (node: unknown, fallback: number) => number,
): EspiReading[] {
  const byStart = new Map<number, EspiReading>();
  for (const block of blocks) {
    for (const [index, node] of children(block.node, 'IntervalReading').entries()) {
      const path = `${block.path}.IntervalReading[${index}]`;
      const line = lineOf(node, block.line);
      const reading = readReading(node, type, line);
      if ('code' in reading) {
        problems.push(problem(reading.code, path, line, reading.message, reading.field));
        continue;
      }
      const earlier = byStart.get(reading.start.getTime());
      if (!earlier) byStart.set(reading.start.getTime(), reading);
      else if (earlier.valueWh !== reading.valueWh || earlier.durationSeconds !== reading.durationSeconds)
        problems.push(
          problem(
            'CONFLICTING_VALUE',
            path,
            line,
            `repeats start ${reading.start.toISOString()} with ${reading.valueWh} Wh over ${reading.durationSeconds} s; ` +
              `the first (${earlier.valueWh} Wh over ${earlier.durationSeconds} s) is kept`,
          ),
        );
    }
  }
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** What is wrong with a reading: its code, and the child element at fault when one is. */
type ReadingFault = { code: EspiCode; message: string; field?: string };

function readReading(node: unknown, type: ReadingTypeInfo, line: number): EspiReading | ReadingFault {
  const period = first(node, 'timePeriod');
  const startText = text(first(period, 'start'));
  const durationText = text(first(period, 'duration'));
  const valueText = text(first(node, 'value'));
  if (startText === null || durationText === null || valueText === null)
    return { code: 'MISSING_VALUE', message: 'needs timePeriod.start, timePeriod.duration and value' };

  const startSeconds = smallInteger(startText);
  const durationSeconds = smallInteger(durationText);
  if (startSeconds === null || startSeconds < 0)
    return {
      code: 'INVALID_NUMBER',
      message: `timePeriod.start ${startText} is not epoch seconds`,
      field: 'timePeriod.start',
    };
  if (durationSeconds === null || durationSeconds < 0)
    return {
      code: 'INVALID_NUMBER',
      message: `timePeriod.duration ${durationText} is not a number of seconds`,
      field: 'timePeriod.duration',
    };
  // An interval delta (M-1) covers time; a register reading (M-2) may be a point in time.
  if (durationSeconds === 0 && type.accumulation === 'interval')
    return {
      code: 'INVALID_DURATION',
      message: 'an interval reading needs a duration above 0 s',
      field: 'timePeriod.duration',
    };
  const start = new Date(startSeconds * 1000); // M-1: ESPI labels an interval by its start
  if (Number.isNaN(start.getTime()))
    return {
      code: 'OUT_OF_RANGE',
      message: `timePeriod.start ${startText} is too far in the future`,
      field: 'timePeriod.start',
    };

  const value = toWh(valueText, type.powerOfTen);
  if ('code' in value) return { ...value, field: 'value' };
  const quality = readQuality(node);
  if (typeof quality !== 'number') return { ...quality, field: 'ReadingQuality' };
  return { line, start, durationSeconds, valueWh: value.wh, quality };
}

/** value × 10^powerOfTenMultiplier in Wh, exactly (C-1, M-3). */
function toWh(valueText: string, powerOfTen: number): { wh: bigint } | ReadingFault {
  // ESPI values are Int48; 30 digits is generous and keeps BigInt parsing cheap on hostile input.
  if (!/^-?\d{1,30}$/.test(valueText))
    return { code: 'INVALID_NUMBER', message: `value ${valueText || '(empty)'} is not an integer` };
  const raw = BigInt(valueText);
  if (raw < 0n)
    return {
      code: 'NEGATIVE_VALUE',
      message: `value ${valueText} is negative; export belongs in a received series`,
    };
  const scale = 10n ** BigInt(Math.abs(powerOfTen));
  if (powerOfTen < 0 && raw % scale !== 0n)
    return {
      code: 'FINER_THAN_WH',
      message: `value ${valueText} × 10^${powerOfTen} Wh has a fraction of a Wh (C-1)`,
    };
  const wh = powerOfTen < 0 ? raw / scale : raw * scale;
  if (wh > MAX_WH)
    return { code: 'OUT_OF_RANGE', message: `value ${valueText} × 10^${powerOfTen} Wh is too large` };
  return { wh };
}

/**
 * The reading's ESPI quality code (0 when absent). With several ReadingQuality elements the weakest claim
 * wins, estimated before edited before actual, so an estimate is never passed off as actual (M-4).
 */
function readQuality(node: unknown): number | ReadingFault {
  const codes: number[] = [];
  for (const element of children(node, 'ReadingQuality')) {
    const codeText = text(first(element, 'quality'));
    if (codeText === null) continue;
    const code = smallInteger(codeText);
    if (code === null)
      return { code: 'INVALID_NUMBER', message: `ReadingQuality ${codeText} is not an integer` };
    if (!isQualityCode(code))
      return { code: 'INVALID_QUALITY', message: `ReadingQuality ${code} is not a known quality code` };
    codes.push(code);
  }
  return (
    codes.find((c) => qualityClass(c) === 'ESTIMATED') ??
    codes.find((c) => qualityClass(c) === 'EDITED') ??
    codes[0] ??
    0
  );
}

/** A whole number small enough for a JS number (times, durations, codes); null for anything else. */
function smallInteger(value: string | null): number | null {
  return value !== null && /^-?\d{1,15}$/.test(value) ? Number(value) : null;
}

/** The first few messages, so a feed of thousands of orphans still gives a readable failure. */
const summary = (problems: EspiProblem[]): string =>
  problems
    .slice(0, 5)
    .map((p) => p.message)
    .concat(problems.length > 5 ? [`and ${problems.length - 5} more`] : [])
    .join('; ');

const problem = (
  code: EspiCode,
  path: string,
  line: number,
  message: string,
  field?: string,
): EspiProblem => ({
  code,
  path,
  line,
  message: `${path} ${message}`,
  ...(field ? { field } : {}),
});
