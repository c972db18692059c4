import {
  claim,
  evaluate2024,
  LEGAL_ENTITY,
  mwh,
  site,
  verdictOf,
} from '../../../test/support/re100-fixtures';

/**
 * RE100-CLAIM-1: the certificate must be retired for the organization's legal entity. Names compare
 * case-insensitively and ignoring all whitespace; punctuation and words still matter.
 * Legal entity: 'Acme Manufacturing GmbH'. One DE site of 1,000 MWh; each claim 100 MWh.
 */
const beneficiary = (name: string | null) =>
  verdictOf(
    evaluate2024([site('de-1', 'DE', 1_000)], [claim('c', 100, { instrument: { beneficiary: name } })]),
    'c',
  );

describe('RE100 engine: beneficiary (RE100-CLAIM-1)', () => {
  it.each([
    ['the exact name', LEGAL_ENTITY],
    ['other case and extra spaces', '  ACME   manufacturing gmbh '],
    ['spaces removed', 'AcmeManufacturing GmbH'],
    ['tabs and line breaks', 'Acme\tManufacturing\nGmbH'],
  ])('accepts %s', (_name, value) => {
    expect(beneficiary(value)).toMatchObject({
      eligibleWh: mwh(100),
      reasons: [],
      basis: { beneficiary: value },
    });
  });

  it.each([
    ['another legal form', 'Acme Manufacturing AG'],
    ['a trailing full stop', 'Acme Manufacturing GmbH.'],
    ['a sister company', 'Acme Trading GmbH'],
    ['an empty name', ''],
    ['no beneficiary', null],
  ])('refuses %s', (_name, value) => {
    expect(beneficiary(value)).toMatchObject({
      eligibleWh: 0n,
      ineligibleWh: mwh(100),
      reasons: ['BENEFICIARY_MISMATCH'],
    });
  });
});
