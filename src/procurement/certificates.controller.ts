import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, READ_ROLES, Roles, WRITE_ROLES } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { ApiErrors } from '../common/api-docs';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CertificatesService } from './certificates.service';
import {
  CertificateRetirementDto,
  CreateCertificateDto,
  ListCertificatesQueryDto,
} from './dto/certificate.dto';

@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** Certificate serial ranges, with what is allocated of each. */
  @Get()
  @Roles(...READ_ROLES)
  list(@Ctx() ctx: RequestContext, @Query() query: ListCertificatesQueryDto) {
    return this.certificates.list(ctx, query);
  }

  /** One serial range with its allocated and available energy. */
  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string) {
    return this.certificates.get(ctx, id);
  }

  /** Records a serial range; an overlap with another range of the registry answers 409 `SERIAL_RANGE_OVERLAP`. */
  @Post()
  @Roles(...WRITE_ROLES)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCertificateDto) {
    return this.certificates.create(ctx, dto);
  }

  /** Retires (cancellation date and beneficiary required), transfers or expires a certificate. */
  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CertificateRetirementDto,
  ) {
    return this.certificates.update(ctx, id, dto);
  }

  /** Deletes a serial range that no claim uses. */
  @Delete(':id')
  @Roles(...WRITE_ROLES)
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.certificates.remove(ctx, id);
  }
}
