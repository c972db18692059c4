import { MeterDataQualityDto } from '../../../readings/dto/consumption.dto';
import { percentOf } from '../officer-format';
import { meterStatus } from './sites-view';

const coverage = (over: Partial<MeterDataQualityDto>): MeterDataQualityDto => ({
  meterId: 'm',
  externalId: 'M-1',
  siteId: 's',
  year: 2026,
  checkedFrom: new Date('2026-01-01T00:00:00Z'),
  checkedTo: new Date('2026-02-01T00:00:00Z'),
  expectedIntervals: 2976,
  receivedIntervals: 2976,
  missingIntervals: 0,
  completeness: 1,
  estimatedShare: 0,
  lastReadingAt: new Date('2026-02-01T00:00:00Z'),
  stale: false,
  ...over,
});

describe('a meter’s data quality in words', () => {
  it('says no data, stale (a running year only), gaps or complete', () => {
    expect(meterStatus(coverage({ receivedIntervals: 0, missingIntervals: 2976, stale: true }), false)).toBe(
      'no_data',
    );
    expect(meterStatus(coverage({ missingIntervals: 4, stale: true }), false)).toBe('stale');
    expect(meterStatus(coverage({ missingIntervals: 4, stale: true }), true)).toBe('gaps');
    expect(meterStatus(coverage({ stale: true }), true)).toBe('complete');
    expect(
      meterStatus(coverage({ expectedIntervals: null, missingIntervals: null, completeness: null }), false),
    ).toBe('complete');
  });

  it('never rounds an incomplete meter to 100 % nor a little estimate to 0 %', () => {
    expect(percentOf(0.99996, 'down')).toBe('99.9');
    expect(percentOf(1, 'down')).toBe('100.0');
    expect(percentOf(0.00001, 'up')).toBe('0.1');
    expect(percentOf(0, 'up')).toBe('0.0');
    expect(percentOf(0.125, 'down')).toBe('12.5');
    expect(percentOf(null, 'down')).toBeNull();
  });
});
