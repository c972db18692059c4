import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';

export class CreateApiKeyDto {
  /** What the key is for, e.g. `gateway-plant-3`. */
  @IsString()
  @Length(1, 100)
  name: string;

  /** Meters the key may write. Omit to allow every meter of the organization. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  meterIds?: string[];
}
