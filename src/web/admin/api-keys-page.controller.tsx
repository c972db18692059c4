import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CreateApiKeyDto } from '../../auth/dto/create-api-key.dto';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Page } from '../page.decorator';
import { redirect } from '../respond';
import { attempt, bodyOf, fieldOf, FormFields, submitForm } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { PageIdPipe } from '../page-id.pipe';
import { respondAdmin } from './admin-layout';
import { ApiKeysContent, apiKeysDoneMessage } from './api-keys-page';
import { ApiKeysPageService } from './api-keys-page.service';
import { ApiKeysState, ApiKeysView } from './api-keys-view';

/** The form as the API's body: no meter chosen means every meter (`meterIds` left out). */
function keyBody(form: FormFields): Record<string, unknown> {
  const body = bodyOf(form, { lists: ['meterIds'] });
  if (Array.isArray(body.meterIds) && body.meterIds.length === 0) delete body.meterIds;
  return body;
}

/** API keys: the list (never a secret), creating one (its secret shown once), revoking one. */
@Controller('app/admin/api-keys')
export class ApiKeysPageController {
  constructor(private readonly page: ApiKeysPageService) {}

  @Get()
  @Page('admin')
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('done') done?: string,
    @Query('key') key?: string,
  ): Promise<void> {
    const view = await this.page.view(ctx);
    this.send(res, web, view, { done: apiKeysDoneMessage(web, view, done, key) });
  }

  /** Creates a key: this answer holds its secret, once (Cache-Control: no-store), and no later page does. */
  @Post()
  @Page('admin')
  @FormBody(64 * 1024)
  async create(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Res() res: Response,
  ): Promise<void> {
    const sent = {
      name: fieldOf(form, 'name'),
      meterIds: ([] as string[]).concat(form.meterIds ?? []),
    };
    const done = await submitForm(CreateApiKeyDto, keyBody(form), (dto) => this.page.create(ctx, dto));
    const view = await this.page.view(ctx);
    if (done.errors) return this.send(res, web, view, { form: { ...sent, errors: done.errors } }, 422);
    this.send(res, web, view, { created: done.value });
  }

  @Post(':id/revoke')
  @Page('admin')
  @FormBody(1024)
  async revoke(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await attempt(() => this.page.revoke(ctx, id));
    if (done.errors) {
      const view = await this.page.view(ctx);
      return this.send(res, web, view, { revokeRefusal: { id, errors: done.errors } }, 422);
    }
    redirect(req, res, `/app/admin/api-keys?done=revoked&key=${id}`);
  }

  private send(res: Response, web: WebContext, view: ApiKeysView, state: ApiKeysState, status = 200): void {
    respondAdmin(res, web, 'api-keys', () => <ApiKeysContent web={web} view={view} state={state} />, status);
  }
}
