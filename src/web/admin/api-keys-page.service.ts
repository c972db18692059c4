import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../../auth/api-keys.service';
import { CreatedApiKeyDto } from '../../auth/dto/api-key-response.dto';
import { CreateApiKeyDto } from '../../auth/dto/create-api-key.dto';
import { RequestContext } from '../../auth/principal';
import { MAX_PAGE_SIZE, PageQueryDto } from '../../common/page-query.dto';
import { ListMetersQueryDto } from '../../meters/dto/meter.dto';
import { MetersService } from '../../meters/meters.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { ApiKeysView, meterLabel } from './api-keys-view';

/** The API keys page over the API's own use cases: the keys, the meters to limit one to. */
@Injectable()
export class ApiKeysPageService {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly meters: MetersService,
    private readonly organizations: OrganizationsService,
  ) {}

  /** The first page of each list, as large as the API gives one. */
  async view(ctx: RequestContext): Promise<ApiKeysView> {
    const [keys, meters, organization] = await Promise.all([
      this.apiKeys.list(ctx, Object.assign(new PageQueryDto(), { limit: MAX_PAGE_SIZE, offset: 0 })),
      this.meters.list(ctx, Object.assign(new ListMetersQueryDto(), { limit: MAX_PAGE_SIZE, offset: 0 })),
      this.organizations.get(ctx),
    ]);
    return {
      timeZone: organization.timeZone,
      keys: keys.items,
      keysTotal: keys.total,
      meters: meters.items.map((m) => ({ id: m.id, label: meterLabel(m) })),
      metersTotal: meters.total,
    };
  }

  create(ctx: RequestContext, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(ctx, dto);
  }

  revoke(ctx: RequestContext, id: string) {
    return this.apiKeys.revoke(ctx, id);
  }
}
