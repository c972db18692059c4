import type { ProcurementMixRow, ReportModel } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { typed } from './cells';
import { field, heading, lines, note, SheetSpec, table, title, withUnit } from './sheet-spec';

/** The status sentences at the top of the summary (and the README): what the figures are worth. */
export function statusNotes(model: ReportModel, text: ReportText): string[] {
  const { content } = model;
  const notes = [text.sentences[model.status]];
  if (content.dataStatus === 'NO_DATA') notes.push(text.sentences.noData);
  if (content.dataStatus === 'ALL_EXCLUDED') notes.push(text.sentences.allExcluded);
  const { locationBasedComplete, marketBasedComplete } = content.summary.scope2;
  if (!locationBasedComplete || !marketBasedComplete) notes.push(text.sentences.scope2Incomplete);
  return notes.filter(Boolean);
}

/**
 * The README: what the workbook is a report of (organization, year, ruleset, factors, as-of, id, status, the
 * model's SHA-256 an auditor checks it against) and a table of the sheets that follow.
 */
export function readmeSheet(model: ReportModel, text: ReportText, sheets: readonly SheetSpec[]): SheetSpec {
  const { content } = model;
  const { labels, statuses } = text;
  const { period, ruleset, cdp } = content;
  return {
    id: 'readme',
    name: text.sections.readme,
    contents: text.sections.readme,
    freeze: false,
    blocks: [
      lines(title(text.title), note(text.subtitle)),
      lines(
        field(labels.organization, content.organization.name),
        field(labels.legalEntity, content.organization.legalEntityName),
        field(labels.reportingYear, typed('year', period.year)),
        field(labels.period, typed('date', period.start), typed('date', period.end)),
        field(labels.timeZone, period.timeZone),
        field(labels.ruleset, ruleset.label, ruleset.id),
        ruleset.forPeriod !== ruleset.id && field(labels.rulesetForPeriod, ruleset.forPeriod),
        ...content.factorSets.map((set) => field(labels.factorSet, set.name, set.version)),
        field(text.sections.cdp, cdp.questionnaire),
        field(labels.asOf, typed('instant', model.asOf)),
        period.coverageUntil !== null && field(labels.coverageUntil, typed('date', period.coverageUntil)),
        field(labels.reportId, model.reportId ?? labels.notAvailable),
        field(labels.status, statuses[model.status] ?? model.status),
        field(labels.language, text.languageName),
        field(labels.modelHash, model.modelHash),
      ),
      lines(
        note(text.sentences.modelHashNote),
        note(text.sentences.readme),
        note(text.sentences.cdpLabelsEnglish),
        !cdp.verified && note(text.sentences.cdpUnverified),
        ...statusNotes(model, text).map(note),
      ),
      table({
        columns: [
          { header: labels.sheet, kind: 'text' },
          { header: labels.contents, kind: 'text', width: 60 },
        ],
        rows: sheets.map((sheet) => [sheet.name, sheet.contents]),
      }),
    ],
  };
}

