import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ContractsService } from './contracts.service';
import { CreateContractDto, ListContractsQueryDto, UpdateContractDto } from './dto/contract.dto';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  /** PPAs, green tariffs, self-generation and other procurement contracts. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListContractsQueryDto) {
    return this.contracts.list(ctx, query);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.contracts.get(ctx, id);
  }

  /** Records a contract with its facilities and consuming sites. */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateContractDto) {
    return this.contracts.create(ctx, dto);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateContractDto) {
    return this.contracts.update(ctx, id, dto);
  }

  /** Deletes a contract no certificate or claim refers to. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.contracts.remove(ctx, id);
  }
}
