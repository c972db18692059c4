import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsCountryCode } from '../../common/geo';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsDecimalInput } from '../../common/validation';
import { IsLocalDate } from '../../common/time';
import {
  INSTRUMENT_STATUSES,
  INSTRUMENT_TYPES,
  type InstrumentStatus,
  type InstrumentType,
} from '../../re100/engine/types';

/** Fields that describe a retirement and the consumption it is for; editable while the certificate lives. */
export class CertificateRetirementDto {
  @IsOptional()
  @IsIn(INSTRUMENT_STATUSES)
  status?: InstrumentStatus;

  /** Required to retire: a claim counts only on a certificate retired for the organization. */
  @IsOptional()
  @IsLocalDate()
  cancellationDate?: string | null;

  /** The legal entity the certificates were retired for; must match the organization's for claims to count. */
  @IsOptional()
  @IsString()
  @Length(1, 300)
  beneficiary?: string | null;

  @IsOptional()
  @IsCountryCode()
  consumptionCountry?: string | null;

  @IsOptional()
  @IsLocalDate()
  consumptionPeriodStart?: string | null;

  @IsOptional()
  @IsLocalDate()
  consumptionPeriodEnd?: string | null;

  @IsOptional()
  @IsUUID()
  contractId?: string | null;

  /** Link to the registry's retirement statement. */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  evidenceUrl?: string | null;
}

export class CreateCertificateDto extends CertificateRetirementDto {
  /** Issuing registry, e.g. `M-RETS`, `AIB-NL`, `KPX`, `I-TRACK`. */
  @IsString()
  @Length(1, 100)
  registry: string;

  /**
   * The kind of instrument. J_CREDIT and CARBON_OFFSET are not energy attribute certificates: they are accepted
   * so that a claim on one gets its reason (it never counts for RE100, docs/rules.md#re100-claim-4), and their
   * energy `volume` must be given. CONTRACT_ONLY means no certificate at all.
   */
  @IsIn(INSTRUMENT_TYPES)
  instrumentType: InstrumentType;

  /** First and last serial of the range; both share a prefix and end in a number. Not for CONTRACT_ONLY. */
  @ValidateIf(
    (o: CreateCertificateDto) => o.instrumentType !== 'CONTRACT_ONLY' || o.serialStart !== undefined,
  )
  @IsString()
  @Length(1, 200)
  serialStart?: string;

  @ValidateIf((o: CreateCertificateDto) => o.instrumentType !== 'CONTRACT_ONLY' || o.serialEnd !== undefined)
  @IsString()
  @Length(1, 200)
  serialEnd?: string;

  /** Energy; derived from the serial count when omitted (1 certificate = 1 MWh; granular: 1 Wh). Required for K-RECs. */
  @ApiProperty({ required: false, oneOf: [{ type: 'string' }, { type: 'number' }], example: '500' })
  @IsOptional()
  @IsDecimalInput()
  volume?: string | number;

  /** Unit of `volume` (default MWh). */
  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  volumeUnit?: 'Wh' | 'kWh' | 'MWh';

  /** K-RECs: the number of RECs. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  recCount?: number;

  @IsUUID()
  facilityId: string;

  /** Production period (vintage). */
  @IsLocalDate()
  vintageStart: string;

  @IsLocalDate()
  vintageEnd: string;

  @IsOptional()
  @IsLocalDate()
  issuanceDate?: string | null;
}

export class ListCertificatesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(INSTRUMENT_STATUSES)
  status?: InstrumentStatus;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  registry?: string;

  @IsOptional()
  @IsIn(INSTRUMENT_TYPES)
  instrumentType?: InstrumentType;
}
