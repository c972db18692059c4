import type { FactorRow, FactorSet } from '../factor-set';

/**
 * The default factor set of domain.md §8, shipped as data (C-4). Every row is `verified: false` until someone
 * checks it against the publication; values are exact decimal strings in the unit they are published in.
 * A correction is a new row with a new id in a new set version, never an edit of a row below.
 */

const row = (r: Omit<FactorRow, 'verified'>): FactorRow => Object.freeze({ ...r, verified: false });

/** Korea, national grid (GIR / Korea Energy Agency), t CO2e per MWh. Korea has no residual mix (S2-MB-2). */
const KOREA: FactorRow[] = [
  row({
    id: 'KR-GIR-default-2021-national',
    source: 'Greenhouse Gas Inventory and Research Center of Korea (GIR), national grid emission factor',
    edition: '2021',
    dataYear: 2021,
    region: 'KR',
    kind: 'LOCATION',
    value: '0.4781',
    unit: 'tCO2e/MWh',
    gas: 'CO2e',
    note:
      'GIR default: CO2 0.4747 t, CH4 0.0125 kg, N2O 0.0100 kg per MWh. dataYear is the edition year; the ' +
      'years behind the average are to be confirmed when the row is verified.',
  }),
  row({
    id: 'KR-GIR-2020-2022-average-national',
    source: 'Greenhouse Gas Inventory and Research Center of Korea (GIR), national grid emission factor',
    edition: '2025',
    dataYear: 2022,
    region: 'KR',
    kind: 'LOCATION',
    value: '0.4541',
    unit: 'tCO2e/MWh',
    gas: 'CO2e',
    note: '2020–2022 average, published 2025; dataYear is the last year of the average.',
  }),
  row({
    id: 'KR-GIR-2023-consumption-national',
    source: 'Greenhouse Gas Inventory and Research Center of Korea (GIR), national grid emission factor',
    edition: '2025-12',
    dataYear: 2023,
    region: 'KR',
    kind: 'LOCATION',
    value: '0.4173',
    unit: 'tCO2e/MWh',
    gas: 'CO2e',
    note: '2023, consumption side, published December 2025.',
  }),
];

/** US EPA eGRID2023, total output emission rate, CO2e in lb per MWh (× 0.45359237 = kg per MWh). */
const EGRID_2023: [region: string, value: string, note: string][] = [
  ['US-CAMX', '429.983', 'eGRID subregion CAMX (WECC California)'],
  ['US-RFCE', '599.170', 'eGRID subregion RFCE (RFC East)'],
  ['US-RFCW', '916.1', 'eGRID subregion RFCW (RFC West)'],
  ['US-SRVC', '596.3', 'eGRID subregion SRVC (SERC Virginia/Carolina)'],
  ['US-NWPP', '635.3', 'eGRID subregion NWPP (WECC Northwest)'],
  ['US', '770.884', 'US average (national)'],
];

/** AIB European Residual Mixes 2023, g CO2 per kWh (CO2 only). Austria: none published, so no row (never 0). */
const AIB_RESIDUAL_MIX_2023: [country: string, value: string][] = [
  ['BE', '167.49'],
  ['BG', '418.70'],
  ['CY', '595.03'],
  ['CZ', '658.58'],
  ['DE', '719.90'],
  ['DK', '582.75'],
  ['EE', '711.66'],
  ['GR', '491.78'],
  ['ES', '282.45'],
  ['FI', '565.31'],
  ['FR', '40.74'],
  ['HR', '550.15'],
  ['HU', '322.63'],
  ['IE', '445.50'],
  ['IT', '500.57'],
  ['LT', '583.15'],
  ['LU', '357.90'],
  ['LV', '535.37'],
  ['MT', '408.22'],
  ['NL', '379.89'],
  ['PL', '788.24'],
  ['PT', '539.01'],
  ['RO', '212.54'],
  ['SE', '68.23'],
  ['SI', '486.76'],
  ['SK', '357.56'],
];

export const DEFAULT_FACTOR_ROWS: readonly FactorRow[] = Object.freeze([
  ...KOREA,
  ...EGRID_2023.map(([region, value, note]) =>
    row({
      id: `EPA-eGRID2023-${region}`,
      source: 'US EPA eGRID, summary tables, total output emission rates',
      edition: 'eGRID2023',
      dataYear: 2023,
      region,
      kind: 'LOCATION',
      value,
      unit: 'lbCO2e/MWh',
      gas: 'CO2e',
      note,
    }),
  ),
  ...AIB_RESIDUAL_MIX_2023.map(([country, value]) =>
    row({
      id: `AIB-ERM-2023-${country}`,
      source: 'AIB European Residual Mixes',
      edition: '2023',
      dataYear: 2023,
      region: country,
      kind: 'RESIDUAL_MIX',
      value,
      unit: 'gCO2/kWh',
      gas: 'CO2',
      note: 'Residual mix, direct CO2 only (no other gases).',
    }),
  ),
]);

/**
 * The database id of this set (a shipped reference set, seeded by migration 1764100000000-EmissionFactors).
 * Fixed, so every installation names the defaults alike and an organization's choice travels with its data.
 * It always names this 2025-12 set; the set a year without a choice uses is
 * `CURRENT_DEFAULT_FACTOR_SET_UUID` (current-default-factors.ts).
 */
export const DEFAULT_FACTOR_SET_UUID = '25558fb7-234a-4b3f-8e31-e1a912d2dec6';

export const DEFAULT_FACTOR_SET: FactorSet = Object.freeze({
  id: 'RE100-LEDGER-DEFAULTS',
  version: '2025-12',
  description:
    'Defaults of domain.md §8: Korea GIR national grid factors, US eGRID2023 subregions and US average, ' +
    'AIB European residual mixes 2023. Unverified until checked against the publications.',
  rows: DEFAULT_FACTOR_ROWS,
});
