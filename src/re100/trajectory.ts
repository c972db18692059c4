import { defaultMilestones } from './commitment';
import { isIsoDate } from './engine/dates';
import { percentOf } from './engine/percent';

/**
 * RE100 progress against the target (issue 4 §6): the required RE % per year, the Wh still to procure to be
 * on that path, how the gap splits across markets, and a forecast from contracts. A pure calculator
 * (style.md §11): plain inputs, plain results, exact bigint arithmetic, no framework or I/O imports.
 *
 * Percentages are decimal strings with 2 places. A *required* percentage is rounded UP to the next 0.01,
 * so a requirement is never understated (linear 34.1176… % reads 34.12); an *achieved* or forecast
 * percentage is rounded down by `percentOf`, so it is never overstated. Invalid input (non-integer years,
 * negative Wh, malformed percentages or dates) throws a RangeError: callers validate first.
 */

export type TrajectorySource = 'BASELINE' | 'LINEAR' | 'MILESTONE' | 'TARGET';
export type ProgressStatus = 'ON_TRACK' | 'BEHIND' | 'ACHIEVED';

export interface TrajectoryPoint {
  year: number;
  /** 2 decimals, e.g. '63.25', rounded up. */
  requiredPercent: string;
  /**
   * Which rule sets the figure: BASELINE (the starting year), LINEAR (the straight line binds), MILESTONE
   * (an interim milestone lifts the line, RE100-TGT-1), TARGET (100 % from the target year on).
   */
  source: TrajectorySource;
}

export interface TrajectoryCommitment {
  targetYear: number;
  baselineYear: number | null;
  milestones: { year: number; percent: number }[];
}

/**
 * The required RE % per year from the baseline year to the target year: linear from the baseline year's
 * RE % to 100 % at the target year, never below any interim milestone (a milestone at year Y with P %
 * lifts every year ≥ Y to at least P %, RE100-TGT-1), and 100 % from the target year on.
 *
 * - Points are returned for the years in [fromYear, toYear] that are not before the start year; years
 *   after the target year are included (100 %, TARGET).
 * - Start year: the baseline year, at `baselinePercent`. Without a baseline year (null), the start is the
 *   year before the first interim milestone (or before the target year when there is none) at 0 %, and
 *   `baselinePercent` is ignored: an organization with no baseline is assumed to start from nothing just
 *   before its first commitment bites.
 * - Milestones: the declared ones plus RE100's own (≥ 60 % by 2030, ≥ 90 % by 2040 before the target year,
 *   `defaultMilestones`). For a valid commitment the latter change nothing (a valid one declares those or
 *   stricter ones); for a stored commitment that predates validation they keep the path from being too
 *   loose. Milestones at or after the target year are ignored (the target's 100 % already binds).
 * - The line and the milestone floors are compared exactly; only the result is rounded up to 0.01.
 */
export function targetTrajectory(
  commitment: TrajectoryCommitment,
  baselinePercent: string,
  fromYear: number,
  toYear: number,
): TrajectoryPoint[] {
  const target = commitment.targetYear;
  assertYear(target, 'targetYear');
  if (commitment.baselineYear !== null) assertYear(commitment.baselineYear, 'baselineYear');
  assertYear(fromYear, 'fromYear');
  assertYear(toYear, 'toYear');

  const floors = milestoneFloors(commitment);
  const start = commitment.baselineYear ?? (floors.length ? floors[0].year : target) - 1;
  const base = commitment.baselineYear === null ? ZERO : parsePercent(baselinePercent, 'baselinePercent');
  const span = BigInt(target - start); // > 0 whenever a year before the target is computed

  const points: TrajectoryPoint[] = [];
  for (let year = Math.max(fromYear, start); year <= toYear; year++) {
    if (year >= target) {
      points.push({ year, requiredPercent: '100.00', source: 'TARGET' });
      continue;
    }
    // Hundredths of a percent on the line: 100 × (b + (100 − b) × k / span), as linNum / linDen.
    const k = BigInt(year - start);
    const linNum = 100n * (base.num * (span - k) + 100n * base.den * k);
    const linDen = base.den * span;
    let floor = 0n;
    for (const m of floors) if (m.year <= year && m.hundredths > floor) floor = m.hundredths;

    if (floor * linDen > linNum) {
      points.push({ year, requiredPercent: formatHundredths(floor), source: 'MILESTONE' });
    } else {
      const source = year === start ? 'BASELINE' : 'LINEAR';
      points.push({ year, requiredPercent: formatHundredths(ceilDiv(linNum, linDen)), source });
    }
  }
  return points;
}

export interface YearGap {
  requiredPercent: string;
  requiredWh: bigint;
  eligibleWh: bigint;
  stillToProcureWh: bigint;
  status: ProgressStatus;
}

