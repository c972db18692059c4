import { commitmentProblems, defaultMilestones } from './commitment';

const codes = (c: Parameters<typeof commitmentProblems>[0]) => commitmentProblems(c).map((p) => p.code);

describe('RE100 commitment (RE100-TGT-1)', () => {
  it('accepts the default milestones for a 2050 target', () => {
    expect(codes({ targetYear: 2050, baselineYear: 2020, milestones: defaultMilestones(2050) })).toEqual([]);
  });

  it('accepts earlier and stricter milestones', () => {
    expect(
      codes({
        targetYear: 2040,
        baselineYear: null,
        milestones: [
          { year: 2028, percent: 70 },
          { year: 2035, percent: 95 },
        ],
      }),
    ).toEqual([]);
  });

  it('needs no interim milestone that the target year already meets', () => {
    expect(defaultMilestones(2030)).toEqual([]);
    expect(codes({ targetYear: 2030, baselineYear: null, milestones: [] })).toEqual([]);
    expect(defaultMilestones(2035)).toEqual([{ year: 2030, percent: 60 }]);
  });

  it('rejects a target after 2050', () => {
    expect(codes({ targetYear: 2051, baselineYear: null, milestones: defaultMilestones(2050) })).toContain(
      'RE100_TARGET_TOO_LATE',
    );
  });

  it('rejects a looser milestone (50 % by 2030)', () => {
    expect(
      codes({
        targetYear: 2050,
        baselineYear: null,
        milestones: [
          { year: 2030, percent: 50 },
          { year: 2040, percent: 90 },
        ],
      }),
    ).toEqual(['RE100_MILESTONE_TOO_LOOSE']);
  });

  it('rejects a later milestone (60 % by 2032)', () => {
    expect(
      codes({
        targetYear: 2050,
        baselineYear: null,
        milestones: [
          { year: 2032, percent: 60 },
          { year: 2040, percent: 90 },
        ],
      }),
    ).toEqual(['RE100_MILESTONE_TOO_LOOSE']);
  });

  it('rejects milestones at or after the target, duplicates and decreasing percentages', () => {
    expect(
      codes({
        targetYear: 2040,
        baselineYear: null,
        milestones: [
          { year: 2030, percent: 60 },
          { year: 2040, percent: 90 },
        ],
      }),
    ).toContain('RE100_MILESTONE_AFTER_TARGET');
    expect(
      codes({
        targetYear: 2050,
        baselineYear: null,
        milestones: [
          { year: 2030, percent: 60 },
          { year: 2030, percent: 65 },
          { year: 2040, percent: 90 },
        ],
      }),
    ).toContain('RE100_MILESTONE_DUPLICATE');
    expect(
      codes({
        targetYear: 2050,
        baselineYear: null,
        milestones: [
          { year: 2028, percent: 80 },
          { year: 2030, percent: 60 },
          { year: 2040, percent: 90 },
        ],
      }),
    ).toContain('RE100_MILESTONES_DECREASING');
  });

  it('rejects a baseline after the target', () => {
    expect(codes({ targetYear: 2040, baselineYear: 2041, milestones: defaultMilestones(2040) })).toContain(
      'RE100_BASELINE_AFTER_TARGET',
    );
  });
});
