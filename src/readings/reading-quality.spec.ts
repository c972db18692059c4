import { isEstimated, parseQuality, qualityClass } from './reading-quality';

describe('reading quality (domain §1, M-4)', () => {
  it.each([
    [undefined, 0],
    [null, 0],
    ['', 0],
    [0, 0],
    [8, 8],
    ['9', 9],
    [' 12 ', 12],
    ['actual', 0],
    ['Estimated', 8],
    ['EDITED', 7],
  ])('reads %p as code %p', (value, code) => expect(parseQuality(value)).toBe(code));

  it.each([1, 13, 99, -1, 8.5, 'maybe', '100', true, {}])('refuses %p', (value) =>
    expect(parseQuality(value)).toBeNull(),
  );

  it('classes codes for reports', () => {
    expect([0, 14, 17, 18, 10].map(qualityClass)).toEqual(['ACTUAL', 'ACTUAL', 'ACTUAL', 'ACTUAL', 'ACTUAL']);
    expect([8, 9, 12].map(qualityClass)).toEqual(['ESTIMATED', 'ESTIMATED', 'ESTIMATED']);
    expect([7, 11].map(qualityClass)).toEqual(['EDITED', 'EDITED']);
    expect(isEstimated(9)).toBe(true);
    expect(isEstimated(7)).toBe(false);
  });
});
