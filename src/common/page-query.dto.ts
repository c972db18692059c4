import { Transform } from 'class-transformer';
import { queryInteger } from './validation';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  /** Items per page (1 to 500). */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 50;

  /** Items to skip. */
  @IsOptional()
  @Transform(queryInteger)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset: number = 0;
}
