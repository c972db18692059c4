import { Re100ProgressDto, Re100SeriesDto } from '../../re100/dto/progress.dto';
import { Scope2Dto } from '../../emissions/dto/scope2-response.dto';
import { declaredMilestones } from '../../re100/progress';
import { dashboardView } from './dashboard-view';

const market = (market: string, inScopeWh: string, eligibleWh: string, claimedWh: string) => ({
  market,
  inScopeWh,
  inScopeMwh: (Number(inScopeWh) / 1e6).toFixed(3),
  eligibleWh,
  eligibleMwh: (Number(eligibleWh) / 1e6).toFixed(3),
  claimedWh,
});

const progress = {
  year: 2026,
  status: 'BEHIND',
  provisional: true,
  rePercent: '41.66',
  eligibleMwh: '2500.000',
  markets: [
    market('KR', '5000000001', '2000000000', '2600000000'),
    market('EU', '1000000000', '500000000', '500000001'),
  ],
  byProcurementType: [{ type: 4, volumeMwh: '3100.000', eligibleMwh: '2500.000' }],
  target: {
    requiredPercent: '46.00',
    stillToProcureMwh: '260.000',
    markets: [
      { market: 'KR', stillToProcureMwh: '216.667' },
      { market: 'EU', stillToProcureMwh: '43.333' },
    ],
  },
} as unknown as Re100ProgressDto;

const series = {
  targetYear: 2045,
  years: [
    { year: 2025, rePercent: '30.00', requiredPercent: '30.00' },
    { year: 2026, rePercent: '41.66', requiredPercent: '46.00' },
  ],
  trajectory: [2025, 2026, 2029, 2030, 2031, 2040, 2045].map((year) => ({
    year,
    requiredPercent: year === 2030 ? '60.00' : year === 2040 ? '90.00' : year === 2045 ? '100.00' : '40.00',
    source: 'LINEAR',
  })),
} as unknown as Re100SeriesDto;

const scope2 = {
  organization: {
    locationBased: { tCo2e: '2804.100', complete: true },
    marketBased: { tCo2e: '1500.000', complete: false },
  },
} as unknown as Scope2Dto;

/** A commitment to 2045 with one milestone of its own (65 % by 2035): RE100's 2030 and 2040 still apply. */
const milestones = declaredMilestones({
  targetYear: 2045,
  baselineYear: 2025,
  milestones: [{ year: 2035, percent: 65 }],
});

describe('dashboard view', () => {
  const view = dashboardView({ progress, series, scope2, milestones, metersWithProblems: 3 });

  it("takes the API's figures as they are", () => {
    expect(view).toMatchObject({
      year: 2026,
      status: 'BEHIND',
      rePercent: '41.66',
      requiredPercent: '46.00',
      recognisedMwh: '2500.000',
      scope2: {
        locationTCo2e: '2804.100',
        locationComplete: true,
        marketTCo2e: '1500.000',
        marketComplete: false,
      },
      stillToProcure: {
        totalMwh: '260.000',
        markets: [
          { market: 'KR', mwh: '216.667' },
          { market: 'EU', mwh: '43.333' },
        ],
      },
      metersWithProblems: 3,
    });
  });

  it("sums claimed energy and each market's remainder exactly, in Wh", () => {
    // 2,600,000,000 + 500,000,001 Wh = 3,100.000001 MWh, shown with 3 decimals.
    expect(view.claimedMwh).toBe('3100.000');
    expect(view.markets).toEqual([
      { market: 'KR', inScopeMwh: '5000.000', renewableMwh: '2000.000', nonRenewableMwh: '3000.000' },
      { market: 'EU', inScopeMwh: '1000.000', renewableMwh: '500.000', nonRenewableMwh: '500.000' },
    ]);
  });

  it('names the next milestone as declared (as the report does), not the trajectory value of its year', () => {
    expect(milestones.map((m) => `${m.year} ${m.percent}`)).toEqual([
      '2030 60.00',
      '2035 65.00',
      '2040 90.00',
      '2045 100.00',
    ]);
    expect(view.nextMilestone).toEqual({ year: 2030, requiredPercent: '60.00' });
    const at = (year: number) =>
      dashboardView({ progress: { ...progress, year }, series, scope2, milestones, metersWithProblems: 0 })
        .nextMilestone;
    expect(at(2031)).toEqual({ year: 2035, requiredPercent: '65.00' });
    expect(at(2041)).toEqual({ year: 2045, requiredPercent: '100.00' });
    expect(at(2045)).toBeNull();
  });

  it('has no trajectory figures without a commitment', () => {
    const open = dashboardView({
      progress: { ...progress, status: 'NO_TARGET', target: null },
      series: { ...series, targetYear: null, trajectory: [] },
      scope2,
      milestones: declaredMilestones(null),
      metersWithProblems: 0,
    });
    expect(open).toMatchObject({
      requiredPercent: null,
      nextMilestone: null,
      stillToProcure: { totalMwh: null, markets: [] },
    });
  });
});
