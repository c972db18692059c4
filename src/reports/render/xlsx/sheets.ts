import type { ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { cdpSheet } from './cdp-sheets';
import { checksSheet, factorsSheet, methodologySheet, restatementSheet } from './method-sheets';
import { procurementMixSheet, readmeSheet, summarySheet, trajectorySheet } from './overview-sheets';
import { dataQualitySheet, scope2QualitySheet } from './quality-sheets';
import { claimsSheet, re100Sheets } from './re100-sheets';
import type { SheetSpec } from './sheet-spec';

/**
 * The workbook's sheets in order: README, the summary figures, one sheet per CDP table, the RE100 tables, the
 * claims register, data quality, methodology, factors, checks, and the restatement when there is one. Names
 * are made valid for Excel and unique before the README lists them.
 */
export function workbookSheets(model: ReportModel, text: ReportText): SheetSpec[] {
  const { content } = model;
  const sheets = [
    summarySheet(model, text),
    trajectorySheet(model, text),
    procurementMixSheet(model, text),
    ...content.cdp.tables.map((table) => cdpSheet(table, text)),
    ...re100Sheets(model, text),
    claimsSheet(model, text),
    dataQualitySheet(model, text),
    scope2QualitySheet(model, text),
    methodologySheet(model, text),
    factorsSheet(model, text),
    checksSheet(model, text),
    ...(model.restatement ? [restatementSheet(model.restatement, text)] : []),
  ];
  // The README's own name takes part in the naming (a section could be called README too).
  const [readme, ...named] = uniqueNames([readmeSheet(model, text, []), ...sheets]);
  return [{ ...readmeSheet(model, text, named), name: readme.name }, ...named];
}

/** Excel's limits on a tab name: at most 31 characters, none of `: \ / ? * [ ]`, not quoted at either end. */
export function sheetName(wanted: string): string {
  const name = wanted
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '');
  return Array.from(name).slice(0, 31).join('').trim() || 'Sheet';
}

/** Valid names, a second sheet of the same name (Excel compares them case-blind) numbered. */
function uniqueNames(sheets: SheetSpec[]): SheetSpec[] {
  const taken = new Set<string>();
  return sheets.map((sheet) => {
    const base = sheetName(sheet.name);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name =
        Array.from(base)
          .slice(0, 31 - suffix.length)
          .join('') + suffix;
    }
    taken.add(name.toLowerCase());
    return { ...sheet, name };
  });
}
