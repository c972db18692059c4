import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMilestones } from './commitment';
import { forecast, marketGaps, targetTrajectory, TrajectoryPoint, yearGap } from './trajectory';

/** Required % per year as `year → 'percent source'`, for compact hand-computed expectations. */
const table = (points: TrajectoryPoint[]) =>
  Object.fromEntries(points.map((p) => [p.year, `${p.requiredPercent} ${p.source}`]));

const hundredths = (percent: string) => BigInt(percent.replace('.', ''));

describe('RE100 target trajectory (RE100-TGT-1)', () => {
  it('runs linearly from the baseline year to 100 % at the target year, rounded up to 0.01', () => {
    // Baseline 2022 at 20 %, target 2040: 20 + 80 × (year − 2022) / 18.
    const points = targetTrajectory(
      { targetYear: 2040, baselineYear: 2022, milestones: defaultMilestones(2040) },
      '20.00',
      2022,
      2040,
    );
    expect(points.map((p) => p.year)).toEqual(Array.from({ length: 19 }, (_, i) => 2022 + i));
    expect(table(points)).toMatchObject({
      2022: '20.00 BASELINE',
      2023: '24.45 LINEAR', // 24.444…
      2026: '37.78 LINEAR', // 37.777…
      2029: '51.12 LINEAR', // 51.111…
      2030: '60.00 MILESTONE', // the line is at 55.555…, RE100 requires 60 % by 2030
      2031: '60.00 LINEAR', // exactly 60: the line binds on a tie
      2032: '64.45 LINEAR', // 64.444…
      2039: '95.56 LINEAR', // 95.555…
      2040: '100.00 TARGET',
    });
  });

  it('applies RE100 milestones even when a stored commitment omits them', () => {
    const points = targetTrajectory(
      { targetYear: 2040, baselineYear: 2022, milestones: [] },
      '20.00',
      2030,
      2030,
    );
    expect(points).toEqual([{ year: 2030, requiredPercent: '60.00', source: 'MILESTONE' }]);
  });

  it('is lifted by the 60 % (2030) and 90 % (2040) milestones on a slow linear path', () => {
    // Baseline 2020 at 5 %, target 2050: 5 + 95 × (year − 2020) / 30.
    const points = targetTrajectory(
      {
        targetYear: 2050,
        baselineYear: 2020,
        milestones: [
          { year: 2030, percent: 60 },
          { year: 2040, percent: 90 },
        ],
      },
      '5.00',
      2020,
      2050,
    );
    expect(table(points)).toMatchObject({
      2020: '5.00 BASELINE',
      2029: '33.50 LINEAR', // 5 + 28.5
      2030: '60.00 MILESTONE', // line 36.666…
      2031: '60.00 MILESTONE', // line 39.833…: the milestone holds every later year
      2037: '60.00 MILESTONE', // line 58.833…
      2038: '62.00 LINEAR', // 5 + 57
      2039: '65.17 LINEAR', // 65.166…
      2040: '90.00 MILESTONE', // line 68.333…
      2046: '90.00 MILESTONE', // line 87.333…
      2047: '90.50 LINEAR', // 5 + 85.5
      2048: '93.67 LINEAR', // 93.666…
      2049: '96.84 LINEAR', // 96.833…
      2050: '100.00 TARGET',
    });
  });

  it('follows a stricter declared milestone instead of the RE100 minimum', () => {
    // Baseline 2024 at 30 %, target 2040, 70 % by 2027: 30 + 70 × (year − 2024) / 16.
    const points = targetTrajectory(
      { targetYear: 2040, baselineYear: 2024, milestones: [{ year: 2027, percent: 70 }] },
      '30.00',
      2024,
      2040,
    );
    expect(table(points)).toMatchObject({
      2024: '30.00 BASELINE',
      2026: '38.75 LINEAR',
      2027: '70.00 MILESTONE', // line 43.125
      2030: '70.00 MILESTONE', // 70 %, not RE100's 60 %
      2033: '70.00 MILESTONE', // line 69.375
      2034: '73.75 LINEAR',
      2039: '95.63 LINEAR', // 95.625 rounded up
      2040: '100.00 TARGET',
    });
  });

  it('has no interim milestone for a 2030 target, skips years before the baseline and stays at 100 % after', () => {
    // Baseline 2025 at 40 %, target 2030: 40 + 12 per year.
    const points = targetTrajectory(
      { targetYear: 2030, baselineYear: 2025, milestones: [] },
      '40.00',
      2020,
      2031,
    );
    expect(points).toEqual([
      { year: 2025, requiredPercent: '40.00', source: 'BASELINE' },
      { year: 2026, requiredPercent: '52.00', source: 'LINEAR' },
      { year: 2027, requiredPercent: '64.00', source: 'LINEAR' },
      { year: 2028, requiredPercent: '76.00', source: 'LINEAR' },
      { year: 2029, requiredPercent: '88.00', source: 'LINEAR' },
      { year: 2030, requiredPercent: '100.00', source: 'TARGET' },
      { year: 2031, requiredPercent: '100.00', source: 'TARGET' },
    ]);
  });

  it('keeps the exact baseline percent on the line and rounds only the result', () => {
    // 33.333 % in 2025 to 100 % in 2028: 2026 = 33.333 + 66.667 / 3 = 55.555… → 55.56.
    const points = targetTrajectory(
      { targetYear: 2028, baselineYear: 2025, milestones: [] },
      '33.333',
      2025,
      2026,
    );
    expect(table(points)).toEqual({ 2025: '33.34 BASELINE', 2026: '55.56 LINEAR' });
  });

  describe('without a baseline year', () => {
    it('starts at 0 % the year before the first milestone and ignores baselinePercent', () => {
      // 0 % in 2029 to 100 % in 2040: 100 × (year − 2029) / 11.
      const points = targetTrajectory(
        { targetYear: 2040, baselineYear: null, milestones: [{ year: 2030, percent: 60 }] },
        '55.00',
        2000,
        2040,
      );
      expect(points[0]).toEqual({ year: 2029, requiredPercent: '0.00', source: 'BASELINE' });
      expect(table(points)).toMatchObject({
        2030: '60.00 MILESTONE', // line 9.09…
        2035: '60.00 MILESTONE', // line 54.54…
        2036: '63.64 LINEAR', // 63.636…
        2039: '90.91 LINEAR', // 90.909…
        2040: '100.00 TARGET',
      });
    });

    it('starts the year before the target year when there is no interim milestone', () => {
      const points = targetTrajectory(
        { targetYear: 2030, baselineYear: null, milestones: [] },
        '0.00',
        2000,
        2030,
      );
      expect(table(points)).toEqual({ 2029: '0.00 BASELINE', 2030: '100.00 TARGET' });
    });
  });

  it('gives only 100 % when the baseline year is the target year', () => {
    const points = targetTrajectory(
      { targetYear: 2030, baselineYear: 2030, milestones: [] },
      '80.00',
      2029,
      2030,
    );
    expect(points).toEqual([{ year: 2030, requiredPercent: '100.00', source: 'TARGET' }]);
  });

  it('rejects malformed input', () => {
    const c = { targetYear: 2040, baselineYear: 2022, milestones: [] };
    expect(() => targetTrajectory(c, '-1', 2022, 2040)).toThrow(RangeError);
    expect(() => targetTrajectory(c, '100.01', 2022, 2040)).toThrow(RangeError);
    expect(() => targetTrajectory(c, '20 %', 2022, 2040)).toThrow(RangeError);
    expect(() => targetTrajectory(c, '20', 2022.5, 2040)).toThrow(RangeError);
    expect(() =>
      targetTrajectory({ ...c, milestones: [{ year: 2030, percent: Number.NaN }] }, '20', 2022, 2040),
    ).toThrow(RangeError);
  });

  it('reads a milestone percent exactly (0.07 % is 0.07, not 0.08)', () => {
    const points = targetTrajectory(
      { targetYear: 2030, baselineYear: 2029, milestones: [{ year: 2029, percent: 0.07 }] },
      '0',
      2029,
      2029,
    );
    expect(points).toEqual([{ year: 2029, requiredPercent: '0.07', source: 'MILESTONE' }]);
  });

  describe('properties', () => {
    const commitment = fc.integer({ min: 2025, max: 2050 }).chain((targetYear) =>
      fc.record({
        targetYear: fc.constant(targetYear),
        baselineYear: fc.option(fc.integer({ min: 2010, max: targetYear }), { nil: null }),
        milestones: fc.uniqueArray(
          fc.record({
            year: fc.integer({ min: 2012, max: targetYear + 2 }),
            percent: fc.integer({ min: 1, max: 10_000 }).map((h) => h / 100),
          }),
          { selector: (m) => m.year, maxLength: 5 },
        ),
      }),
    );
    const baselinePercent = fc
      .integer({ min: 0, max: 100_000 })
      .map((t) => `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, '0')}`);

    it('is non-decreasing, within [0, 100], 100 at the target year, never below a milestone from its year on', () => {
      fc.assert(
        fc.property(commitment, baselinePercent, (c, base) => {
          const points = targetTrajectory(c, base, 2000, c.targetYear + 3);
          const values = points.map((p) => hundredths(p.requiredPercent));
          points.forEach((p, i) => {
            expect(p.requiredPercent).toMatch(/^\d{1,3}\.\d{2}$/);
            expect(values[i] >= 0n && values[i] <= 10_000n).toBe(true);
            if (i > 0) {
              expect(p.year).toBe(points[i - 1].year + 1);
              expect(values[i] >= values[i - 1]).toBe(true);
            }
            if (p.year >= c.targetYear)
              expect(p).toMatchObject({ requiredPercent: '100.00', source: 'TARGET' });
            for (const m of [...c.milestones, ...defaultMilestones(c.targetYear)]) {
              if (p.year >= m.year) expect(values[i] >= BigInt(Math.round(m.percent * 100))).toBe(true);
            }
          });
          expect(points.some((p) => p.year === c.targetYear)).toBe(true);
          if (c.baselineYear !== null) {
            expect(points[0].year).toBe(c.baselineYear);
            // Never understated: the baseline point is the baseline percent rounded up, or higher when a
            // milestone or the target binds.
            const exact = BigInt(base.replace('.', '')); // thousandths
            expect(values[0] * 10n >= exact).toBe(true);
            if (points[0].source === 'BASELINE') expect((values[0] - 1n) * 10n < exact).toBe(true);
          }
        }),
      );
    });
  });
});

