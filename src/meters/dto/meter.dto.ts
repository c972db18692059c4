import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsDecimalInput } from '../../common/validation';
import { energyUnitOf } from '../../common/energy';
import { IsInstant } from '../../common/time';
import {
  ENERGY_CARRIERS,
  ENERGY_UNITS,
  INTERVAL_MINUTES,
  METER_DIRECTIONS,
  METER_KINDS,
  type EnergyUnit,
  type MeterDirection,
  type MeterKind,
} from '../meter.entity';

export class CreateMeterDto {
  // Lower-cased so that the answer and the audit snapshot show the id as stored.
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsUUID()
  siteId: string;

  /** Serial number or the id a gateway uses; unique within the organization. */
  @IsString()
  @Matches(/^[\x21-\x7E]{1,100}$/, {
    message: 'externalId must be 1 to 100 printable characters without spaces',
  })
  externalId: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  /** `interval` meters send energy per interval; `register` meters send a cumulative register. */
  @IsIn(METER_KINDS)
  kind: MeterKind;

  /** Interval length in minutes: 5, 15, 30, 60 or 1440 (daily). Required for interval meters. */
  @IsOptional()
  @IsIn(INTERVAL_MINUTES)
  intervalMinutes?: number | null;

  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsIn(ENERGY_CARRIERS)
  energyCarrier?: (typeof ENERGY_CARRIERS)[number];

  /**
   * `import` from the grid, `export` to the grid, or on-site `generation`: consumption is import +
   * generation − export.
   */
  @IsIn(METER_DIRECTIONS)
  direction: MeterDirection;

  /** Unit the meter reports in: Wh, kWh or MWh, in any case (`kwh` is kWh), as readings take units. */
  @Transform(({ value }) => (typeof value === 'string' ? (energyUnitOf(value) ?? value) : value))
  @IsIn(ENERGY_UNITS)
  unit: EnergyUnit;

  /** Register meters: the value, in the meter's unit, at which the register wraps to zero. */
  @ApiProperty({
    required: false,
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '1000000',
  })
  @IsOptional()
  @IsDecimalInput()
  rolloverModulus?: string | number | null;

  @IsOptional()
  @IsInstant()
  activeFrom?: string | null;

  @IsOptional()
  @IsInstant()
  activeTo?: string | null;
}

/** Every field optional; `null` only clears the nullable ones (the others answer 400, not a 500). */
export class UpdateMeterDto extends PartialType(CreateMeterDto, { skipNullProperties: false }) {}

export class ListMetersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsIn(METER_DIRECTIONS)
  direction?: MeterDirection;
}