/**
 * MWh still to procure in a year to be on the trajectory: requiredWh = ceil(required % × in-scope
 * consumption) (rounded up, like the percentage, so the requirement is never understated),
 * stillToProcure = max(0, requiredWh − eligibleWh). All exact bigint arithmetic.
 *
 * Status: ACHIEVED when eligible renewable Wh cover all in-scope consumption (RE % = 100, RE100 reached;
 * never with zero consumption), else ON_TRACK when eligible ≥ required, else BEHIND. `eligibleWh` is the
 * engine's figure, already capped per market (RE100-CALC-1).
 */
export function yearGap(requiredPercent: string, inScopeConsumptionWh: bigint, eligibleWh: bigint): YearGap {
  assertWh(inScopeConsumptionWh, 'inScopeConsumptionWh');
  assertWh(eligibleWh, 'eligibleWh');
  const requiredWh = requiredWhOf(parsePercent(requiredPercent, 'requiredPercent'), inScopeConsumptionWh);
  const shortfall = requiredWh - eligibleWh;
  return {
    requiredPercent,
    requiredWh,
    eligibleWh,
    stillToProcureWh: shortfall > 0n ? shortfall : 0n,
    status: statusOf(inScopeConsumptionWh, requiredWh, eligibleWh),
  };
}

export interface MarketGap {
  market: string;
  /** This market's share of the organization's requiredWh, proportional to in-scope consumption. */
  requiredWh: bigint;
  /** Eligible Wh capped at the market's consumption (RE100-CALC-1). */
  eligibleWh: bigint;
  /** This market's share of the organization's Wh still to procure. */
  stillToProcureWh: bigint;
  /**
   * What this market alone lacks to be on the trajectory: max(0, ceil(required % × its consumption) −
   * its eligible Wh). Positive while the organization as a whole may be on track (another market's
   * surplus never covers it, RE100-CALC-1).
   */
  belowTrajectoryWh: bigint;
  /** The market measured against the trajectory on its own: ON_TRACK, BEHIND or ACHIEVED. */
  status: ProgressStatus;
}

/**
 * Per market: how much of the year's gap falls in each market, proportionally to in-scope consumption,
 * capped by each market's own shortfall (eligible is capped per market, RE100-CALC-1), in Wh, summing
 * exactly to the total still to procure (largest-remainder rounding).
 *
 * - Totals: required = ceil(required % × Σ consumption); eligible = Σ min(eligible, consumption) per
 *   market, so a surplus in one market never covers another; gap = max(0, required − eligible).
 * - The gap is shared in proportion to consumption; a market whose share would exceed its own shortfall
 *   (consumption − capped eligible, the most that can still count there) gets exactly its shortfall and
 *   the rest is shared again among the others. The sum always equals the gap, since the gap never exceeds
 *   the total shortfall when required % ≤ 100.
 * - A market's stillToProcureWh is therefore its share of the organization's gap, not
 *   max(0, requiredWh − eligibleWh) of that market: eligible Wh above a market's proportional share (but
 *   within its consumption) still lower the organization's gap.
 * - requiredWh per market is the total split in proportion to consumption, also largest-remainder, so it
 *   sums to the total. Ties in remainders go to the market listed first. Results keep the input order;
 *   market names must be unique.
 */
export function marketGaps(
  requiredPercent: string,
  markets: { market: string; inScopeConsumptionWh: bigint; eligibleWh: bigint }[],
): MarketGap[] {
  const percent = parsePercent(requiredPercent, 'requiredPercent');
  const names = new Set<string>();
  for (const m of markets) {
    assertWh(m.inScopeConsumptionWh, `${m.market}.inScopeConsumptionWh`);
    assertWh(m.eligibleWh, `${m.market}.eligibleWh`);
    if (names.has(m.market)) throw new RangeError(`market ${m.market} is listed twice`);
    names.add(m.market);
  }
  const consumption = markets.map((m) => m.inScopeConsumptionWh);
  const eligible = markets.map((m) =>
    m.eligibleWh < m.inScopeConsumptionWh ? m.eligibleWh : m.inScopeConsumptionWh,
  );
  const shortfall = markets.map((_, i) => consumption[i] - eligible[i]);

  const totalRequired = requiredWhOf(percent, sum(consumption));
  const totalGap = totalRequired - sum(eligible);
  const required = apportion(totalRequired, consumption);
  const still = shareCapped(totalGap > 0n ? totalGap : 0n, consumption, shortfall);

  return markets.map((m, i) => {
    const own = yearGap(requiredPercent, consumption[i], eligible[i]);
    return {
      market: m.market,
      requiredWh: required[i],
      eligibleWh: eligible[i],
      stillToProcureWh: still[i],
      belowTrajectoryWh: own.stillToProcureWh,
      status: own.status,
    };
  });
}

