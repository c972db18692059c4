import { IsOptional, IsUUID } from 'class-validator';
import { ReportingYearDto } from './factor-set.dto';

export class Scope2ExplainQueryDto extends ReportingYearDto {
  /** Only this site's inputs and figures. */
  @IsOptional()
  @IsUUID()
  siteId?: string;
}
