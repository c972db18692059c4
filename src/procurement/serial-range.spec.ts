import { serialRange, whPerCertificate } from './serial-range';

describe('serial ranges (invariant 3, domain §5)', () => {
  it('counts the certificates of a range with a shared prefix', () => {
    expect(serialRange('GO-NL-2026-000001', 'GO-NL-2026-000500')).toEqual({
      ok: true,
      prefix: 'GO-NL-2026-',
      from: 1n,
      to: 500n,
      count: 500n,
    });
    expect(serialRange('1001', '1001')).toEqual({ ok: true, prefix: '', from: 1001n, to: 1001n, count: 1n });
    expect(serialRange('MRETS-9', 'MRETS-10')).toMatchObject({ ok: true, count: 2n });
  });

  it.each([
    ['GO-A-1', 'GO-B-5'],
    ['GO-1', 'GO-X'],
    ['GO-9', 'GO-1'],
  ])('refuses %s … %s', (a, b) =>
    expect(serialRange(a, b)).toMatchObject({ ok: false, code: 'INVALID_SERIAL' }),
  );

  it('knows the energy behind one certificate', () => {
    expect(whPerCertificate('GO')).toBe(1_000_000n);
    expect(whPerCertificate('GRANULAR_CERT')).toBe(1n);
    expect(whPerCertificate('K_REC')).toBeNull();
  });
});
