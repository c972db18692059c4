import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import type { FunctionComponent } from 'preact';
import { WRITE_ROLES } from '../../auth/access.decorators';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Language } from '../i18n/language';
import { PageIdPipe } from '../page-id.pipe';
import { Page } from '../page.decorator';
import { respond } from '../respond';
import { FormFields } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { CertificateForm, CertificatePage } from './certificate-form';
import { CertificateFormView, CertificatePagesService } from './certificate-pages.service';
import { ContractForm, ContractPage } from './contract-form';
import { ContractFormView, ContractPagesService } from './contract-pages.service';
import { FacilityForm, FacilityPage } from './facility-form';
import { FacilityFormView, FacilityPagesService } from './facility-pages.service';
import { answer, FormAnswer, PageOutcome } from './page-outcome';
import { ListName } from './procurement-lists.service';

/** The use cases behind a record's form pages, each through the API's own DTOs and service. */
interface RecordFormService<V> {
  blank(ctx: RequestContext, language: Language): Promise<V>;
  edit(ctx: RequestContext, language: Language, id: string): Promise<V>;
  create(ctx: RequestContext, language: Language, form: FormFields): Promise<PageOutcome<{ id: string }, V>>;
  update(
    ctx: RequestContext,
    language: Language,
    id: string,
    form: FormFields,
  ): Promise<PageOutcome<{ id: string }, V>>;
}

/**
 * The form pages of one kind of procurement record, under /app/procurement/<list> (the controllers below
 * mount them): a new record (`new`) and an edit (`:id`), for the API's writers (admins and officers).
 * Saved, the browser goes to the record with a notice (`?saved=1`); refused, the form is shown again with
 * the problems at its fields (htmx swaps in the form alone).
 */
export abstract class RecordFormController<V> {
  private readonly posted: FormAnswer<{ id: string }, V>;

  protected constructor(
    private readonly records: RecordFormService<V>,
    list: ListName,
    private readonly FormPage: FunctionComponent<{ web: WebContext; view: V; saved?: boolean }>,
    FormPart: FunctionComponent<{ web: WebContext; view: V }>,
  ) {
    this.posted = {
      next: (record) => `/app/procurement/${list}/${record.id}?saved=1`,
      page: (web, view) => <FormPage web={web} view={view} />,
      fragment: (web, view) => <FormPart web={web} view={view} />,
    };
  }

  @Get('new')
  @Page(...WRITE_ROLES)
  async blank(@Web() web: WebContext, @PageCtx() ctx: RequestContext, @Res() res: Response) {
    const view = await this.records.blank(ctx, web.language);
    respond(res, web, () => <this.FormPage web={web} view={view} />);
  }

  @Post('new')
  @Page(...WRITE_ROLES)
  @FormBody()
  async create(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    answer(req, res, web, await this.records.create(ctx, web.language, form), this.posted);
  }

  @Get(':id')
  @Page(...WRITE_ROLES)
  async edit(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Query('saved') saved: string | undefined,
    @Res() res: Response,
  ) {
    const view = await this.records.edit(ctx, web.language, id);
    respond(res, web, () => <this.FormPage web={web} view={view} saved={saved === '1'} />);
  }

  @Post(':id')
  @Page(...WRITE_ROLES)
  @FormBody()
  async update(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    answer(req, res, web, await this.records.update(ctx, web.language, id, form), this.posted);
  }
}

@Controller('app/procurement/facilities')
export class FacilityFormController extends RecordFormController<FacilityFormView> {
  constructor(facilities: FacilityPagesService) {
    super(facilities, 'facilities', FacilityPage, FacilityForm);
  }
}

@Controller('app/procurement/contracts')
export class ContractFormController extends RecordFormController<ContractFormView> {
  constructor(contracts: ContractPagesService) {
    super(contracts, 'contracts', ContractPage, ContractForm);
  }
}

@Controller('app/procurement/certificates')
export class CertificateFormController extends RecordFormController<CertificateFormView> {
  constructor(certificates: CertificatePagesService) {
    super(certificates, 'certificates', CertificatePage, CertificateForm);
  }
}