describe('yearGap', () => {
  // 63.25 % of 1,234,567,891 Wh = 780,864,191.0575 Wh → 780,864,192 Wh (rounded up).
  const consumption = 1_234_567_891n;

  it('computes the Wh still to procure exactly', () => {
    expect(yearGap('63.25', consumption, 700_000_000n)).toEqual({
      requiredPercent: '63.25',
      requiredWh: 780_864_192n,
      eligibleWh: 700_000_000n,
      stillToProcureWh: 80_864_192n,
      status: 'BEHIND',
    });
    expect(yearGap('63.25', consumption, 780_864_191n)).toMatchObject({
      stillToProcureWh: 1n,
      status: 'BEHIND',
    });
    expect(yearGap('63.25', consumption, 780_864_192n)).toMatchObject({
      stillToProcureWh: 0n,
      status: 'ON_TRACK',
    });
    expect(yearGap('63.25', consumption, 900_000_000n)).toMatchObject({
      stillToProcureWh: 0n,
      status: 'ON_TRACK',
    });
  });

  it('is ACHIEVED when eligible Wh cover all consumption, whatever the year requires', () => {
    expect(yearGap('40.00', consumption, consumption)).toMatchObject({
      status: 'ACHIEVED',
      stillToProcureWh: 0n,
    });
    expect(yearGap('100.00', consumption, consumption)).toMatchObject({
      requiredWh: consumption,
      status: 'ACHIEVED',
    });
    expect(yearGap('100.00', consumption, consumption - 1n)).toMatchObject({
      stillToProcureWh: 1n,
      status: 'BEHIND',
    });
  });

  it('requires nothing without consumption', () => {
    expect(yearGap('63.25', 0n, 0n)).toMatchObject({
      requiredWh: 0n,
      stillToProcureWh: 0n,
      status: 'ON_TRACK',
    });
  });

  it('rejects negative Wh and percentages above 100', () => {
    expect(() => yearGap('50.00', -1n, 0n)).toThrow(RangeError);
    expect(() => yearGap('50.00', 1n, -1n)).toThrow(RangeError);
    expect(() => yearGap('100.5', 1n, 0n)).toThrow(RangeError);
  });

  it('property: stillToProcure ≥ 0, eligible + stillToProcure ≥ required, required rounded up exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (h, c, e) => {
          const percent = `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
          const gap = yearGap(percent, c, e);
          expect(gap.stillToProcureWh >= 0n).toBe(true);
          expect(gap.eligibleWh + gap.stillToProcureWh >= gap.requiredWh).toBe(true);
          expect(gap.requiredWh <= c).toBe(true);
          // requiredWh = ceil(h / 10000 × c)
          expect(gap.requiredWh * 10_000n >= BigInt(h) * c).toBe(true);
          expect(gap.requiredWh === 0n || (gap.requiredWh - 1n) * 10_000n < BigInt(h) * c).toBe(true);
        },
      ),
    );
  });
});

describe('marketGaps (RE100-CALC-1)', () => {
  it('splits the gap by consumption, capped by each market’s shortfall, summing exactly', () => {
    // 50 % of 2,000,000 Wh = 1,000,000 required; eligible 100,000 + 500,000 + 0 → gap 400,000.
    // By consumption: KR 200,000, EU 120,000 > its shortfall 100,000, US 80,000. EU is capped; the other
    // 300,000 split 10:4 → KR 214,285.71…, US 85,714.28… → the one unit left goes to KR (largest remainder).
    const gaps = marketGaps('50.00', [
      { market: 'KR', inScopeConsumptionWh: 1_000_000n, eligibleWh: 100_000n },
      { market: 'EU', inScopeConsumptionWh: 600_000n, eligibleWh: 500_000n },
      { market: 'US_CA', inScopeConsumptionWh: 400_000n, eligibleWh: 0n },
    ]);
    expect(gaps).toEqual([
      // Alone: KR lacks 500,000 − 100,000; EU has 500,000 ≥ 300,000; US_CA lacks 200,000.
      {
        market: 'KR',
        requiredWh: 500_000n,
        eligibleWh: 100_000n,
        stillToProcureWh: 214_286n,
        belowTrajectoryWh: 400_000n,
        status: 'BEHIND',
      },
      {
        market: 'EU',
        requiredWh: 300_000n,
        eligibleWh: 500_000n,
        stillToProcureWh: 100_000n,
        belowTrajectoryWh: 0n,
        status: 'ON_TRACK',
      },
      {
        market: 'US_CA',
        requiredWh: 200_000n,
        eligibleWh: 0n,
        stillToProcureWh: 85_714n,
        belowTrajectoryWh: 200_000n,
        status: 'BEHIND',
      },
    ]);
    expect(gaps.reduce((s, g) => s + g.stillToProcureWh, 0n)).toBe(400_000n);
    expect(yearGap('50.00', 2_000_000n, 600_000n).stillToProcureWh).toBe(400_000n);
  });

  it('never lets a surplus in one market cover another', () => {
    // EU has 900,000 eligible for 600,000 consumed: only 600,000 count. 60 % of 1,000,000 = 600,000
    // required, 600,000 eligible → no gap, although eligible Wh in total exceed the requirement.
    const gaps = marketGaps('60.00', [
      { market: 'EU', inScopeConsumptionWh: 600_000n, eligibleWh: 900_000n },
      { market: 'KR', inScopeConsumptionWh: 400_000n, eligibleWh: 0n },
    ]);
    expect(gaps).toEqual([
      {
        market: 'EU',
        requiredWh: 360_000n,
        eligibleWh: 600_000n,
        stillToProcureWh: 0n,
        belowTrajectoryWh: 0n,
        status: 'ACHIEVED',
      },
      // The organization is on track, KR is not: 60 % of its 400,000 Wh is what it lacks on its own.
      {
        market: 'KR',
        requiredWh: 240_000n,
        eligibleWh: 0n,
        stillToProcureWh: 0n,
        belowTrajectoryWh: 240_000n,
        status: 'BEHIND',
      },
    ]);
    // At 70 % the 100,000 Wh gap can only be bought in KR (EU has no shortfall).
    expect(
      marketGaps('70.00', [
        { market: 'EU', inScopeConsumptionWh: 600_000n, eligibleWh: 900_000n },
        { market: 'KR', inScopeConsumptionWh: 400_000n, eligibleWh: 0n },
      ]).map((g) => g.stillToProcureWh),
    ).toEqual([0n, 100_000n]);
  });

  it('rounds by largest remainder with ties to the market listed first', () => {
    // 66.66 % of 3 Wh = 1.9998 → 2 Wh required, nothing eligible: 2 Wh over three equal markets → 1, 1, 0.
    const gaps = marketGaps('66.66', [
      { market: 'A', inScopeConsumptionWh: 1n, eligibleWh: 0n },
      { market: 'B', inScopeConsumptionWh: 1n, eligibleWh: 0n },
      { market: 'C', inScopeConsumptionWh: 1n, eligibleWh: 0n },
    ]);
    expect(gaps.map((g) => [g.requiredWh, g.stillToProcureWh])).toEqual([
      [1n, 1n],
      [1n, 1n],
      [0n, 0n],
    ]);
  });

  it('handles no markets and rejects duplicates', () => {
    expect(marketGaps('50.00', [])).toEqual([]);
    const m = { market: 'KR', inScopeConsumptionWh: 1n, eligibleWh: 0n };
    expect(() => marketGaps('50.00', [m, m])).toThrow(RangeError);
  });

  it('property: shares sum to the organization’s gap, each within its market’s shortfall', () => {
    const market = fc.record({
      inScopeConsumptionWh: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      eligibleWh: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(market, { maxLength: 8 }), (h, ms) => {
        const percent = `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
        const input = ms.map((m, i) => ({ market: `M${i}`, ...m }));
        const gaps = marketGaps(percent, input);
        const consumption = input.reduce((s, m) => s + m.inScopeConsumptionWh, 0n);
        const capped = input.map((m) =>
          m.eligibleWh < m.inScopeConsumptionWh ? m.eligibleWh : m.inScopeConsumptionWh,
        );
        const total = yearGap(
          percent,
          consumption,
          capped.reduce((s, e) => s + e, 0n),
        );
        expect(gaps.reduce((s, g) => s + g.stillToProcureWh, 0n)).toBe(total.stillToProcureWh);
        expect(gaps.reduce((s, g) => s + g.requiredWh, 0n)).toBe(total.requiredWh);
        gaps.forEach((g, i) => {
          expect(g.eligibleWh).toBe(capped[i]);
          expect(g.stillToProcureWh >= 0n).toBe(true);
          expect(g.stillToProcureWh <= input[i].inScopeConsumptionWh - capped[i]).toBe(true);
        });
      }),
    );
  });
});

