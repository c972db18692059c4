import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPORT_LANGUAGES, ReportLanguage } from '../model/report-model';
import { CdpQuestionnaire, parseCdpQuestionnaire } from './cdp-template';
import { parseReportText, ReportText } from './report-text';
import { TemplateError } from './template-reader';

/** A template file's JSON; a missing or malformed file names itself. */
function readJson(file: string): { shown: string; json: unknown } {
  const shown = path.relative(process.cwd(), file);
  if (!existsSync(file)) throw new TemplateError(shown, '', 'is missing');
  try {
    return { shown, json: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    throw new TemplateError(shown, '', `is not JSON: ${(error as Error).message}`);
  }
}

/**
 * What changes by questionnaire year and by language lives under `templates/` as versioned files, read and
 * checked once at start-up: `templates/cdp/<year>/module7.json` is one CDP questionnaire year (question ids,
 * column order and labels, CDP's option label for each internal value). A new questionnaire year is a new
 * folder. `templates/report/<language>.json` is a report language's text (`report-text.ts`). A file that
 * does not hold what the reports need stops the start with its name and field.
 */
export class ReportTemplates {
  private constructor(
    private readonly questionnaires: ReadonlyMap<number, CdpQuestionnaire>,
    private readonly texts: ReadonlyMap<ReportLanguage, ReportText>,
  ) {}

  /** Reads every template under `dir` (default: the project's `templates/`). */
  static load(dir = defaultTemplatesDir()): ReportTemplates {
    const cdpDir = path.join(dir, 'cdp');
    const years = existsSync(cdpDir)
      ? readdirSync(cdpDir)
          .filter((name) => /^\d{4}$/.test(name))
          .sort()
      : [];
    if (years.length === 0)
      throw new TemplateError(path.relative(process.cwd(), cdpDir), '', 'holds no questionnaire year');
    const questionnaires = new Map<number, CdpQuestionnaire>();
    for (const year of years) {
      const { shown, json } = readJson(path.join(cdpDir, year, 'module7.json'));
      const questionnaire = parseCdpQuestionnaire(shown, json);
      if (questionnaire.year !== Number(year)) {
        throw new TemplateError(shown, 'year', `is ${questionnaire.year}, but the folder is ${year}`);
      }
      questionnaires.set(questionnaire.year, questionnaire);
    }
    const texts = new Map<ReportLanguage, ReportText>();
    for (const language of REPORT_LANGUAGES) {
      const { shown, json } = readJson(path.join(dir, 'report', `${language}.json`));
      const text = parseReportText(shown, json, texts.get('en'));
      if (text.language !== language)
        throw new TemplateError(shown, 'language', `is ${text.language}, but the file is ${language}`);
      texts.set(language, text);
    }
    return new ReportTemplates(questionnaires, texts);
  }

  /** A report language's text. */
  text(language: ReportLanguage): ReportText {
    return this.texts.get(language)!;
  }

  /** Questionnaire years shipped, oldest first. */
  get cdpYears(): number[] {
    return [...this.questionnaires.keys()];
  }

  /**
   * The questionnaire a reporting year is disclosed in: CDP asks in year Y + 1 about year Y, so the latest
   * shipped questionnaire not after Y + 1, else the oldest shipped (whose legacy ids name the older layout).
   */
  cdpFor(reportingYear: number): CdpQuestionnaire {
    const years = this.cdpYears;
    const shipped = years.filter((y) => y <= reportingYear + 1);
    return this.questionnaires.get(shipped.length > 0 ? shipped[shipped.length - 1] : years[0])!;
  }
}

/** `templates/` beside the package.json of this project, from the sources or the build. */
export function defaultTemplatesDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) {
      return path.join(dir, 'templates');
    }
  }
  throw new TemplateError('templates/', '', 'was not found above ' + __dirname);
}
