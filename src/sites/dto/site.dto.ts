import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsCountryCode, IsIanaTimeZone } from '../../common/geo';
import { PageQueryDto } from '../../common/page-query.dto';

export class CreateSiteDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** ISO 3166-1 alpha-2; decides the RE100 market boundary and the grid factor. */
  @IsCountryCode()
  country: string;

  /** Sub-national grid region for location-based factors, e.g. the eGRID subregion `RFCE`. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, {
    message: 'gridRegion must be a code of 1 to 32 letters, digits, - or _',
  })
  gridRegion?: string | null;

  /** The supplier's emission factor id (kind SUPPLIER) in the year's factor set, for market-based Scope 2. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, {
    message: 'supplierFactorId must be a factor id of 1 to 100 letters, digits, ., _, : or -',
  })
  supplierFactorId?: string | null;

  /** IANA time zone of the site: local days and DST follow it. */
  @IsIanaTimeZone()
  timeZone: string;

  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string | null;

  /**
   * Excluded from the RE100 commitment as immaterial: accepted only for a market where the organization
   * consumes at most 100 MWh a year (see docs/rules.md); needs `exclusionReason`.
   */
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsBoolean()
  excludedFromRe100?: boolean;

  /** Required when `excludedFromRe100` (422 `EXCLUSION_REASON_REQUIRED`, checked by the service). */
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  exclusionReason?: string | null;
}

/** Every field optional; `null` only clears the nullable ones (the others answer 400, not a 500). */
export class UpdateSiteDto extends PartialType(CreateSiteDto, { skipNullProperties: false }) {}

export class ListSitesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsCountryCode()
  country?: string;
}
