import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { Transform } from 'class-transformer';
import { IsDecimalInput, queryInteger } from '../../common/validation';
import { MARKET_CODE } from '../../re100/engine/types';

export class CreateAllocationDto {
  /** The retired certificate claimed. */
  @IsUUID()
  certificateId: string;

  @IsInt()
  @Min(2000)
  @Max(2100)
  reportingYear: number;

  /** RE100 market of the consumption: a country code, or `EU` / `US-CA` for the multi-country markets. */
  @Matches(MARKET_CODE, { message: 'consumptionMarket must be a country code, EU or US-CA' })
  consumptionMarket: string;

  /** Optional: the sites the claim is for (in that market). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds?: string[];

  /** Energy claimed (default the certificate's whole remaining volume). */
  @ApiProperty({ required: false, oneOf: [{ type: 'string' }, { type: 'number' }], example: '120.5' })
  @IsOptional()
  @IsDecimalInput()
  volume?: string | number;

  /** Unit of `volume` (default MWh). */
  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  volumeUnit?: 'Wh' | 'kWh' | 'MWh';
}

export class ListAllocationsQueryDto extends PageQueryDto {
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @IsOptional()
  @IsUUID()
  certificateId?: string;
}
