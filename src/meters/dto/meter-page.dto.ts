import { PageDto } from '../../common/page.dto';
import { Meter } from '../meter.entity';

export class MeterPageDto extends PageDto {
  items: Meter[];
}
