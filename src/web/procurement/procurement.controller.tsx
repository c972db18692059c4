import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { WRITE_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Page } from '../page.decorator';
import { redirect, respond } from '../respond';
import { FormFields } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { CertificateForm, CertificatePage } from './certificate-form';
import { CertificatePagesService } from './certificate-pages.service';
import { ContractForm, ContractPage } from './contract-form';
import { ContractPagesService } from './contract-pages.service';
import { FacilityForm, FacilityPage } from './facility-form';
import { FacilityPagesService } from './facility-pages.service';
import { PageIdPipe } from '../page-id.pipe';
import { ProcurementPage } from './procurement-page';
import { ProcurementListsService } from './procurement-lists.service';

/**
 * The officer's procurement records: facilities, contracts and certificates, listed and edited through
 * the API's DTOs and services (admins and officers, the API's writers).
 */
@Controller('app/procurement')
export class ProcurementController {
  constructor(
    private readonly lists: ProcurementListsService,
    private readonly facilities: FacilityPagesService,
    private readonly contracts: ContractPagesService,
    private readonly certificates: CertificatePagesService,
  ) {}

  @Get()
  @Page(...WRITE_ROLES)
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.lists.view(ctx, web.language, query);
    respond(res, web, () => <ProcurementPage web={web} view={view} />, { status: view.errors ? 400 : 200 });
  }

  @Get('facilities/new')
  @Page(...WRITE_ROLES)
  async newFacility(@Web() web: WebContext, @PageCtx() ctx: RequestContext, @Res() res: Response) {
    const view = await this.facilities.blank(ctx, web.language);
    respond(res, web, () => <FacilityPage web={web} view={view} />);
  }

  @Post('facilities/new')
  @Page(...WRITE_ROLES)
  @FormBody()
  async createFacility(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.facilities.create(ctx, web.language, form);
    if ('saved' in outcome)
      return redirect(req, res, `/app/procurement/facilities/${outcome.saved.id}?saved=1`);
    respond(res, web, () => <FacilityPage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <FacilityForm web={web} view={outcome.view} />,
    });
  }

  @Get('facilities/:id')
  @Page(...WRITE_ROLES)
  async facility(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Query('saved') saved: string | undefined,
    @Res() res: Response,
  ) {
    const view = await this.facilities.edit(ctx, web.language, id);
    respond(res, web, () => <FacilityPage web={web} view={view} saved={saved === '1'} />);
  }

  @Post('facilities/:id')
  @Page(...WRITE_ROLES)
  @FormBody()
  async updateFacility(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.facilities.update(ctx, web.language, id, form);
    if ('saved' in outcome) return redirect(req, res, `/app/procurement/facilities/${id}?saved=1`);
    respond(res, web, () => <FacilityPage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <FacilityForm web={web} view={outcome.view} />,
    });
  }

  @Get('contracts/new')
  @Page(...WRITE_ROLES)
  async newContract(@Web() web: WebContext, @PageCtx() ctx: RequestContext, @Res() res: Response) {
    const view = await this.contracts.blank(ctx, web.language);
    respond(res, web, () => <ContractPage web={web} view={view} />);
  }

  @Post('contracts/new')
  @Page(...WRITE_ROLES)
  @FormBody()
  async createContract(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.contracts.create(ctx, web.language, form);
    if ('saved' in outcome)
      return redirect(req, res, `/app/procurement/contracts/${outcome.saved.id}?saved=1`);
    respond(res, web, () => <ContractPage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <ContractForm web={web} view={outcome.view} />,
    });
  }

  @Get('contracts/:id')
  @Page(...WRITE_ROLES)
  async contract(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Query('saved') saved: string | undefined,
    @Res() res: Response,
  ) {
    const view = await this.contracts.edit(ctx, web.language, id);
    respond(res, web, () => <ContractPage web={web} view={view} saved={saved === '1'} />);
  }

  @Post('contracts/:id')
  @Page(...WRITE_ROLES)
  @FormBody()
  async updateContract(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.contracts.update(ctx, web.language, id, form);
    if ('saved' in outcome) return redirect(req, res, `/app/procurement/contracts/${id}?saved=1`);
    respond(res, web, () => <ContractPage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <ContractForm web={web} view={outcome.view} />,
    });
  }

  @Get('certificates/new')
  @Page(...WRITE_ROLES)
  async newCertificate(@Web() web: WebContext, @PageCtx() ctx: RequestContext, @Res() res: Response) {
    const view = await this.certificates.blank(ctx, web.language);
    respond(res, web, () => <CertificatePage web={web} view={view} />);
  }

  @Post('certificates/new')
  @Page(...WRITE_ROLES)
  @FormBody()
  async createCertificate(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.certificates.create(ctx, web.language, form);
    if ('saved' in outcome)
      return redirect(req, res, `/app/procurement/certificates/${outcome.saved.id}?saved=1`);
    respond(res, web, () => <CertificatePage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <CertificateForm web={web} view={outcome.view} />,
    });
  }

  @Get('certificates/:id')
  @Page(...WRITE_ROLES)
  async certificate(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Query('saved') saved: string | undefined,
    @Res() res: Response,
  ) {
    const view = await this.certificates.edit(ctx, web.language, id);
    respond(res, web, () => <CertificatePage web={web} view={view} saved={saved === '1'} />);
  }

  @Post('certificates/:id')
  @Page(...WRITE_ROLES)
  @FormBody()
  async updateCertificate(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const outcome = await this.certificates.update(ctx, web.language, id, form);
    if ('saved' in outcome) return redirect(req, res, `/app/procurement/certificates/${id}?saved=1`);
    respond(res, web, () => <CertificatePage web={web} view={outcome.view} />, {
      status: outcome.status,
      fragment: () => <CertificateForm web={web} view={outcome.view} />,
    });
  }
}
