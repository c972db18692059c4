import type { DomainProblem } from '../common/app-error';
import type { CodeWithStatus } from '../common/error-codes';

export interface Milestone {
  year: number;
  percent: number;
}

export interface Re100Commitment {
  targetYear: number;
  baselineYear: number | null;
  milestones: Milestone[];
}

/** RE100-TGT-1: 100 % by 2050 at the latest, with at least 60 % by 2030 and 90 % by 2040. */
export const LATEST_TARGET_YEAR = 2050;
export const REQUIRED_MILESTONES: readonly Milestone[] = [
  { year: 2030, percent: 60 },
  { year: 2040, percent: 90 },
];

/** The required interim milestones that fall before the target year (RE100-TGT-1). */
export const defaultMilestones = (targetYear: number): Milestone[] =>
  REQUIRED_MILESTONES.filter((m) => m.year < targetYear).map((m) => ({ ...m }));

/**
 * Problems with a declared commitment, empty when it is valid. Earlier or stricter milestones are
 * accepted; later or looser ones are not (RE100-TGT-1).
 */
export function commitmentProblems(c: Re100Commitment): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const add = (path: string, code: CodeWithStatus<422>, message: string) =>
    problems.push({ path, code, message });

  if (c.targetYear > LATEST_TARGET_YEAR) {
    add(
      're100.targetYear',
      'RE100_TARGET_TOO_LATE',
      `RE100 requires 100 % by ${LATEST_TARGET_YEAR} at the latest`,
    );
  }
  if (c.baselineYear !== null && c.baselineYear > c.targetYear) {
    add(
      're100.baselineYear',
      'RE100_BASELINE_AFTER_TARGET',
      'The baseline year must not be after the target year',
    );
  }
  const sorted = [...c.milestones].sort((a, b) => a.year - b.year);
  c.milestones.forEach((m, i) => {
    if (m.year >= c.targetYear) {
      add(
        `re100.milestones.${i}.year`,
        'RE100_MILESTONE_AFTER_TARGET',
        `Milestone ${m.year} is not before the target year ${c.targetYear}`,
      );
    }
    if (c.milestones.findIndex((other) => other.year === m.year) !== i) {
      add(
        `re100.milestones.${i}.year`,
        'RE100_MILESTONE_DUPLICATE',
        `Milestone year ${m.year} is declared twice`,
      );
    }
  });
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].percent < sorted[i - 1].percent) {
      add(
        're100.milestones',
        'RE100_MILESTONES_DECREASING',
        `Milestone ${sorted[i].year} (${sorted[i].percent} %) is below milestone ${sorted[i - 1].year} (${sorted[i - 1].percent} %)`,
      );
    }
  }
  for (const required of REQUIRED_MILESTONES) {
    if (c.targetYear <= required.year) continue; // 100 % by the target year already meets it
    const met = c.milestones.some((m) => m.year <= required.year && m.percent >= required.percent);
    if (!met) {
      add(
        're100.milestones',
        'RE100_MILESTONE_TOO_LOOSE',
        `RE100 requires at least ${required.percent} % by ${required.year}; declare that or a stricter milestone`,
      );
    }
  }
  return problems;
}
