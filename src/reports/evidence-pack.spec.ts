import { readFileSync } from 'node:fs';
import path from 'node:path';
import { claimsCsv, csvCell, MeterMonth, meterMonthsCsv, monthsMatchReport } from './evidence-pack';
import type { ReportModel } from './model/report-model';

const model = JSON.parse(
  readFileSync(path.join(__dirname, '../../test/fixtures/report-model.json'), 'utf8'),
) as ReportModel;

describe('evidence pack CSV files', () => {
  it('quotes what needs quoting and never lets a name become a spreadsheet formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=HYPERLINK("http://x")', '+1', '-1+2', '@SUM(A1)', '\tx'])
      expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('lists every claim with its verdict and reason codes', () => {
    const lines = claimsCsv(model).trimEnd().split('\r\n');
    expect(lines).toHaveLength(model.content.claims.length + 1);
    expect(lines[0].split(',')).toHaveLength(30);
    const ineligible = model.content.claims.find((c) => c.status === 'INELIGIBLE')!;
    expect(lines.find((l) => l.startsWith(ineligible.claimId))).toContain(ineligible.reasons.join(' '));
  });

  it('says whether the months add up to each meter’s energy in the report', () => {
    const meters = model.content.dataQuality.sites.flatMap((s) =>
      s.meters.map((m) => ({ site: s, meter: m })),
    );
    const months: MeterMonth[] = meters.map(({ site, meter }) => ({
      siteId: site.siteId,
      siteName: site.name,
      meterId: meter.meterId,
      externalId: meter.externalId,
      direction: meter.direction,
      month: '2025-01',
      wh: BigInt(meter.mwh.replace('.', '')) * 1000n,
      readings: meter.receivedIntervals,
      estimatedWh: 0n,
    }));
    expect(monthsMatchReport(model, months)).toBe(true);
    expect(monthsMatchReport(model, [{ ...months[0], wh: months[0].wh + 1000n }, ...months.slice(1)])).toBe(
      false,
    );
    expect(monthsMatchReport(model, months.slice(1))).toBe(false);
    expect(meterMonthsCsv(months.slice(0, 1)).split('\r\n')[1]).toContain(`,${months[0].wh},`);
  });
});