export interface ForecastYear {
  year: number;
  expectedRenewableWh: bigint;
  assumedConsumptionWh: bigint;
  forecastPercent: string;
  requiredPercent: string;
  status: ProgressStatus;
}

export interface ForecastContract {
  expectedAnnualWh: bigint;
  /** The RE100 market its energy is claimed in; null when unknown (then capped only by the total). */
  market?: string | null;
  /** YYYY-MM-DD, inclusive. */
  startDate: string;
  /** YYYY-MM-DD, inclusive; null when open-ended. */
  endDate: string | null;
}

export interface ForecastOptions {
  /** First month of the reporting year (1 to 12, default January): a year runs from its first day. */
  startMonth?: number;
  /**
   * Last year's in-scope consumption per market: each market's expected energy counts up to its own
   * consumption, a surplus never covers another market (RE100-CALC-1); a market not listed consumed nothing.
   */
  marketConsumptionWh?: ReadonlyMap<string, bigint>;
}

/**
 * Future years: contracts' expected annual volumes that are active in each year (start/end dates, a
 * contract counts in a year when it covers at least part of it, pro rata by days covered, exact) against
 * last year's consumption held flat; percent capped at 100.
 *
 * - Years are reporting years starting in `startMonth`. Both contract dates are inclusive; a year has 365
 *   or 366 days. Per market, floor(Σ expectedAnnualWh × days covered / days in the year), capped at the
 *   market's consumption when `marketConsumptionWh` is given; expectedRenewableWh is the sum over
 *   markets. The sums are exact and each division rounds down, so the forecast is never overstated.
 * - forecastPercent is `percentOf` (rounded down, capped at 100). requiredPercent comes from the
 *   trajectory point of the same year; a year after a TARGET point is 100 %. A year the trajectory does
 *   not cover otherwise throws a RangeError.
 * - status is `yearGap`'s (compared in Wh, not in rounded percentages).
 * - Whether a contract's volume will pass every RE100 rule is not assessed here; the forecast assumes it.
 */
export function forecast(
  years: number[],
  contracts: ForecastContract[],
  lastYearConsumptionWh: bigint,
  trajectory: TrajectoryPoint[],
  options: ForecastOptions = {},
): ForecastYear[] {
  assertWh(lastYearConsumptionWh, 'lastYearConsumptionWh');
  const startMonth = options.startMonth ?? 1;
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new RangeError(`startMonth must be 1 to 12, got ${startMonth}`);
  }
  const caps = options.marketConsumptionWh;
  const spans = contracts.map((c, i) => {
    assertWh(c.expectedAnnualWh, `contracts.${i}.expectedAnnualWh`);
    const start = dayNumber(c.startDate, `contracts.${i}.startDate`);
    const end = c.endDate === null ? Infinity : dayNumber(c.endDate, `contracts.${i}.endDate`);
    if (end < start) throw new RangeError(`contracts.${i}: endDate ${c.endDate} is before startDate`);
    return { wh: c.expectedAnnualWh, start, end, market: c.market ?? null };
  });

  return years.map((year) => {
    assertYear(year, 'year');
    const first = Date.UTC(year, startMonth - 1, 1) / MS_PER_DAY;
    const last = Date.UTC(year + 1, startMonth - 1, 1) / MS_PER_DAY - 1;
    const daysInYear = BigInt(last - first + 1);
    const whDays = new Map<string | null, bigint>(); // per market: Σ expectedAnnualWh × days covered, exact
    for (const s of spans) {
      const days = Math.min(last, s.end) - Math.max(first, s.start) + 1;
      if (days > 0) whDays.set(s.market, (whDays.get(s.market) ?? 0n) + s.wh * BigInt(days));
    }
    let expectedRenewableWh = 0n;
    for (const [market, sum] of whDays) {
      const expected = sum / daysInYear;
      const cap = caps && market !== null ? (caps.get(market) ?? 0n) : null;
      expectedRenewableWh += cap !== null && cap < expected ? cap : expected;
    }
    const requiredPercent = requiredPercentFor(year, trajectory);
    return {
      year,
      expectedRenewableWh,
      assumedConsumptionWh: lastYearConsumptionWh,
      forecastPercent: percentOf(expectedRenewableWh, lastYearConsumptionWh),
      requiredPercent,
      status: yearGap(requiredPercent, lastYearConsumptionWh, expectedRenewableWh).status,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------

/** A non-negative exact decimal: num / den, den a power of ten. */
interface Decimal {
  num: bigint;
  den: bigint;
}

const ZERO: Decimal = { num: 0n, den: 1n };
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const MS_PER_DAY = 86_400_000;

/** '63.25' → 6325/100; any number of decimals, within [0, 100]. */
function parsePercent(text: string, what: string): Decimal {
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match) throw new RangeError(`${what} is not a decimal percentage: ${String(text)}`);
  const decimals = match[2] ?? '';
  const value = { num: BigInt(match[1] + decimals), den: 10n ** BigInt(decimals.length) };
  if (value.num > 100n * value.den) throw new RangeError(`${what} is above 100: ${text}`);
  return value;
}

/**
 * A milestone's percent (a number, ≤ 2 decimals by the DTO) in hundredths, rounded up. Read from the
 * number's shortest decimal form ('0.07', not 0.07 × 100 = 7.000000000000001), so it is the declared
 * value exactly.
 */
function milestoneHundredths(percent: number, what: string): bigint {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`${what} must be within [0, 100]: ${percent}`);
  }
  const text = String(percent);
  const value = parsePercent(text.includes('e') ? percent.toFixed(20) : text, what);
  return ceilDiv(value.num * 100n, value.den);
}

