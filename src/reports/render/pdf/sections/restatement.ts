import { EMPTY } from '../../format';
import type { SectionContext } from '../context';
import { COLOR, SIZE } from '../style';
import { drawTable } from '../table';

/** What changed against the finalized report of the year; only in a report that restates one. */
export function restatementSection({ model, content, text, f, flow }: SectionContext): void {
  const restatement = model.restatement;
  if (!restatement) return;
  const { labels, sections, sentences } = text;
  flow.section(sections.restatement, 'landscape');
  flow.keyValues([
    { label: labels.finalizedReport, value: restatement.finalizedReportId, style: { weight: 'bold' } },
    { label: labels.modelHash, value: restatement.finalizedModelHash, style: { size: SIZE.small } },
    { label: labels.reopenedAt, value: f.instant(restatement.reopenedAt, content.period.timeZone) },
    { label: labels.reopenReason, value: restatement.reason ?? EMPTY },
  ]);
  if (restatement.changes.length === 0) {
    flow.paragraph(sentences.noChanges, { size: SIZE.body, color: COLOR.muted });
    return;
  }
  drawTable(
    flow,
    [
      { header: labels.path },
      { header: labels.finalizedValue, align: 'right', nowrap: true },
      { header: labels.nowValue, align: 'right', nowrap: true },
      { header: labels.difference, align: 'right', nowrap: true },
    ],
    restatement.changes.map((c) => ({
      cells: [c.path, f.decimal(c.finalized), f.decimal(c.now), f.decimal(c.difference)],
    })),
  );
}
