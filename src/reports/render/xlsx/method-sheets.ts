import type { ReportModel, RestatementSection } from '../../model/report-model';
import type { ReportText } from '../../templates/report-text';
import { formatter } from '../format';
import { typed } from './cells';
import { field, heading, lines, note, SheetSpec, table, title } from './sheet-spec';
import { words } from './re100-sheets';

/**
 * The methodology: the ruleset and its parameters (the main table), the rules applied, the configurable
 * rules with why they are parameters, the exclusions in words, and the rounding conventions.
 */
export function methodologySheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  const { ruleset, methodology, factorSets } = model.content;
  const configurable = new Set(methodology.configurable);
  const { yesNo } = formatter(text);
  return {
    id: 'methodology',
    name: text.sections.methodology,
    contents: text.sections.methodology,
    blocks: [
      lines(
        title(text.sections.methodology),
        field(labels.ruleset, ruleset.label, ruleset.id),
        field(labels.rulesetForPeriod, ruleset.forPeriod),
        ...factorSets.map((set) => field(labels.factorSet, set.name, set.version)),
      ),
      table({
        columns: [
          { header: labels.parameter, kind: 'text' },
          // Parameters are the ruleset's own values ('15/100', 'false', '—'): words, not figures.
          { header: labels.value, kind: 'text' },
        ],
        rows: ruleset.parameters.map((p) => [p.name, p.value]),
      }),
      lines(heading(labels.rules)),
      table({
        columns: [
          { header: labels.rule, kind: 'text' },
          { header: labels.configurable, kind: 'text' },
        ],
        rows: methodology.rules.map((rule) => [rule, yesNo(configurable.has(rule))]),
      }),
      lines(heading(labels.configurable), note(text.sentences.configurableNote)),
      table({
        columns: [{ header: labels.rule, kind: 'text' }],
        rows: methodology.configurable.map((rule) => [rule]),
        empty: text.labels.none,
      }),
      lines(heading(labels.exclusions)),
      table({
        columns: [
          { header: labels.site, kind: 'text' },
          { header: labels.reasons, kind: 'wrap', width: 60 },
        ],
        // Each reason code is said in words on its own line.
        rows: methodology.exclusions.map((e) => [
          e.siteName,
          e.reasons.map((code) => words(text.siteExclusionReasons, code)).join('\n'),
        ]),
        empty: text.sentences.noExcludedSites,
      }),
      lines(heading(labels.rounding), ...methodology.rounding.map((key) => note(words(text.rounding, key)))),
    ],
  };
}

/** Every emission factor a figure used (auditors' check 7), its value numeric with its own decimals. */
export function factorsSheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  const { yesNo } = formatter(text);
  return {
    id: 'factors',
    name: text.sections.factors,
    contents: text.sections.factors,
    blocks: [
      lines(title(text.sections.factors)),
      table({
        columns: [
          { header: labels.factorSet, kind: 'text', width: 28 },
          { header: labels.factorId, kind: 'text', width: 34 },
          { header: labels.source, kind: 'wrap', width: 50 },
          { header: labels.edition, kind: 'text' },
          { header: labels.dataYear, kind: 'year' },
          { header: labels.region, kind: 'text' },
          { header: labels.factorKind, kind: 'text', width: 16 },
          { header: labels.value, kind: 'decimal' },
          { header: labels.unit, kind: 'text', width: 14 },
          { header: labels.gas, kind: 'text' },
          { header: labels.verified, kind: 'text' },
        ],
        rows: model.content.factorSets.flatMap((set) =>
          set.factors.map((f) => [
            `${set.name} (${set.version})`,
            f.id,
            f.source,
            f.edition,
            f.dataYear,
            f.region,
            words(text.factorKinds, f.kind),
            f.value,
            f.unit,
            f.gas,
            yesNo(f.verified),
          ]),
        ),
        empty: text.sentences.noRows,
      }),
    ],
  };
}

/** The tie-outs: each check in words, both sides numeric, passed or failed. */
export function checksSheet(model: ReportModel, text: ReportText): SheetSpec {
  const { labels } = text;
  return {
    id: 'checks',
    name: text.sections.checks,
    contents: text.sections.checks,
    blocks: [
      lines(title(text.sections.checks)),
      table({
        columns: [
          { header: labels.check, kind: 'wrap', width: 60 },
          { header: labels.unit, kind: 'text' },
          // Both units (MWh, t CO2e) have 3 decimals in the model.
          { header: labels.expected, kind: 'mwh' },
          { header: labels.actual, kind: 'mwh' },
          { header: labels.result, kind: 'text' },
        ],
        rows: model.content.checks.map((c) => [
          words(text.checks, c.id),
          c.unit === 'MWh' ? labels.mwh : labels.tco2e,
          c.unit === 'MWh' ? c.expected : typed('tco2e', c.expected),
          c.unit === 'MWh' ? c.actual : typed('tco2e', c.actual),
          c.passed ? text.statuses.passed : text.statuses.failed,
        ]),
      }),
    ],
  };
}

/** What changed against the finalized report: the figure's path, both values and the difference. */
export function restatementSheet(restatement: RestatementSection, text: ReportText): SheetSpec {
  const { labels } = text;
  return {
    id: 'restatement',
    name: text.sections.restatement,
    contents: text.sections.restatement,
    blocks: [
      lines(
        title(text.sections.restatement),
        field(labels.finalizedReport, restatement.finalizedReportId),
        field(labels.modelHash, restatement.finalizedModelHash),
        restatement.reopenedAt !== null && field(labels.reopenedAt, typed('instant', restatement.reopenedAt)),
        restatement.reason !== null && field(labels.reopenReason, restatement.reason),
      ),
      table({
        columns: [
          { header: labels.path, kind: 'text', width: 50 },
          { header: labels.finalizedValue, kind: 'decimal' },
          { header: labels.nowValue, kind: 'decimal' },
          { header: labels.difference, kind: 'decimal' },
        ],
        rows: restatement.changes.map((c) => [c.path, c.finalized, c.now, c.difference]),
        empty: text.sentences.noChanges,
      }),
    ],
  };
}
