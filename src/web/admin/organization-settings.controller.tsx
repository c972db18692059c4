import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { UpdateOrganizationDto } from '../../organizations/dto/organization.dto';
import { OrganizationsService } from '../../organizations/organizations.service';
import { Page } from '../page.decorator';
import { redirect } from '../respond';
import { FormFields, submitForm } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { respondAdmin } from './admin-layout';
import { settingsBody, settingsErrors, settingsFromForm, settingsOf } from './organization-settings-form';
import { OrganizationSettingsContent, SettingsState } from './organization-settings-page';

/** The organization's settings and RE100 commitment, edited through the API's own DTO and use case. */
@Controller('app/admin/organization')
export class OrganizationSettingsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @Page('admin')
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const organization = await this.organizations.get(ctx);
    this.send(res, web, {
      fields: settingsOf(organization),
      errors: null,
      saved: saved === '1',
      committed: organization.re100 !== null,
    });
  }

  /** Saves the form; a refusal (400 or 422 of the API) shows each problem at its field, and writes nothing. */
  @Post()
  @Page('admin')
  @FormBody(16 * 1024)
  async save(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const fields = settingsFromForm(form);
    const { body, rowOf } = settingsBody(fields);
    const done = await submitForm(UpdateOrganizationDto, body, (dto) => this.organizations.update(ctx, dto));
    if (done.refusal) {
      const stored = await this.organizations.get(ctx);
      const errors = settingsErrors(done.refusal, rowOf);
      return this.send(res, web, { fields, errors, saved: false, committed: stored.re100 !== null }, 422);
    }
    redirect(req, res, '/app/admin/organization?saved=1');
  }

  private send(res: Response, web: WebContext, state: SettingsState, status = 200): void {
    respondAdmin(
      res,
      web,
      'organization',
      () => <OrganizationSettingsContent web={web} state={state} />,
      status,
    );
  }
}
