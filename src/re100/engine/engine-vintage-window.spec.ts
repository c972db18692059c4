import { vintageWindowOf } from './engine';
import { claim, evaluate2024, mwh, site, verdictOf } from '../../../test/support/re100-fixtures';
import { RE100_TC_V4_1 } from './ruleset';

/**
 * RE100-CLAIM-3: production from 6 months before the reporting period to 3 months after it. For calendar
 * 2024 the window is 2023-07-01 … 2025-03-31, both days inclusive. A certificate's whole production
 * period (vintageStart … vintageEnd, both inclusive) must lie inside it.
 */
const SITES = [site('de-1', 'DE', 1_000)];
const withVintage = (vintageStart: string, vintageEnd: string) =>
  verdictOf(evaluate2024(SITES, [claim('c', 100, { instrument: { vintageStart, vintageEnd } })]), 'c');

describe('RE100 engine: vintage window (RE100-CLAIM-3)', () => {
  it('is 2023-07-01 … 2025-03-31 for calendar 2024', () => {
    expect(vintageWindowOf('2024-01-01', '2024-12-31', RE100_TC_V4_1)).toEqual({
      first: '2023-07-01',
      last: '2025-03-31',
    });
    expect(evaluate2024(SITES, []).provenance.vintageWindow).toEqual({
      first: '2023-07-01',
      last: '2025-03-31',
    });
  });

  it.each([
    ['the first eligible day', '2023-07-01', '2023-07-31', 100],
    ['the day before the window', '2023-06-30', '2023-07-31', 0],
    ['the last eligible day', '2025-03-01', '2025-03-31', 100],
    ['the day after the window', '2025-03-01', '2025-04-01', 0],
    ['the reporting year itself', '2024-01-01', '2024-12-31', 100],
    ['one day, the window’s first', '2023-07-01', '2023-07-01', 100],
    ['one day, the window’s last', '2025-03-31', '2025-03-31', 100],
    ['a period spanning the whole window and more', '2023-01-01', '2025-12-31', 0],
  ])('%s (%s … %s)', (_name, start, end, eligibleMwh) => {
    const v = withVintage(start, end);
    expect(v.eligibleWh).toBe(mwh(eligibleMwh));
    expect(v.reasons).toEqual(eligibleMwh ? [] : ['VINTAGE_OUT_OF_WINDOW']);
    expect(v.basis.vintage).toEqual({ start, end });
  });

  it('follows a fiscal year (April 2024 – March 2025: 2023-10-01 … 2025-06-30)', () => {
    expect(vintageWindowOf('2024-04-01', '2025-03-31', RE100_TC_V4_1)).toEqual({
      first: '2023-10-01',
      last: '2025-06-30',
    });
  });

  it('clamps to the month’s end (a period starting 2024-08-31: 6 months before is 2024-02-29)', () => {
    expect(vintageWindowOf('2024-08-31', '2025-08-30', RE100_TC_V4_1).first).toBe('2024-02-29');
  });

  it('takes the months from the ruleset (configurable: 12 before, 0 after)', () => {
    expect(
      vintageWindowOf('2024-01-01', '2024-12-31', {
        ...RE100_TC_V4_1,
        vintageMonthsBefore: 12,
        vintageMonthsAfter: 0,
      }),
    ).toEqual({
      first: '2023-01-01',
      last: '2024-12-31',
    });
  });

  it('does not check a vintage for metered self-generation (no certificate)', () => {
    const v = verdictOf(
      evaluate2024(SITES, [claim('c', 100, { method: 'SELF_GEN_OWNED', instrument: null })]),
      'c',
    );
    expect(v).toMatchObject({ eligibleWh: mwh(100), basis: { vintage: null } });
  });
});
