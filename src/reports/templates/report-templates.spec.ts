import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INSTRUMENT_TYPES, PROCUREMENT_METHODS, TECHNOLOGIES } from '../../re100/engine';
import { CDP_QUESTIONS } from './cdp-template';
import { ReportTemplates } from './report-templates';
import { TemplateError } from './template-reader';

const TEMPLATES = path.join(__dirname, '..', '..', '..', 'templates');
const SHIPPED = path.join(TEMPLATES, 'cdp', '2024', 'module7.json');
const shipped = () => JSON.parse(readFileSync(SHIPPED, 'utf8'));
const shippedText = (language: string) =>
  JSON.parse(readFileSync(path.join(TEMPLATES, 'report', `${language}.json`), 'utf8'));

describe('report templates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 're100-templates-'));
    cpSync(path.join(TEMPLATES, 'report'), path.join(dir, 'report'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `templates/cdp/<folder>/module7.json` under the temporary directory. */
  function write(folder: string, content: unknown) {
    mkdirSync(path.join(dir, 'cdp', folder), { recursive: true });
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    writeFileSync(path.join(dir, 'cdp', folder, 'module7.json'), text);
  }

  function problem(edit: (t: ReturnType<typeof shipped>) => unknown, folder = '2024'): string {
    const template = shipped();
    write(folder, edit(template) ?? template);
    try {
      ReportTemplates.load(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      return (error as Error).message.replace(/^.*module7\.json: /, '');
    }
    throw new Error('the template was accepted');
  }

  it('ships the 2024 questionnaire with the nine questions the reports fill, in order, with legacy ids', () => {
    const cdp = ReportTemplates.load().cdpFor(2025);
    expect(cdp.year).toBe(2024);
    expect(cdp.verified).toBe(false);
    expect(cdp.questions.map((q) => q.id)).toEqual([...CDP_QUESTIONS]);
    expect(Object.fromEntries(cdp.questions.map((q) => [q.id, q.legacyId]))).toMatchObject({
      '7.7': 'C6.3',
      '7.30.1': 'C8.2a',
      '7.30.14': 'C8.2e',
      '7.30.16': 'C8.2g',
      '7.30.17': 'C8.2h',
      '7.30.18': 'C8.2i',
    });
    expect(cdp.mwhDecimals).toBe(2);
    // Every internal value has a decision: a CDP label, or null.
    expect(Object.keys(cdp.options.sourcingMethod).sort()).toEqual([...PROCUREMENT_METHODS].sort());
    expect(Object.keys(cdp.options.technology).sort()).toEqual([...TECHNOLOGIES].sort());
    expect(Object.keys(cdp.options.trackingInstrument).sort()).toEqual([...INSTRUMENT_TYPES].sort());
    expect(cdp.options.sourcingMethod.PPA_VIRTUAL).toBe(
      'Financial (virtual) power purchase agreement (VPPA)',
    );
    expect(cdp.options.trackingInstrument.CARBON_OFFSET).toBeNull();
    const q17 = cdp.questions.find((q) => q.id === '7.30.17')!;
    expect(q17.columns.map((c) => c.key).slice(0, 4)).toEqual([
      'countryOfConsumption',
      'sourcingMethod',
      'technology',
      'consumedMwh',
    ]);
    expect(q17.columns[1]).toMatchObject({ type: 'option', options: 'sourcingMethod' });
  });

  it('picks the questionnaire a year is disclosed in: the latest not after the next year', () => {
    write('2024', shipped());
    write('2026', { ...shipped(), year: 2026 });
    const templates = ReportTemplates.load(dir);
    expect(templates.cdpYears).toEqual([2024, 2026]);
    expect([2020, 2023, 2024, 2025, 2026, 2030].map((y) => templates.cdpFor(y).year)).toEqual([
      2024, 2024, 2024, 2026, 2026, 2026,
    ]);
  });

  it.each<[string, (t: ReturnType<typeof shipped>) => unknown, string]>([
    [
      'a missing title',
      (t) => void delete t.questions[2].title,
      'questions[2].title must be a non-empty string, not missing',
    ],
    [
      'a misspelt field',
      (t) => void (t.questions[0].legacyID = 'C6.3'),
      'questions[0].legacyID is not a known field',
    ],
    [
      'an unknown column type',
      (t) => void (t.questions[1].columns[2].type = 'kwh'),
      'questions[1].columns[2].type must be one of text, mwh',
    ],
    [
      'an option column without its list',
      (t) => void delete t.questions[6].columns[1].options,
      'questions[6].columns[1].options must be one of sourcingMethod',
    ],
    [
      'a list on a column that is no option',
      (t) => void (t.questions[0].columns[0].options = 'technology'),
      'questions[0].columns[0].options is not allowed here',
    ],
    [
      'a repeated column',
      (t) => void (t.questions[0].columns[1].key = 'reportingYear'),
      'questions[0].columns[1].key repeats "reportingYear"',
    ],
    ['a question left out', (t) => void t.questions.splice(6, 1), 'questions lacks question 7.30.17'],
    [
      'an internal value without a decision',
      (t) => void delete t.options.trackingInstrument.J_CREDIT,
      'options.trackingInstrument.J_CREDIT is missing (null says there is none)',
    ],
    [
      'a value the service does not have',
      (t) => void (t.options.technology.COAL = 'Coal'),
      'options.technology.COAL is not a known field',
    ],
    [
      'a label that is not text',
      (t) => void (t.options.energyCarrier.electricity = 1),
      'options.energyCarrier.electricity must be a non-empty string, not number 1',
    ],
    [
      'an out-of-range number',
      (t) => void (t.mwhDecimals = 9),
      'mwhDecimals must be an integer from 0 to 6, not number 9',
    ],
  ])('stops the start on %s, naming the file and the field', (_name, edit, message) => {
    expect(problem(edit)).toContain(message);
  });

  it('stops the start on a file that is no JSON, a year that is not its folder’s, or no year at all', () => {
    expect(() => ReportTemplates.load(dir)).toThrow(/cdp.*holds no questionnaire year/);
    write('2024', '{ "questionnaire": ');
    expect(() => ReportTemplates.load(dir)).toThrow(/cdp\/2024\/module7\.json: \(the file\) is not JSON/);
    expect(problem(() => ({ ...shipped(), year: 2023 }))).toBe('year is 2023, but the folder is 2024');
  });

  describe('report languages', () => {
    type TextFile = Record<string, Record<string, string>> & { locale?: string; language?: string };
    function textProblem(language: string, edit: (t: TextFile) => unknown): string {
      write('2024', shipped());
      const text = shippedText(language);
      edit(text);
      writeFileSync(path.join(dir, 'report', `${language}.json`), JSON.stringify(text));
      try {
        ReportTemplates.load(dir);
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateError);
        return (error as Error).message;
      }
      throw new Error('the text was accepted');
    }

    it('ships English and Korean with the same headings, and words for every code a report shows', () => {
      const templates = ReportTemplates.load();
      const en = templates.text('en');
      const ko = templates.text('ko');
      expect(Object.keys(ko.labels)).toEqual(Object.keys(en.labels));
      expect(ko.reasons.FACILITY_TOO_OLD).toMatch(/[가-힣]/);
      expect(ko.cdpGloss['7.30.17']).toMatch(/[가-힣]/);
      expect(en.locale).toBe('en-US');
      expect(ko.locale).toBe('ko-KR');
    });

    it.each<[string, string, (t: TextFile) => unknown, string]>([
      [
        'a heading forgotten in Korean',
        'ko',
        (t) => delete t.labels.modelHash,
        'ko.json: labels.modelHash is missing (the English text has it)',
      ],
      [
        'a heading only Korean has',
        'ko',
        (t) => (t.labels.extra = '추가'),
        'ko.json: labels.extra is not in the English text',
      ],
      [
        'a reason code without words',
        'en',
        (t) => delete t.reasons.NULL_POWER,
        'en.json: reasons.NULL_POWER is missing',
      ],
      [
        'a CDP question without a Korean gloss',
        'ko',
        (t) => delete t.cdpGloss['7.16'],
        'ko.json: cdpGloss.7.16 is missing',
      ],
      ['a locale that is none', 'ko', (t) => (t.locale = 'not a locale!'), 'ko.json: locale is not a locale'],
      [
        'a file of another language',
        'ko',
        (t) => (t.language = 'en'),
        'ko.json: language is en, but the file is ko',
      ],
      [
        'an empty sentence',
        'en',
        (t) => (t.sentences.noData = ''),
        'en.json: sentences.noData must be a non-empty string',
      ],
    ])('stops the start on %s', (_name, language, edit, message) => {
      expect(textProblem(language, edit)).toContain(message);
    });
  });
});
