import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { Role } from '../../../auth/principal';
import { RequestContext } from '../../../auth/principal';
import { Page } from '../../page.decorator';
import { respond } from '../../respond';
import { FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import { AuditPage, ChainCheck } from './audit-page';
import { AuditPagesService } from './audit-pages.service';

/** Who reads the audit log: as `GET /api/v1/audit-log`. */
const AUDIT_ROLES: Role[] = ['admin', 'auditor'];

@Controller('app/audit')
export class AuditPagesController {
  constructor(private readonly pages: AuditPagesService) {}

  /** The audit log, filtered as the API filters it; a filter that is not valid answers 422 at its field. */
  @Get()
  @Page(...AUDIT_ROLES)
  async list(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.pages.view(ctx, web.language, query);
    respond(res, web, () => <AuditPage web={web} view={view} />, { status: view.errors ? 422 : 200 });
  }

  /** The chain check (`GET /api/v1/audit-log/verify`); for htmx only its result. */
  @Get('verify')
  @Page(...AUDIT_ROLES)
  async verify(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: FormFields,
    @Res() res: Response,
  ): Promise<void> {
    if (web.fragment) {
      const chain = await this.pages.verifyOnly(ctx, query);
      const status = chain.form.errors ? 422 : 200;
      return respond(res, web, () => <ChainCheck web={web} form={chain.form} chain={chain.result} />, {
        status,
        fragment: () => <ChainCheck web={web} form={chain.form} chain={chain.result} />,
      });
    }
    const view = await this.pages.view(ctx, web.language, {}, query);
    respond(res, web, () => <AuditPage web={web} view={view} />, {
      status: view.verifyForm.errors ? 422 : 200,
    });
  }
}
