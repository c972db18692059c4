import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCountryCode, IsIanaTimeZone } from '../../common/geo';

export class MilestoneDto {
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  /** Share of electricity from renewable sources to reach by that year. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  percent: number;
}

export class Re100CommitmentDto {
  /** Year by which 100 % of electricity is renewable; 2050 at the latest. */
  @IsInt()
  @Min(2000)
  @Max(2100)
  targetYear: number;

  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  baselineYear?: number;

  /** Interim milestones; default 60 % by 2030 and 90 % by 2040. Earlier or stricter ones are accepted. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class CreateOrganizationDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** Legal entity name exactly as it appears as beneficiary on retired certificates, for their claims to count. */
  @IsString()
  @Length(1, 300)
  legalEntityName: string;

  /** Country of the head office, ISO 3166-1 alpha-2. */
  @IsCountryCode()
  country: string;

  /** First month of the reporting year (1 = January). */
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsInt()
  @Min(1)
  @Max(12)
  reportingYearStartMonth?: number;

  @IsIanaTimeZone()
  timeZone: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Re100CommitmentDto)
  re100?: Re100CommitmentDto | null;

  /**
   * Exclude every site of every market where the organization consumes at most 100 MWh a year from its RE100
   * figures (the criteria allow it, as the organization's choice; docs/rules.md#re100-scope-2). Default false:
   * only the sites flagged as excluded are left out. Changing it changes the figures of every year, so it is
   * refused (409 `PERIOD_LOCKED`) while any year is finalized.
   */
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsBoolean()
  excludeImmaterialMarkets?: boolean;

  /**
   * Invite this e-mail as the organization's first admin (the answer holds the invitation's token); the
   * creating platform admin then does not become a member. Without it, the creator is the first admin.
   */
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  firstAdminEmail?: string;
}

/** Every field optional; `null` clears only `re100` (the other fields answer 400 to null). */
export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['firstAdminEmail']), {
  skipNullProperties: false,
}) {}
