import { parseInstant } from './time';

describe('parseInstant (C-2)', () => {
  it('accepts instants with Z or an offset', () => {
    expect(parseInstant('2026-03-29T01:00:00+01:00')?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(parseInstant('2026-01-01T00:00Z')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    '2026-01-01T24:00:00Z',
    '9999-12-31T23:59:59-14:00',
    '0000-01-01T00:00:00Z',
    '2026-01-01T12:60:00Z',
    '2026-01-01T00:00:00+23:59',
    '2026-01-01T00:00:00',
    '2026-01-01',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '',
    5,
  ])('refuses %p', (value) => expect(parseInstant(value)).toBeNull());
});