/** Declared and RE100 milestones before the target year, by year (RE100-TGT-1). */
function milestoneFloors(c: TrajectoryCommitment): { year: number; hundredths: bigint }[] {
  const all = [...c.milestones, ...defaultMilestones(c.targetYear)];
  return all
    .map((m, i) => {
      assertYear(m.year, `milestones.${i}.year`);
      return { year: m.year, hundredths: milestoneHundredths(m.percent, `milestones.${i}.percent`) };
    })
    .filter((m) => m.year < c.targetYear)
    .sort((a, b) => a.year - b.year);
}

function requiredWhOf(percent: Decimal, consumptionWh: bigint): bigint {
  return ceilDiv(percent.num * consumptionWh, 100n * percent.den);
}

function statusOf(consumptionWh: bigint, requiredWh: bigint, eligibleWh: bigint): ProgressStatus {
  if (consumptionWh > 0n && eligibleWh >= consumptionWh) return 'ACHIEVED';
  return eligibleWh >= requiredWh ? 'ON_TRACK' : 'BEHIND';
}

function requiredPercentFor(year: number, trajectory: TrajectoryPoint[]): string {
  const point = trajectory.find((p) => p.year === year);
  if (point) return point.requiredPercent;
  if (trajectory.some((p) => p.source === 'TARGET' && p.year <= year)) return '100.00';
  throw new RangeError(`the trajectory has no required percentage for ${year}`);
}

/**
 * Largest-remainder split of `total` in proportion to `weights`: each gets floor(total × w / Σw), then
 * the units left go one each to the largest remainders (ties: earlier index). Sums exactly to `total`
 * (all zeros when every weight is 0).
 */
export function apportion(total: bigint, weights: bigint[]): bigint[] {
  const whole = sum(weights);
  if (whole === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / whole);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % whole }));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = total - sum(shares);
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * `total` shared in proportion to `weights`, no share above its cap (water-filling): every entry whose
 * proportional share reaches its cap gets the cap, the rest is shared again among the others; the final
 * round is largest-remainder. Capping one entry only raises the others' shares, so fixing every capped
 * entry of a round at once is exact. A final share is floor(x) or floor(x) + 1 with x < cap, so never
 * above the cap. Requires total ≤ Σ caps and a positive weight wherever the cap is positive.
 */
function shareCapped(total: bigint, weights: bigint[], caps: bigint[]): bigint[] {
  const shares = weights.map(() => 0n);
  let active = weights.map((_, i) => i).filter((i) => caps[i] > 0n);
  let left = total;
  while (active.length) {
    const whole = sum(active.map((i) => weights[i]));
    const capped = active.filter((i) => left * weights[i] >= caps[i] * whole);
    if (!capped.length) {
      const split = apportion(
        left,
        active.map((i) => weights[i]),
      );
      active.forEach((i, j) => (shares[i] = split[j]));
      break;
    }
    for (const i of capped) {
      shares[i] = caps[i];
      left -= caps[i];
    }
    active = active.filter((i) => !capped.includes(i));
  }
  return shares;
}

const sum = (values: bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/** ceil(a / b) for a ≥ 0, b > 0. */
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

function formatHundredths(h: bigint): string {
  return `${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;
}

function dayNumber(date: string, what: string): number {
  if (!isIsoDate(date)) throw new RangeError(`${what} is not a date YYYY-MM-DD: ${String(date)}`);
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function assertYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`${what} is not a year: ${year}`);
}

function assertWh(wh: bigint, what: string): void {
  if (typeof wh !== 'bigint' || wh < 0n) throw new RangeError(`${what} must be a non-negative bigint of Wh`);
}
