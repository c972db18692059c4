import type { FactorSetInfo } from '../../../model/report-model';
import { EMPTY } from '../../format';
import { words, type SectionContext } from '../context';
import { COLOR, SIZE } from '../style';
import { drawTable } from '../table';

/** How the figures were made: the ruleset and its parameters, the rules, exclusions, factors, rounding. */
export function methodologySection(ctx: SectionContext): void {
  const { content, text, flow } = ctx;
  const { labels, sections, sentences } = text;
  const { ruleset, methodology } = content;
  flow.section(sections.methodology, 'landscape');
  flow.keyValues([
    { label: labels.ruleset, value: `${ruleset.id} · ${ruleset.label}`, style: { weight: 'bold' } },
    { label: labels.rulesetForPeriod, value: ruleset.forPeriod },
  ]);
  // Two lists side by side: the parameters are many and short.
  const half = Math.ceil(ruleset.parameters.length / 2);
  const pairs = ruleset.parameters.slice(0, half).map((p, i) => {
    const q = ruleset.parameters[half + i];
    return { cells: [p.name, p.value, q?.name ?? '', q?.value ?? ''] };
  });
  const pair = [{ header: labels.parameter }, { header: labels.value }];
  drawTable(flow, [...pair, ...pair], pairs, { compact: true });

  flow.heading(labels.rules);
  flow.paragraph(methodology.rules.join(', ') || labels.none, { size: SIZE.body });
  flow.heading(labels.configurable);
  flow.paragraph(sentences.configurableNote, { size: SIZE.body, color: COLOR.muted });
  flow.paragraph(methodology.configurable.join(', ') || labels.none, { size: SIZE.body });

  flow.heading(labels.exclusions);
  if (methodology.exclusions.length === 0)
    flow.paragraph(labels.none, { size: SIZE.body, color: COLOR.muted });
  else
    drawTable(
      flow,
      [{ header: labels.site }, { header: labels.reasons }],
      methodology.exclusions.map((e) => ({
        // Each reason code is said in words.
        cells: [e.siteName || e.siteId, e.reasons.map((r) => words(text.siteExclusionReasons, r)).join(' ')],
      })),
    );

  flow.heading(sections.factors);
  for (const set of content.factorSets) factorTable(ctx, set);

  flow.heading(labels.rounding);
  flow.bullets(methodology.rounding.map((key) => words(text.rounding, key)));
}

function factorTable({ text, f, flow }: SectionContext, set: FactorSetInfo): void {
  const { labels } = text;
  flow.heading(`${set.name} ${set.version}`, SIZE.subheading);
  if (set.factors.length === 0) {
    flow.paragraph(labels.none, { size: SIZE.body, color: COLOR.muted });
    return;
  }
  drawTable(
    flow,
    [
      { header: labels.factorId, nowrap: true },
      { header: labels.source },
      { header: labels.edition },
      { header: labels.dataYear, nowrap: true },
      { header: labels.region, nowrap: true },
      { header: labels.factorKind },
      { header: labels.value, align: 'right', nowrap: true },
      { header: labels.unit, nowrap: true },
      { header: labels.gas, nowrap: true },
      { header: labels.verified, nowrap: true },
    ],
    set.factors.map((factor) => ({
      cells: [
        factor.id,
        factor.source,
        factor.edition || EMPTY,
        String(factor.dataYear),
        factor.region,
        words(text.factorKinds, factor.kind),
        f.decimal(factor.value),
        factor.unit,
        factor.gas,
        f.yesNo(factor.verified),
      ],
    })),
  );
}
