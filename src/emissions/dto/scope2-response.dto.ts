import {
  ExplainCertificateDto,
  ExplainContractDto,
  ExplainFacilityDto,
  ExplainMeterDto,
} from '../../re100/dto/explain.dto';
import { FactorDto, FactorSelectionDto } from './factor-set-response.dto';

export class Scope2FigureDto {
  /** t CO2e, 3 decimals, rounded half away from zero from `exactTCo2e`. */
  tCo2e: string;
  /** Exact, unrounded: these tie out (organization = Σ countries = Σ sites = Σ slices). */
  exactTCo2e: string;
  /** False when some consumption has no factor (see `errors`): the figure covers only what was computed. */
  complete: boolean;
  /** Energy this figure leaves out for want of a factor or valid input (0 when complete). */
  leftOutWh: string;
  leftOutMwh: string;
  /** The sites with energy left out of this figure. */
  leftOutSiteIds: string[];
  /** Gases of the factors summed (`CO2` for AIB residual mixes, which leave out other gases). */
  gases: string[];
}

export class Scope2TotalsDto {
  /** All consumption: what the market-based figure covers. */
  consumptionWh: string;
  consumptionMwh: string;
  /** Consumption − own generation consumed on site: the purchased electricity the location-based figure covers. */
  purchasedWh: string;
  purchasedMwh: string;
  /** Own generation consumed on site (not purchased). */
  ownGenerationWh: string;
  /** Market-based energy at a factor of 0 (CDP 7.30.14). */
  zeroEmissionWh: string;
  locationBased: Scope2FigureDto;
  marketBased: Scope2FigureDto;
}

/** One slice of a site's consumption, with the factor it took (C-3). */
export class Scope2SliceDto {
  /** LOCATION_BASED or MARKET_BASED. */
  method: string;
  /** The claim behind a renewable slice; null for a site's consumption (LB) or its remainder (MB). */
  claimId: string | null;
  wh: string;
  mwh: string;
  technology: string | null;
  instrumentType: string | null;
  /** 1 EAC, 2 contract / own generation, 3 supplier, 4 residual mix, 5 regional grid, 6 national grid. */
  tier: number;
  factorId: string;
  source: string;
  edition: string;
  dataYear: number | null;
  region: string | null;
  gas: string | null;
  factorValue: string | null;
  factorUnit: string | null;
  kgPerMwh: string;
  tCo2e: string;
  exactTCo2e: string;
  /** Why the slice took its factor (RESIDUAL_MIX_NOT_APPLICABLE, SUBNATIONAL_FACTOR_UNAVAILABLE, …). */
  flags: string[];
}

export class Scope2SiteDto extends Scope2TotalsDto {
  siteId: string;
  name: string;
  country: string;
  gridRegion: string | null;
  locationSlices: Scope2SliceDto[];
  marketSlices: Scope2SliceDto[];
}

export class Scope2CountryDto extends Scope2TotalsDto {
  country: string;
}

export class Scope2IssueDto {
  code: string;
  message: string;
  siteId?: string;
  claimId?: string;
  method?: string;
  region?: string;
  factorId?: string;
  /** The rule behind a notice: its heading in docs/rules.md, where the rule is explained (e.g. `S2-MB-2`). */
  rule?: string;
  /** For an error that leaves energy out of a figure: how much, in MWh. */
  leftOutMwh?: string;
}

export class Scope2OptionsDto {
  /** Market-based: biomass backed by a certificate gets a factor of 0. */
  biomassZeroCo2: boolean;
  /** Countries without a residual mix, whose market-based remainder takes the grid average (Korea). */
  residualMixNotApplicable: string[];
  /** Whether Korean green premium volumes are zero-rated in the market-based figure. */
  koreaGreenPremiumZeroRated: boolean;
}

export class Scope2ProvenanceDto {
  year: number;
  periodStart: string;
  periodEnd: string;
  /** True while the reporting year is not finalized: the figures may still change. */
  provisional: boolean;
  /** The RE100 ruleset of the year: its vintage window is the one the Scope 2 quality criteria use. */
  rulesetId: string;
  factorSelection: FactorSelectionDto;
  options: Scope2OptionsDto;
}

/** Scope 2 of a reporting year, location- and market-based (S2-DUAL-1). */
export class Scope2Dto extends Scope2ProvenanceDto {
  organization: Scope2TotalsDto;
  /** By country code. */
  countries: Scope2CountryDto[];
  sites: Scope2SiteDto[];
  /** Every factor row a slice used. */
  factorsUsed: FactorDto[];
  /** Missing factors and bad input: the figures they touch have `complete: false`. */
  errors: Scope2IssueDto[];
  /** Method notes the report must show (no residual mix, national instead of subregional factor, …). */
  notices: Scope2IssueDto[];
}

/** A site's consumption and where it comes from (RE100-SCOPE-1: import + generation − export). */
export class Scope2SiteInputDto {
  siteId: string;
  name: string;
  country: string;
  gridRegion: string | null;
  excludedFromRe100: boolean;
  /** Days of the reporting year: what each meter's `daysWithData` is out of. */
  daysInPeriod: number;
  importWh: string;
  exportWh: string;
  generationWh: string;
  consumptionWh: string;
  selfGenerationConsumedWh: string;
  /** Each meter's energy, readings and coverage in the year, from its daily rollups. */
  meters: ExplainMeterDto[];
}

/** Energy of one instrument placed on one site as a market-based renewable slice (S2-QC, S2-MB-1). */
export class RenewableSliceInputDto {
  claimId: string;
  siteId: string;
  wh: string;
  technology: string;
  /** Null for own generation counted from meters without a certificate. */
  instrumentType: string | null;
  /** The procurement method, or the Korean tag. */
  procurementMethod: string;
  claimVolumeWh: string;
  /** Of the claim's volume, what became renewable slices on any site. */
  claimPlacedWh: string;
  /** The retired certificate (registry, serial range); null for metered own generation. */
  certificate: ExplainCertificateDto | null;
  facility: ExplainFacilityDto | null;
  contracts: ExplainContractDto[];
}

/** An instrument whose energy is (partly) not a renewable slice: it stays in the remainder (S2-QC fallback). */
export class ClaimNotUsedDto {
  claimId: string;
  /** PARTIAL (a surplus beyond the market's consumption) or INELIGIBLE (fails the quality criteria). */
  status: string;
  volumeWh: string;
  placedWh: string;
  notPlacedWh: string;
  /** The quality criteria it fails (NOT_RETIRED, VINTAGE_OUT_OF_WINDOW, MARKET_BOUNDARY, …) or CAPPED_AT_MARKET_CONSUMPTION. */
  reasons: string[];
}

/** Everything a Scope 2 figure was computed from, so an auditor can re-perform it (C-3, auditors' check 7). */
export class Scope2ExplainDto extends Scope2ProvenanceDto {
  /** The site the answer is limited to, or null for the whole organization. */
  siteId: string | null;
  /** How the figures are computed, step by step, with the rule ids. */
  methodology: string[];
  sites: Scope2SiteInputDto[];
  renewableSlices: RenewableSliceInputDto[];
  claimsNotUsed: ClaimNotUsedDto[];
  /** Every factor row the figures used, with its exact kg per MWh. */
  factorsUsed: FactorDto[];
  /** The figures of the site (with `siteId`) or of the organization. */
  figures: Scope2TotalsDto;
  errors: Scope2IssueDto[];
  notices: Scope2IssueDto[];
}
