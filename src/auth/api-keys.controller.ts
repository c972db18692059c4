import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { PageQueryDto } from '../common/page-query.dto';
import { Ctx, Roles } from './access.decorators';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { RequestContext } from './principal';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiErrors()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** The organization's API keys, newest first, without their secrets. */
  @Get()
  @Roles('admin')
  list(@Ctx() ctx: RequestContext, @Query() page: PageQueryDto) {
    return this.apiKeys.list(ctx, page);
  }

  /** Creates a machine key allowed only to write readings. The `key` is shown in this answer only. */
  @Post()
  @Roles('admin')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(ctx, dto);
  }

  /** Revokes the key at once; it stays listed with its revocation time. */
  @Delete(':id')
  @Roles('admin')
  revoke(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.apiKeys.revoke(ctx, id);
  }
}
