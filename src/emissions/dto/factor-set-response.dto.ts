import { PageDto } from '../../common/page.dto';

export class FactorSetDto {
  id: string;
  /** `reference`: shipped with the service, shared, read-only. `organization`: loaded by the organization. */
  scope: string;
  name: string;
  version: string;
  description: string;
  /** `csv` or `json` for loaded sets; null for reference sets. */
  sourceFormat: string | null;
  rowCount: number;
  createdAt: Date;
  createdBy: string | null;
}

export class FactorSetDetailDto extends FactorSetDto {
  /** SHA-256 of the set's rows (canonical JSON, by id), as recorded in the audit entry of the load. */
  rowsSha256: string;
}

export class FactorSetPageDto extends PageDto {
  items: FactorSetDto[];
}

/** One factor row (C-4) and its exact value in kg per MWh, as Scope 2 uses it. */
export class FactorDto {
  id: string;
  source: string;
  edition: string;
  dataYear: number;
  region: string;
  /** LOCATION, RESIDUAL_MIX, SUPPLIER or CONTRACT. */
  kind: string;
  /** Exact, as published, in `unit`. */
  value: string;
  unit: string;
  /** CO2e or CO2. */
  gas: string;
  verified: boolean;
  note: string;
  /** `value` converted exactly to kg of `gas` per MWh. */
  kgPerMwh: string;
}

export class FactorPageDto extends PageDto {
  items: FactorDto[];
}

/** The factor set a reporting year uses. */
export class FactorSelectionDto {
  year: number;
  /** False when the organization chose nothing for the year: the shipped defaults apply. */
  explicit: boolean;
  factorSet: FactorSetDto;
  selectedAt: Date | null;
  selectedBy: string | null;
}
