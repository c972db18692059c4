import { whToMwh } from '../../common/energy';
import { groupDigits } from '../views/components';

/** Energy the API gives in Wh, shown in MWh with 3 decimals as the API's own `…Mwh` fields, grouped. */
export const mwhOf = (wh: string): string => groupDigits(whToMwh(BigInt(wh)));

/** Energy in Wh as an exact MWh figure for a form field ("12000", "0.5", "1.000001"): nothing rounded. */
export const exactMwhOf = (wh: string): string =>
  whToMwh(BigInt(wh), 6)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