/** The executive summary as label / value / unit rows, the values numeric. */
export function summarySheet(model: ReportModel, text: ReportText): SheetSpec {
  const { content } = model;
  const { summary } = content;
  const { labels, statuses } = text;
  const mwh = (label: string, value: string | null) => [label, typed('mwh', value), labels.mwh];
  const percent = (label: string, value: string | null) => [label, typed('percent', value), labels.percent];
  const scope2 = (label: string, value: string, complete: boolean) => [
    label,
    typed('tco2e', value),
    labels.tco2e,
    complete ? null : labels.incomplete,
  ];
  const milestone = summary.nextMilestone;
  return {
    id: 'summary',
    name: text.sections.summary,
    contents: text.sections.summary,
    blocks: [
      lines(
        title(text.sections.summary),
        field(labels.organization, content.organization.name),
        ...statusNotes(model, text).map(note),
      ),
      table({
        columns: [
          { header: labels.path, kind: 'text' },
          { header: labels.value, kind: 'text' },
          { header: labels.unit, kind: 'text' },
          { header: labels.note, kind: 'text' },
        ],
        rows: [
          [labels.reportingYear, typed('year', content.period.year)],
          [labels.status, statuses[model.status] ?? model.status],
          percent(labels.rePercent, summary.rePercent),
          percent(labels.requiredPercent, summary.requiredPercent),
          [labels.progressStatus, statuses[summary.status] ?? summary.status],
          [labels.targetYear, typed('year', summary.targetYear)],
          percent(
            milestone ? `${labels.nextMilestone} (${milestone.year})` : labels.nextMilestone,
            milestone?.percent ?? null,
          ),
          mwh(labels.consumption, summary.consumptionMwh),
          mwh(labels.excluded, summary.excludedMwh),
          mwh(labels.inScope, summary.inScopeMwh),
          mwh(labels.claimed, summary.claimedMwh),
          mwh(labels.recognised, summary.recognisedMwh),
          mwh(labels.stillToProcure, summary.stillToProcureMwh),
          scope2(
            labels.scope2LocationBased,
            summary.scope2.locationBasedTCo2e,
            summary.scope2.locationBasedComplete,
          ),
          scope2(
            labels.scope2MarketBased,
            summary.scope2.marketBasedTCo2e,
            summary.scope2.marketBasedComplete,
          ),
        ],
      }),
    ],
  };
}

/**
 * The trajectory as tables (exceljs draws no charts): the RE % achieved and required by reporting year, the
 * required path to the target year, and the milestones.
 */
export function trajectorySheet(model: ReportModel, text: ReportText): SheetSpec {
  const { trajectory } = model.content;
  const { labels } = text;
  const noTarget = trajectory.path.length === 0;
  return {
    id: 'trajectory',
    name: labels.trajectory,
    contents: text.sections.trajectory,
    blocks: [
      lines(title(text.sections.trajectory), noTarget && note(text.sentences.noTrajectory)),
      table({
        columns: [
          { header: labels.year, kind: 'year' },
          { header: labels.achieved, kind: 'percent' },
          { header: labels.requiredPercent, kind: 'percent' },
        ],
        rows: trajectory.years.map((y) => [y.year, y.rePercent, y.requiredPercent]),
      }),
      lines(heading(labels.trajectory)),
      table({
        columns: [
          { header: labels.year, kind: 'year' },
          { header: labels.requiredPercent, kind: 'percent' },
        ],
        rows: trajectory.path.map((p) => [p.year, p.requiredPercent]),
        empty: text.sentences.noTrajectory,
      }),
      lines(heading(labels.milestone)),
      table({
        columns: [
          { header: labels.year, kind: 'year' },
          { header: labels.requiredPercent, kind: 'percent' },
          { header: labels.kind, kind: 'text' },
        ],
        rows: trajectory.milestones.map((m) => [
          m.year,
          m.percent,
          m.kind === 'TARGET' ? labels.target : labels.milestone,
        ]),
        empty: text.sentences.noTrajectory,
      }),
    ],
  };
}

/** Claims, claimed and recognised MWh and RE % by RE100 procurement type (1–5), as the model gives them. */
export function procurementTable(rows: readonly ProcurementMixRow[], text: ReportText) {
  const { labels } = text;
  return table({
    columns: [
      { header: labels.procurementType, kind: 'text' },
      { header: labels.claimCount, kind: 'count' },
      { header: withUnit(labels.claimed, labels.mwh), kind: 'mwh' },
      { header: withUnit(labels.recognised, labels.mwh), kind: 'mwh' },
      { header: labels.rePercent, kind: 'percent' },
    ],
    rows: rows.map((r) => [
      text.procurementTypes[String(r.type)] ?? String(r.type),
      r.claimCount,
      r.claimedMwh,
      r.recognisedMwh,
      r.rePercent,
    ]),
  });
}

export function procurementMixSheet(model: ReportModel, text: ReportText): SheetSpec {
  return {
    id: 'procurementMix',
    name: text.sections.procurementMix,
    contents: text.sentences.chartMix || text.sections.procurementMix,
    blocks: [
      lines(title(text.sections.procurementMix), note(text.sentences.chartMix)),
      procurementTable(model.content.procurementMix, text),
    ],
  };
}
