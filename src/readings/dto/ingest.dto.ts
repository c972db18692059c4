import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsInstant } from '../../common/time';
import { IsDecimalInput, queryBoolean } from '../../common/validation';

export class IngestQueryDto {
  /** `insert` (default) refuses a different value for a stored interval; `upsert` corrects it, keeping the old value. */
  @IsOptional()
  @IsIn(['insert', 'upsert'])
  mode: 'insert' | 'upsert' = 'insert';

  /** `true`: if any reading is invalid, nothing is written (422 `BATCH_REJECTED`). */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  atomic: boolean = false;

  /** `true`: validate and classify, write nothing. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun: boolean = false;
}

/** One reading. Interval meters send `start`; register meters send `at` with the cumulative register value. */
export class ReadingDto {
  /** Gateway form only: the meter's id … */
  meterId?: string;
  /** … or its external id. */
  meterExternalId?: string;
  /** Interval start, ISO 8601 with Z or an offset (interval meters). */
  start?: string;
  /** Interval length (5, 15, 30, 60 or 1440); default the meter's. */
  durationMinutes?: number;
  /** Instant of a register read, ISO 8601 with Z or an offset (register meters). */
  at?: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '1.234',
    description: 'Energy (interval) or register value, exact to 1 Wh',
  })
  value: string | number;
  /** Default the meter's unit. */
  unit?: 'Wh' | 'kWh' | 'MWh';
  @ApiProperty({
    required: false,
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 0,
    description: 'ESPI quality code (0 valid, 8/9 estimated, 7 edited, …) or ACTUAL, ESTIMATED, EDITED',
  })
  quality?: number | string;
}

export class PushReadingsDto {
  @ApiProperty({ type: [ReadingDto], maxItems: 10000 })
  readings: ReadingDto[];
}

export class RegisterResetDto {
  /** When the register was reset or the meter exchanged (after the latest read). */
  @IsInstant()
  at: string;

  /** The new register's value at that instant (default 0), in the meter's unit unless `unit` says otherwise. */
  @ApiProperty({ required: false, oneOf: [{ type: 'string' }, { type: 'number' }], example: '0' })
  @IsOptional()
  @IsDecimalInput()
  value?: string | number;

  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  unit?: 'Wh' | 'kWh' | 'MWh';

  /** Why: meter exchange, register reset, … */
  @IsString()
  @Length(1, 1000)
  reason: string;
}
