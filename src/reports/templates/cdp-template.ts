import { ENERGY_CARRIERS } from '../../meters/meter.entity';
import { INSTRUMENT_TYPES, PROCUREMENT_METHODS, TECHNOLOGIES } from '../../re100/engine';
import { TemplateError, TemplateReader } from './template-reader';

/** How a CDP column's value is written: MWh and t CO2e are numbers with the template's decimals. */
export const CDP_COLUMN_TYPES = [
  'text',
  'mwh',
  'tco2e',
  'number',
  'year',
  'date',
  'boolean',
  'country',
  'option',
] as const;
export type CdpColumnType = (typeof CDP_COLUMN_TYPES)[number];

/**
 * The internal vocabularies a CDP answer names with CDP's own option labels. Every value of each needs a
 * decision in the template: its label, or null when CDP does not take it in these tables.
 */
export const CDP_OPTION_LISTS = {
  sourcingMethod: PROCUREMENT_METHODS,
  technology: TECHNOLOGIES,
  trackingInstrument: INSTRUMENT_TYPES,
  energyCarrier: ENERGY_CARRIERS,
} as const;
export type CdpOptionList = keyof typeof CDP_OPTION_LISTS;

export interface CdpColumn {
  key: string;
  label: string;
  type: CdpColumnType;
  /** For `option` columns: the vocabulary whose CDP labels fill it. */
  options: CdpOptionList | null;
}

export interface CdpQuestion {
  /** The 2024+ question number, e.g. `7.30.17`. */
  id: string;
  /** The question's number before 2024 (e.g. `C8.2h`), or null for a question new in 2024. */
  legacyId: string | null;
  title: string;
  columns: CdpColumn[];
}

/** One questionnaire year's module 7 (domain §4): questions in order, columns in the questionnaire's order. */
export interface CdpQuestionnaire {
  questionnaire: string;
  year: number;
  /** False while the labels are not checked against CDP's published questionnaire. */
  verified: boolean;
  source: string;
  mwhDecimals: number;
  mwhMaximum: number;
  textMaxLength: number;
  questions: CdpQuestion[];
  options: { [L in CdpOptionList]: Record<(typeof CDP_OPTION_LISTS)[L][number], string | null> };
}

/** The questions every questionnaire year must carry: what the reports fill in. */
export const CDP_QUESTIONS = [
  '7.7',
  '7.16',
  '7.30.1',
  '7.30.9',
  '7.30.14',
  '7.30.16',
  '7.30.17',
  '7.30.18',
  '7.30.19',
] as const;

/** Reads and checks a questionnaire template; a problem throws naming the file and the field. */
export function parseCdpQuestionnaire(file: string, json: unknown): CdpQuestionnaire {
  const root = new TemplateReader(file, json);
  root.onlyKeys([
    'questionnaire',
    'year',
    'verified',
    'source',
    'mwhDecimals',
    'mwhMaximum',
    'textMaxLength',
    'questions',
    'options',
    'notes',
  ]);
  const questions = root.array('questions').map((q) => {
    q.onlyKeys(['id', 'legacyId', 'title', 'columns']);
    const columns = q.array('columns').map((c) => {
      c.onlyKeys(['key', 'label', 'type', 'options']);
      const type = c.oneOf('type', CDP_COLUMN_TYPES);
      const options =
        type === 'option' ? c.oneOf('options', Object.keys(CDP_OPTION_LISTS) as CdpOptionList[]) : null;
      if (type !== 'option') c.absent('options');
      return { key: c.string('key'), label: c.string('label'), type, options };
    });
    q.unique(
      'columns',
      columns.map((c) => c.key),
      'key',
    );
    return { id: q.string('id'), legacyId: q.nullableString('legacyId'), title: q.string('title'), columns };
  });
  root.unique(
    'questions',
    questions.map((q) => q.id),
    'id',
  );
  const missing = CDP_QUESTIONS.filter((id) => !questions.some((q) => q.id === id));
  if (missing.length > 0) throw new TemplateError(file, 'questions', `lacks question ${missing.join(', ')}`);
  const optionsReader = root.object('options');
  optionsReader.onlyKeys(Object.keys(CDP_OPTION_LISTS));
  const options = Object.fromEntries(
    (Object.keys(CDP_OPTION_LISTS) as CdpOptionList[]).map((list) => {
      const labels = optionsReader.object(list);
      labels.onlyKeys(CDP_OPTION_LISTS[list]);
      return [list, Object.fromEntries(CDP_OPTION_LISTS[list].map((v) => [v, labels.nullableString(v)]))];
    }),
  ) as CdpQuestionnaire['options'];
  return {
    questionnaire: root.string('questionnaire'),
    year: root.integer('year', 2000, 2100),
    verified: root.boolean('verified'),
    source: root.string('source'),
    mwhDecimals: root.integer('mwhDecimals', 0, 6),
    mwhMaximum: root.integer('mwhMaximum', 1, Number.MAX_SAFE_INTEGER),
    textMaxLength: root.integer('textMaxLength', 1, 100_000),
    questions,
    options,
  };
}
