import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { queryInteger } from '../../common/validation';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { FACTOR_KINDS, FactorKind } from '../factor-set';

/**
 * One factor row as loaded (C-4), in JSON or as the columns of a CSV file. Rows are checked one by one by
 * the service (every problem of every row is reported); this class documents them.
 */
export class FactorRowInputDto {
  /** Stable id, unique in the set, recorded on every slice that uses it: 1–100 of `A-Z a-z 0-9 . _ : -`. */
  @ApiProperty({ example: 'DE-UBA-2023-location' })
  id: string;

  @ApiProperty({ example: 'Umweltbundesamt, CO2 emission factor of the German electricity mix' })
  source: string;

  @ApiProperty({ example: '2024' })
  edition: string;

  /** The year the factor describes (1990–2100); the latest data year ≤ the reporting year is chosen. */
  @ApiProperty({ example: 2023 })
  dataYear: number;

  /** ISO 3166-1 alpha-2 country (`DE`), or country + upper-case grid subregion (`US-RFCE`). */
  @ApiProperty({ example: 'DE' })
  region: string;

  @ApiProperty({ enum: FACTOR_KINDS })
  kind: FactorKind;

  /** Exact decimal as published, ≥ 0, no exponent (a string keeps every digit). */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], example: '380' })
  value: string;

  /** Mass (t, kg, g, lb) + gas (CO2e, CO2) per MWh or kWh: `tCO2e/MWh`, `lbCO2e/MWh`, `gCO2/kWh`, … */
  @ApiProperty({ example: 'gCO2e/kWh' })
  unit: string;

  /** `CO2e` or `CO2`; must be the gas the unit names. */
  @ApiProperty({ enum: ['CO2e', 'CO2'] })
  gas: string;

  /** Checked against the publication (default false). */
  @ApiProperty({ required: false, default: false })
  verified?: boolean;

  @ApiProperty({ required: false })
  note?: string;
}

/** A factor set to load: its rows as JSON (`rows`) or as the text of a CSV file (`csv`), exactly one of them. */
export class CreateFactorSetDto {
  /** Unique with `version` in the organization. */
  @IsString()
  @Length(1, 200)
  name: string;

  @IsString()
  @Length(1, 100)
  version: string;

  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  /** The rows as JSON objects (see FactorRowInputDto). */
  @ApiProperty({ type: [FactorRowInputDto], required: false })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  rows?: unknown[];

  /** The rows as CSV text: a header naming the columns (the fields of FactorRowInputDto), then one row a line. */
  @ApiProperty({
    required: false,
    example:
      'id,source,edition,dataYear,region,kind,value,unit,gas\nDE-UBA-2023,Umweltbundesamt,2024,2023,DE,LOCATION,380,gCO2e/kWh,CO2e',
  })
  @IsOptional()
  @IsString()
  csv?: string;
}

/** The set's name and version when its rows come as a CSV file (`POST /emission-factor-sets/csv`). */
export class CsvFactorSetQueryDto extends OmitType(CreateFactorSetDto, ['rows', 'csv'] as const) {}

export class ListFactorsQueryDto extends PageQueryDto {
  /** Only rows of this region (`DE`, `US-RFCE`). */
  @IsOptional()
  @Matches(/^[A-Z]{2}(-[A-Z0-9]{1,12})?$/, { message: 'region must be a country code or country-SUBREGION' })
  region?: string;

  @IsOptional()
  @IsIn(FACTOR_KINDS)
  kind?: FactorKind;
}

/** A reporting year, as a path parameter or a query parameter. */
export class ReportingYearDto {
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class SelectFactorSetDto {
  /** A shipped reference set or one of the organization's sets. */
  @IsUUID()
  factorSetId: string;
}