describe('forecast', () => {
  // Baseline 2024 at 40 %, target 2030: 50, 60, 70, 80, 90 % in 2025–2029.
  const trajectory = targetTrajectory(
    { targetYear: 2030, baselineYear: 2024, milestones: [] },
    '40.00',
    2024,
    2030,
  );
  const consumption = 500_000_000n;

  it('counts contracts pro rata by days covered, against last year’s consumption held flat', () => {
    const contracts = [
      // Starts mid-year: 2025-07-01..12-31 is 184 of 365 days → 184,000,000 Wh in 2025.
      { expectedAnnualWh: 365_000_000n, startDate: '2025-07-01', endDate: null },
      // Ends in 2026: 2026-01-01..03-31 is 90 of 365 days → 24,657,534.24… Wh in 2026.
      { expectedAnnualWh: 100_000_000n, startDate: '2020-01-01', endDate: '2026-03-31' },
      // Ended before the forecast.
      { expectedAnnualWh: 999_000_000n, startDate: '2020-01-01', endDate: '2024-12-31' },
    ];
    expect(forecast([2025, 2026, 2027, 2028, 2029], contracts, consumption, trajectory)).toEqual([
      {
        year: 2025,
        expectedRenewableWh: 284_000_000n,
        assumedConsumptionWh: consumption,
        forecastPercent: '56.80',
        requiredPercent: '50.00',
        status: 'ON_TRACK',
      },
      {
        year: 2026,
        expectedRenewableWh: 389_657_534n, // (365,000,000 × 365 + 100,000,000 × 90) / 365, rounded down
        assumedConsumptionWh: consumption,
        forecastPercent: '77.93',
        requiredPercent: '60.00',
        status: 'ON_TRACK',
      },
      {
        year: 2027,
        expectedRenewableWh: 365_000_000n,
        assumedConsumptionWh: consumption,
        forecastPercent: '73.00',
        requiredPercent: '70.00',
        status: 'ON_TRACK',
      },
      {
        year: 2028,
        expectedRenewableWh: 365_000_000n, // leap year, covered 366 of 366 days
        assumedConsumptionWh: consumption,
        forecastPercent: '73.00',
        requiredPercent: '80.00',
        status: 'BEHIND',
      },
      {
        year: 2029,
        expectedRenewableWh: 365_000_000n,
        assumedConsumptionWh: consumption,
        forecastPercent: '73.00',
        requiredPercent: '90.00',
        status: 'BEHIND',
      },
    ]);
  });

  it('uses 366 days in a leap year and counts both contract dates', () => {
    // 2028-03-01..12-31 is 306 of 366 days; a one-day contract counts one day.
    const [y] = forecast(
      [2028],
      [
        { expectedAnnualWh: 366_000_000n, startDate: '2028-03-01', endDate: null },
        { expectedAnnualWh: 366_000_000n, startDate: '2028-02-29', endDate: '2028-02-29' },
      ],
      consumption,
      trajectory,
    );
    expect(y.expectedRenewableWh).toBe(307_000_000n);
  });

  it('caps the percent at 100, reports ACHIEVED, and needs 100 % after the target year', () => {
    const [y] = forecast(
      [2035],
      [{ expectedAnnualWh: 600_000_000n, startDate: '2025-01-01', endDate: null }],
      consumption,
      trajectory,
    );
    expect(y).toEqual({
      year: 2035,
      expectedRenewableWh: 600_000_000n,
      assumedConsumptionWh: consumption,
      forecastPercent: '100.00',
      requiredPercent: '100.00',
      status: 'ACHIEVED',
    });
  });

  it('counts reporting years from their start month', () => {
    // Reporting year 2025 runs 2025-04-01..2026-03-31 (365 days): a contract from 2025-04-01 covers all of it.
    const [y] = forecast(
      [2025],
      [{ expectedAnnualWh: 365_000_000n, startDate: '2025-04-01', endDate: '2035-03-31' }],
      consumption,
      trajectory,
      { startMonth: 4 },
    );
    expect(y.expectedRenewableWh).toBe(365_000_000n);
    // The calendar year would have counted 275 of 365 days.
    const [calendar] = forecast(
      [2025],
      [{ expectedAnnualWh: 365_000_000n, startDate: '2025-04-01', endDate: '2035-03-31' }],
      consumption,
      trajectory,
    );
    expect(calendar.expectedRenewableWh).toBe(275_000_000n);
    expect(() => forecast([2025], [], consumption, trajectory, { startMonth: 13 })).toThrow(RangeError);
  });

  it('never lets a market’s surplus cover another market (RE100-CALC-1)', () => {
    // US-CA consumed 100 MWh, KR 400 MWh: a 450 MWh US virtual PPA counts 100; a KR contract of 50 counts 50;
    // a contract whose market is unknown counts up to the total only; a market without consumption, nothing.
    const markets = new Map([
      ['US-CA', 100_000_000n],
      ['KR', 400_000_000n],
    ]);
    const [y] = forecast(
      [2025],
      [
        { expectedAnnualWh: 450_000_000n, startDate: '2025-01-01', endDate: null, market: 'US-CA' },
        { expectedAnnualWh: 50_000_000n, startDate: '2025-01-01', endDate: null, market: 'KR' },
        { expectedAnnualWh: 20_000_000n, startDate: '2025-01-01', endDate: null, market: null },
        { expectedAnnualWh: 70_000_000n, startDate: '2025-01-01', endDate: null, market: 'JP' },
      ],
      consumption,
      trajectory,
      { marketConsumptionWh: markets },
    );
    expect(y.expectedRenewableWh).toBe(170_000_000n); // 100 + 50 + 20
    expect(y.forecastPercent).toBe('34.00');
  });

  it('rejects a year the trajectory does not cover and malformed contracts', () => {
    expect(() => forecast([2023], [], consumption, trajectory)).toThrow(RangeError);
    expect(() =>
      forecast(
        [2025],
        [{ expectedAnnualWh: 1n, startDate: '2025-02-30', endDate: null }],
        consumption,
        trajectory,
      ),
    ).toThrow(RangeError);
    expect(() =>
      forecast(
        [2025],
        [{ expectedAnnualWh: 1n, startDate: '2025-02-01', endDate: '2025-01-31' }],
        consumption,
        trajectory,
      ),
    ).toThrow(RangeError);
  });
});

describe('trajectory purity', () => {
  it('imports no framework, database or I/O module', () => {
    const source = readFileSync(join(__dirname, 'trajectory.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((path) => path.startsWith('./'))).toBe(true);
  });
});
