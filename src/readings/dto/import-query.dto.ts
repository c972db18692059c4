import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { IsIanaTimeZone } from '../../common/geo';
import { IngestQueryDto } from './ingest.dto';

export class GreenButtonImportQueryDto extends IngestQueryDto {
  /** Import the series of this meter's direction into it … */
  @IsOptional()
  @IsUUID()
  meterId?: string;

  /** … or create (or reuse) a meter per usage point and direction on this site. */
  @IsOptional()
  @IsUUID()
  siteId?: string;
}

export class CsvImportQueryDto extends IngestQueryDto {
  /** Whether a `timestamp` column labels the interval start (default) or its end. */
  @IsOptional()
  @IsIn(['start', 'end'])
  timestampConvention: 'start' | 'end' = 'start';

  /** Zone of timestamps without offset: an IANA zone, or `site` for each meter's site zone. Without it such rows are refused. */
  @IsOptional()
  @ValidateIf((o: CsvImportQueryDto) => o.timeZone !== 'site')
  @IsIanaTimeZone()
  timeZone?: string;

  /** The repeated fall-back hour: resolved by row order (default) or refused. */
  @IsOptional()
  @IsIn(['order', 'reject'])
  ambiguous: 'order' | 'reject' = 'order';

  /** Unit of rows without one (default: each meter's unit). */
  @IsOptional()
  @IsIn(['Wh', 'kWh', 'MWh'])
  unit?: 'Wh' | 'kWh' | 'MWh';

  /** External id of the meter of every row, for files without a meter column. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  meter?: string;
}
