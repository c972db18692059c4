import type { FactorRow, FactorSet } from '../factor-set';
import { DEFAULT_FACTOR_ROWS } from './default-factors';

/**
 * The shipped default factor set, version 2026-01 (C-4). It is the 2025-12 set (`default-factors.ts`: Korea
 * GIR, US eGRID2023, AIB residual mixes 2023, row for row and id for id) plus a location-based national grid
 * average for every country the demo and the tests use that had none: DE, NL, FR, GB, JP, CN, IN, AU
 * (S2-LB-1; without them a site in those countries had no location-based figure at all).
 *
 * Every added row is `verified: false` and an approximation of a published national grid average, kept in
 * the unit and with the digits the source publishes (one row, JP, with fewer: see its note). Check each
 * against its publication before relying on it; a correction is a new row in a new set version, never an
 * edit here (this module is what migration 1764700000000-DefaultFactors2026 inserts).
 */

const CHECK = 'Approximation, check against the source before relying on it.';

const row = (r: Omit<FactorRow, 'verified' | 'kind'>): FactorRow =>
  Object.freeze({ ...r, kind: 'LOCATION', verified: false });

/** National grid averages added in 2026-01, by country code. */
export const NATIONAL_GRID_ROWS_2026: readonly FactorRow[] = Object.freeze([
  row({
    id: 'UBA-CC23-2024-DE',
    source:
      'Umweltbundesamt (UBA), Entwicklung der spezifischen Treibhausgas-Emissionen des deutschen Strommix 1990–2023',
    edition: 'Climate Change 23/2024',
    dataYear: 2023,
    region: 'DE',
    value: '380',
    unit: 'gCO2/kWh',
    gas: 'CO2',
    note:
      'Emission factor of the German electricity mix: direct CO2 per kWh of electricity consumed; 2023 is ' +
      'UBA’s extrapolated estimate (later editions may revise it). CO2 only, no upstream chain. ' +
      CHECK,
  }),
  row({
    id: 'RTE-Bilan-2023-FR',
    source: 'RTE, Bilan électrique: carbon intensity of electricity produced in France',
    edition: 'Bilan électrique 2023 (February 2024)',
    dataYear: 2023,
    region: 'FR',
    value: '32',
    unit: 'gCO2e/kWh',
    gas: 'CO2e',
    note:
      'Direct emissions of French electricity production (16.1 Mt CO2e in 2023) per kWh produced: a ' +
      'production-based average, imports not included. ' +
      CHECK,
  }),
  row({
    id: 'CEDelft-CO2EF-2021-NL',
    source:
      'CE Delft for CO2emissiefactoren.nl, Ketenemissies elektriciteit: actualisatie elektriciteitsmix 2021 (CBS data)',
    edition: '2023',
    dataYear: 2021,
    region: 'NL',
    value: '300',
    unit: 'gCO2/kWh',
    gas: 'CO2',
    note:
      'Emission factor of electricity produced in the Netherlands in 2021, production only; the 374 g/kWh ' +
      'including upstream chain emissions (74 g/kWh) is not used. The source names it a CO2 emission ' +
      'factor: whether other gases are included is to be checked. ' +
      CHECK,
  }),
  row({
    id: 'DESNZ-GHGCF-2024-GB',
    source:
      'DESNZ/DEFRA, UK Government GHG conversion factors for company reporting: UK electricity (generation)',
    edition: '2024',
    dataYear: 2024,
    region: 'GB',
    value: '0.20705',
    unit: 'kgCO2e/kWh',
    gas: 'CO2e',
    note:
      'Scope 2 factor for UK grid electricity, transmission and distribution losses excluded (those are ' +
      'Scope 3). dataYear is the reporting year DESNZ publishes the set for (its rule: use the set of the ' +
      'year the data is for); the grid data behind it are earlier years. ' +
      CHECK,
  }),
  row({
    id: 'MOEJ-FY2022-national-JP',
    source:
      'Ministry of the Environment Japan / METI, emission factors by electricity supplier (電気事業者別排出係数): national average',
    edition: 'FY2022 results',
    dataYear: 2022,
    region: 'JP',
    value: '0.43',
    unit: 'kgCO2/kWh',
    gas: 'CO2',
    note:
      'Rounded approximation of the national average (全国平均係数) for fiscal 2022 (April 2022 – March ' +
      '2023). The list publishes it to 6 decimals in t-CO2/kWh; the exact figure was not checked, so only 2 ' +
      'decimals in kg-CO2/kWh are given. Replace it with the published figure when verifying. ' +
      CHECK,
  }),
  row({
    id: 'MEE-NBS-2022-CN',
    source:
      'Ministry of Ecology and Environment (MEE) and National Bureau of Statistics of China, 2022 electricity CO2 emission factors: national average',
    edition: '2024-12',
    dataYear: 2022,
    region: 'CN',
    value: '0.5366',
    unit: 'kgCO2/kWh',
    gas: 'CO2',
    note:
      'National average CO2 emission factor of electricity, 2022, published December 2024. The variant ' +
      'excluding market-traded non-fossil electricity (0.5856) is not used for the location-based method. ' +
      CHECK,
  }),
  row({
    id: 'CEA-CO2DB-v20-IN',
    source: 'Central Electricity Authority (CEA), CO2 Baseline Database for the Indian Power Sector',
    edition: 'Version 20.0 (December 2024)',
    dataYear: 2023,
    region: 'IN',
    value: '0.727',
    unit: 'tCO2/MWh',
    gas: 'CO2',
    note:
      'Weighted average emission rate of the grid including renewables, fiscal 2023-24 (April 2023 – March ' +
      '2024); dataYear is the year the fiscal year starts. Not the combined margin (a CDM baseline). ' +
      CHECK,
  }),
  row({
    id: 'DCCEEW-NGA-2024-AU',
    source:
      'Australian Government (DCCEEW), National Greenhouse Accounts (NGA) Factors: Scope 2 electricity, national average',
    edition: '2024',
    dataYear: 2024,
    region: 'AU',
    value: '0.63',
    unit: 'kgCO2e/kWh',
    gas: 'CO2e',
    note:
      'National average of the state and grid factors of the 2024 NGA Factors (state factors range from ' +
      '0.15, Tasmania, to 0.77, Victoria): a site whose state is known is better served by its state ' +
      'factor. dataYear is the edition year; the years behind it are to be confirmed when verifying. ' +
      CHECK,
  }),
]);

/** The 2025-12 rows, unchanged, then the national grid averages of 2026-01. */
export const DEFAULT_FACTOR_ROWS_2026: readonly FactorRow[] = Object.freeze([
  ...DEFAULT_FACTOR_ROWS,
  ...NATIONAL_GRID_ROWS_2026,
]);

/** The database id of this set, seeded by migration 1764700000000-DefaultFactors2026 (fixed, like 2025-12's). */
export const DEFAULT_FACTOR_SET_2026_UUID = '7c8a6168-f9ff-43d2-bd28-29ba97a0d0f5';

export const DEFAULT_FACTOR_SET_2026: FactorSet = Object.freeze({
  id: 'RE100-LEDGER-DEFAULTS',
  version: '2026-01',
  description:
    'Default factors (Korea GIR, US eGRID2023, AIB European residual mixes 2023) plus national ' +
    'location-based grid averages for DE (UBA), NL (CE Delft/CBS), FR (RTE), GB (DESNZ), JP (MoE Japan), ' +
    'CN (MEE), IN (CEA) and AU (NGA). Unverified approximations until checked against the publications.',
  rows: DEFAULT_FACTOR_ROWS_2026,
});
