import type { ReportContent, ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { EMPTY, type Formatter } from '../format';
import type { Flow } from './flow';
import { COLOR } from './style';

/** What every section draws from: the model, its language and the layout cursor. */
export interface SectionContext {
  model: ReportModel;
  content: ReportContent;
  text: ReportText;
  f: Formatter;
  flow: Flow;
}

/** A decimal of the model with its unit ('1,234.567 MWh'); a null figure is shown as such. */
export function withUnit(f: Formatter, value: string | null, unit: string): string {
  return value === null ? EMPTY : `${f.decimal(value)} ${unit}`;
}

export function percent(f: Formatter, value: string | null): string {
  return withUnit(f, value, f.text.labels.percent);
}

/** A column header with its unit: 'Total consumption (MWh)'. */
export function headed(label: string, unit: string): string {
  return `${label} (${unit})`;
}

/** Words for a code from one of the text's groups; an unknown code is shown as it is. */
export function words(group: Record<string, string>, code: string | null): string {
  return code === null ? EMPTY : (group[code] ?? code);
}

/** The sentence of a data status (no consumption, or all of it excluded): there is no RE % to read. */
export function dataStatusNotice({ content, text, flow }: SectionContext): void {
  if (content.dataStatus === 'NO_DATA') flow.notice(text.sentences.noData, COLOR.accentSoft);
  if (content.dataStatus === 'ALL_EXCLUDED') flow.notice(text.sentences.allExcluded, COLOR.accentSoft);
}
