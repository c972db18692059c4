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
  ValidateIf,
} from 'class-validator';
import { IsCountryCode } from '../../common/geo';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsLocalDate } from '../../common/time';
import { TECHNOLOGIES, type Technology } from '../../re100/engine/types';

export class CreateFacilityDto {
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  registryFacilityId?: string | null;

  @IsCountryCode()
  country: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, {
    message: 'gridRegion must be a code of 1 to 32 letters, digits, - or _',
  })
  gridRegion?: string | null;

  @IsIn(TECHNOLOGIES)
  technology: Technology;

  /** Capacity in MW, at most 3 decimals. */
  @ApiProperty({ required: false, nullable: true, example: '12.5' })
  @IsOptional()
  @Matches(/^\d{1,9}(\.\d{1,3})?$/, {
    message: 'capacityMw must be a positive decimal with at most 3 decimals',
  })
  capacityMw?: string | null;

  @IsLocalDate()
  commissioningDate: string;

  @IsOptional()
  @IsLocalDate()
  repoweringDate?: string | null;

  /** Evidence that hydro or biomass generation is sustainable, which RE100 asks for (see docs/rules.md). */
  @ValidateIf((_: unknown, v: unknown) => v !== undefined)
  @IsBoolean()
  sustainabilityEvidence?: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 2000)
  sustainabilityNote?: string | null;

  /**
   * The plant burns biomass together with coal (co-firing). Under the v5.0 criteria its electricity is not
   * renewable and its claims count nothing; under v4.1 the flag has no effect (docs/rules.md#v5-coal-1).
   * Default false.
   */
  @ValidateIf((_: unknown, v: unknown) => v !== undefined)
  @IsBoolean()
  coalCofiring?: boolean;

  /** Self-generation: the organization's generation meters that measure this facility. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  generationMeterIds?: string[];
}

export class UpdateFacilityDto extends PartialType(CreateFacilityDto, { skipNullProperties: false }) {}

export class ListFacilitiesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @IsOptional()
  @IsIn(TECHNOLOGIES)
  technology?: Technology;
}
