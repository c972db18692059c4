import { PageDto } from '../../common/page.dto';
import { Site } from '../site.entity';

export class SitePageDto extends PageDto {
  items: Site[];
}
