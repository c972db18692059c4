import { FACTOR_KINDS } from '../../emissions/factor-set';
import { PROCUREMENT_METHODS, REASON_CODES, SITE_EXCLUSION_REASONS, TECHNOLOGIES } from '../../re100/engine';
import { CHECK_IDS, ROUNDING_KEYS } from '../model/report-model';
import { CDP_QUESTIONS } from './cdp-template';
import { TemplateError, TemplateReader } from './template-reader';

type Texts = Record<string, string>;

/**
 * A report language's text (`templates/report/<language>.json`): every heading, label and sentence, and the
 * words for each code a report shows (statuses, procurement types and methods, reason codes, checks).
 * CDP's question and column labels stay English as CDP publishes them; `cdpGloss` adds a gloss per question.
 */
export interface ReportText {
  language: string;
  /** BCP 47 locale for dates and numbers (`en-US`, `ko-KR`). */
  locale: string;
  languageName: string;
  title: string;
  subtitle: string;
  sections: Texts;
  labels: Texts;
  statuses: Texts;
  directions: Texts;
  technologies: Texts;
  meterKinds: Texts;
  factorKinds: Texts;
  procurementTypes: Texts;
  methods: Texts;
  reasons: Texts;
  siteExclusionReasons: Texts;
  checks: Texts;
  rounding: Texts;
  sentences: Texts;
  /** Per CDP question id; empty in English. */
  cdpGloss: Texts;
  /** How a CDP table was filled, or why it is empty, per question id. */
  cdpNotes: Texts;
}

const GROUPS = [
  'sections',
  'labels',
  'statuses',
  'directions',
  'technologies',
  'meterKinds',
  'factorKinds',
  'procurementTypes',
  'methods',
  'reasons',
  'siteExclusionReasons',
  'checks',
  'rounding',
  'sentences',
  'cdpGloss',
  'cdpNotes',
] as const;

/** Keys each group must hold because the code produces them. */
const REQUIRED: Partial<Record<(typeof GROUPS)[number], readonly string[]>> = {
  procurementTypes: ['1', '2', '3', '4', '5'],
  methods: PROCUREMENT_METHODS,
  reasons: Object.keys(REASON_CODES),
  siteExclusionReasons: Object.keys(SITE_EXCLUSION_REASONS),
  checks: CHECK_IDS,
  rounding: ROUNDING_KEYS,
  statuses: ['provisional', 'finalized', 'restated', 'ELIGIBLE', 'PARTIAL', 'INELIGIBLE', 'passed', 'failed'],
  directions: ['import', 'export', 'generation'],
  technologies: TECHNOLOGIES,
  meterKinds: ['interval', 'register'],
  factorKinds: FACTOR_KINDS,
};

function group(root: TemplateReader, name: string): Texts {
  const reader = root.object(name);
  return Object.fromEntries(reader.keys().map((key) => [key, reader.string(key)]));
}

/**
 * Reads one language file. `reference` is the English text: every other language must have exactly its
 * keys, so a heading added in one language and forgotten in another stops the start, naming file and field.
 */
export function parseReportText(file: string, json: unknown, reference?: ReportText): ReportText {
  const root = new TemplateReader(file, json);
  root.onlyKeys(['language', 'locale', 'languageName', 'title', 'subtitle', ...GROUPS]);
  const text = {
    language: root.string('language'),
    locale: root.string('locale'),
    languageName: root.string('languageName'),
    title: root.string('title'),
    subtitle: root.string('subtitle'),
    ...Object.fromEntries(GROUPS.map((g) => [g, group(root, g)])),
  } as ReportText;
  try {
    new Intl.NumberFormat(text.locale);
  } catch {
    throw new TemplateError(file, 'locale', `is not a locale: ${JSON.stringify(text.locale)}`);
  }
  for (const g of GROUPS) {
    const required = g === 'cdpGloss' ? (reference ? CDP_QUESTIONS : []) : (REQUIRED[g] ?? []);
    const missing = required.filter((key) => !(key in text[g]));
    if (missing.length) throw new TemplateError(file, `${g}.${missing[0]}`, 'is missing');
    if (!reference || g === 'cdpGloss') continue;
    const absent = Object.keys(reference[g]).find((key) => !(key in text[g]));
    if (absent) throw new TemplateError(file, `${g}.${absent}`, `is missing (the English text has it)`);
    const extra = Object.keys(text[g]).find((key) => !(key in reference[g]));
    if (extra) throw new TemplateError(file, `${g}.${extra}`, 'is not in the English text');
  }
  return text;
}
