import { REASON_CODES } from '../../re100/engine/reason-codes';
import {
  INSTRUMENT_STATUSES,
  INSTRUMENT_TYPES,
  KR_PROCUREMENT_TAGS,
  PASSIVE_BASES,
  PROCUREMENT_METHODS,
  TECHNOLOGIES,
} from '../../re100/engine/types';
import { ReportTemplates } from '../../reports/templates/report-templates';
import { LANGUAGES } from '../i18n/language';
import { COUNTRY_CODES, Vocabulary } from './vocabulary';

describe('the procurement pages’ vocabulary', () => {
  const templates = ReportTemplates.load();

  it.each(LANGUAGES)('words every value the pages show or offer (%s)', (language) => {
    const words = new Vocabulary(language, templates.text(language));
    const unworded = (values: readonly string[], word: (value: string) => string) =>
      values.filter((value) => !word(value) || word(value) === value);
    expect({
      instrumentTypes: unworded(INSTRUMENT_TYPES, words.instrumentType),
      instrumentStatuses: unworded(INSTRUMENT_STATUSES, words.instrumentStatus),
      technologies: unworded(TECHNOLOGIES, words.technology),
      methods: unworded(PROCUREMENT_METHODS, words.method),
      krTags: unworded(KR_PROCUREMENT_TAGS, words.krTag),
      passiveBases: unworded(PASSIVE_BASES, words.passiveBasis),
      reasons: unworded(Object.keys(REASON_CODES), words.reason),
      verdicts: unworded(['ELIGIBLE', 'PARTIAL', 'INELIGIBLE'], words.verdict),
    }).toEqual({
      instrumentTypes: [],
      instrumentStatuses: [],
      technologies: [],
      methods: [],
      krTags: [],
      passiveBases: [],
      reasons: [],
      verdicts: [],
    });
    // The pickers offer exactly the engine's lists.
    expect(words.instrumentTypes.map((c) => c.value)).toEqual([...INSTRUMENT_TYPES]);
    expect(words.methods.map((c) => c.value)).toEqual([...PROCUREMENT_METHODS]);
  });

  it('offers the countries the API’s IsCountryCode accepts, and the multi-country markets', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(COUNTRY_CODES).toEqual(expect.arrayContaining(['KR', 'DE', 'US', 'NL']));
    const ko = new Vocabulary('ko', templates.text('ko'));
    expect(ko.country('KR')).toBe('대한민국 (KR)');
    expect(ko.markets.slice(0, 2).map((m) => m.value)).toEqual(['EU', 'US-CA']);
  });
});
