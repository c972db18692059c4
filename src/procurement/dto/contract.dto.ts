import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsDecimalInput } from '../../common/validation';
import { IsLocalDate } from '../../common/time';
import { KR_TAGS, PROCUREMENT_METHODS, type KrTag, type ProcurementMethod } from '../contract.entity';

export class CreateContractDto {
  @IsIn(PROCUREMENT_METHODS)
  method: ProcurementMethod;

  /** Korean procurement method, kept beside the RE100 type it maps to. */
  @IsOptional()
  @IsIn(KR_TAGS)
  krTag?: KrTag | null;

  @IsString()
  @Length(1, 300)
  counterparty: string;

  @IsLocalDate()
  startDate: string;

  @IsOptional()
  @IsLocalDate()
  endDate?: string | null;

  @IsLocalDate()
  signedDate: string;

  /** Expected yearly energy (default unit MWh). */
  @ApiProperty({
    required: false,
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '12000',
  })
  @IsOptional()
  @IsDecimalInput()
  expectedAnnual?: string | number | null;

  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  expectedAnnualUnit?: 'Wh' | 'kWh' | 'MWh';

  @IsBoolean()
  eacsConveyed: boolean;

  @IsOptional()
  @Matches(/^([A-Z]{2}|EU|US-CA)$/, { message: 'consumptionMarket must be a country code, EU or US-CA' })
  consumptionMarket?: string | null;

  /** RE100-AGE-2: why a contract signed before 2024 is exempt from the age limit. */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  grandfatheringJustification?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  facilityIds?: string[];

  /** The consuming sites. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds?: string[];
}

export class UpdateContractDto extends PartialType(CreateContractDto, { skipNullProperties: false }) {}

export class ListContractsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(PROCUREMENT_METHODS)
  method?: ProcurementMethod;
}
