import { applyDecorators } from '@nestjs/common';
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
import { PageQueryDto } from '../../common/page-query.dto';
import { IsDecimalInput } from '../../common/validation';
import { IsLocalDate } from '../../common/time';
import {
  KR_EQUITY_INVESTMENT,
  KR_PROCUREMENT_TAGS,
  MARKET_CODE,
  PASSIVE_BASES,
  PROCUREMENT_METHODS,
  type PassiveBasis,
  type ProcurementMethod,
} from '../../re100/engine/types';
import type { KrTag } from '../contract.entity';

/** A flag that may be left out (then false on create, unchanged on update) but is never null or a string. */
const IsOptionalBoolean = () =>
  applyDecorators(
    ValidateIf((_: unknown, value: unknown) => value !== undefined),
    IsBoolean(),
  );

const krTagMessage = ({ value }: { value: unknown }) =>
  value === KR_EQUITY_INVESTMENT
    ? `krTag ${KR_EQUITY_INVESTMENT} is no longer a tag: an equity stake counts only with a PPA or a REC ` +
      'purchase from that plant, so record that contract (its own tag, e.g. KR_REC_PURCHASE) with equityStake: true'
    : `krTag must be one of: ${KR_PROCUREMENT_TAGS.join(', ')}`;

export class CreateContractDto {
  @IsIn(PROCUREMENT_METHODS)
  method: ProcurementMethod;

  /**
   * Korean procurement method, kept beside the RE100 type it maps to; it must agree with `method`'s type
   * (KR_GREEN_PREMIUM: SUPPLIER_GREEN_TARIFF; KR_REC_PURCHASE: UNBUNDLED_EAC; KR_THIRD_PARTY_PPA and
   * KR_DIRECT_PPA: a PPA; KR_SELF_GEN: self-generation). An equity stake is not a tag: see `equityStake`.
   */
  @ApiProperty({ required: false, nullable: true, enum: KR_PROCUREMENT_TAGS })
  @IsOptional()
  @IsIn(KR_PROCUREMENT_TAGS, { message: krTagMessage })
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
  @Matches(MARKET_CODE, { message: 'consumptionMarket must be a country code, EU or US-CA' })
  consumptionMarket?: string | null;

  /** Why a contract signed before 2024 is exempt from the facility age limit (see docs/rules.md). */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  grandfatheringJustification?: string | null;

  /**
   * The contract is long-term. A PPA signed from 1 January 2024 keeps an old plant exempt from the 15-year age
   * limit only when it is long-term, project-specific and the buyer is the first offtaker, all three
   * (docs/rules.md#re100-age-2). Default false.
   */
  @IsOptionalBoolean()
  longTerm?: boolean;

  /** The contract is tied to a named project (project-specific); a condition of the PPA age exemption. Default false. */
  @IsOptionalBoolean()
  projectSpecific?: boolean;

  /**
   * The buyer is the plant's first offtaker: it signed before the plant started operating and takes power from
   * its start (or from the end of a trial operation); a condition of the PPA age exemption. Default false.
   */
  @IsOptionalBoolean()
  firstOfftaker?: boolean;

  /**
   * The first day the buyer could take power after a trial operation that regulation imposed (YYYY-MM-DD); null
   * when there was none. Under the v5.0 criteria a trial of at most one year keeps the PPA age exemption
   * (docs/rules.md#v5-age-1).
   */
  @IsOptional()
  @IsLocalDate()
  trialOperationEndDate?: string | null;

  /**
   * The organization holds equity in the plant (Korea's K-RE100). It counts only together with a PPA or a REC
   * purchase from that plant, so it is allowed only with method PPA_PHYSICAL, PPA_VIRTUAL or UNBUNDLED_EAC
   * (400 `EQUITY_STAKE_NOT_ALLOWED` otherwise; docs/rules.md#v5-kr-1). Default false.
   */
  @IsOptionalBoolean()
  equityStake?: boolean;

  /**
   * Only for DEFAULT_DELIVERED (400 `PASSIVE_BASIS_NOT_ALLOWED` otherwise): what the certificates behind the
   * default-delivered electricity rest on. SUPPLIER_PRO_RATA: a share of certificates the supplier retired for all
   * its customers; MANDATE_ONLY: certificates retired only to meet a mandate, which is not enough under the v5.0
   * criteria (docs/rules.md#v5-passive-1). Null: not stated.
   */
  @ApiProperty({ required: false, nullable: true, enum: PASSIVE_BASES })
  @IsOptional()
  @IsIn(PASSIVE_BASES)
  passiveBasis?: PassiveBasis | null;

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
