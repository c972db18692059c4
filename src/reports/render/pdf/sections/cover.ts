import { EMPTY } from '../../format';
import { dataStatusNotice, type SectionContext } from '../context';
import type { KeyValue } from '../flow';
import { COLOR, lineHeight, SIZE } from '../style';

/** Title page: who, which year, under which rules and factors, when, and how final the figures are. */
export function coverSection(ctx: SectionContext): void {
  const { model, content, text, f, flow } = ctx;
  const { labels, sentences, statuses } = text;
  const c = flow.canvas;
  flow.newPage('portrait');
  flow.bookmark(text.sections.cover);
  flow.gap(40);
  c.text(text.sections.cover.toUpperCase(), flow.left, flow.y, {
    size: SIZE.body,
    weight: 'bold',
    color: COLOR.accent,
  });
  flow.gap(lineHeight(SIZE.body) + 4);
  for (const line of flow.type.wrap(text.title, flow.width, SIZE.title, 'bold')) {
    c.text(line, flow.left, flow.y, { size: SIZE.title, weight: 'bold', color: COLOR.text });
    flow.gap(lineHeight(SIZE.title));
  }
  flow.paragraph(text.subtitle, { size: 11, color: COLOR.muted });
  flow.gap(6);
  c.line([flow.left, flow.y], [flow.right, flow.y], COLOR.accent, 1.2);
  flow.gap(16);
  flow.paragraph(content.organization.name, { size: 16, weight: 'bold' });
  flow.gap(8);

  const { period, ruleset } = content;
  const rows: KeyValue[] = [
    { label: labels.legalEntity, value: content.organization.legalEntityName },
    { label: labels.reportingYear, value: String(period.year), style: { weight: 'bold' } },
    { label: labels.period, value: `${f.date(period.start)} – ${f.date(period.end)}` },
    { label: labels.timeZone, value: period.timeZone },
    { label: labels.ruleset, value: `${ruleset.id} · ${ruleset.label}` },
  ];
  if (ruleset.forPeriod !== ruleset.id)
    rows.push({ label: labels.rulesetForPeriod, value: ruleset.forPeriod });
  rows.push(
    {
      label: labels.factorSet,
      value: content.factorSets.map((s) => `${s.name} ${s.version}`).join('; ') || EMPTY,
    },
    { label: labels.asOf, value: `${f.instant(model.asOf, period.timeZone)} (${period.timeZone})` },
    { label: labels.reportId, value: model.reportId ?? EMPTY },
    { label: labels.modelHash, value: model.modelHash, style: { size: SIZE.small } },
    { label: labels.language, value: text.languageName },
    { label: labels.status, value: statuses[model.status], style: { weight: 'bold' } },
  );
  flow.keyValues(rows, 150);
  flow.gap(6);
  flow.notice(sentences[model.status]);
  dataStatusNotice(ctx);
  flow.gap(4);
  flow.paragraph(sentences.modelHashNote, { size: SIZE.small, color: COLOR.muted });
}
