import { words, type SectionContext } from '../context';
import { COLOR } from '../style';
import { drawTable } from '../table';

/** The tie-outs (auditors' check 8): what is compared, both sides, and whether they agree. */
export function checksSection({ content, text, f, flow }: SectionContext): void {
  const { labels, sections, statuses } = text;
  flow.section(sections.checks, 'landscape');
  drawTable(
    flow,
    [
      { header: labels.check },
      { header: labels.unit, nowrap: true },
      { header: labels.expected, align: 'right', nowrap: true },
      { header: labels.actual, align: 'right', nowrap: true },
      { header: labels.result, nowrap: true },
    ],
    content.checks.map((check) => ({
      cells: [
        words(text.checks, check.id),
        check.unit === 'MWh' ? labels.mwh : labels.tco2e,
        f.decimal(check.expected),
        f.decimal(check.actual),
        {
          // '✗' is in none of the fonts; '×' is.
          text: check.passed ? `✓ ${statuses.passed}` : `× ${statuses.failed}`,
          bold: true,
          color: check.passed ? COLOR.passed : COLOR.failed,
        },
      ],
    })),
  );
}
