import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CreateApiKeyDto } from '../../auth/dto/create-api-key.dto';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { Page } from '../page.decorator';
import { redirect, respond } from '../respond';
import { attempt, bodyOf, fieldOf, FormFields, validated } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { PageIdPipe } from '../page-id.pipe';
import { ApiKeysContent, apiKeysDoneMessage, ApiKeysPage } from './api-keys-page';
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
    const input = await validated(CreateApiKeyDto, keyBody(form));
    const done = input.errors ? input : await attempt(() => this.page.create(ctx, input.value));
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
      return this.answer(res, web, ctx, { revokeRefusal: { id, errors: done.errors } }, 422);
    }
    redirect(req, res, `/app/admin/api-keys?done=revoked&key=${id}`);
  }

  /** Answers with the page as it is now (after the action, or unchanged by a refused one). */
  private async answer(
    res: Response,
    web: WebContext,
    ctx: RequestContext,
    state: ApiKeysState,
    status = 200,
  ): Promise<void> {
    this.send(res, web, await this.page.view(ctx), state, status);
  }

  private send(res: Response, web: WebContext, view: ApiKeysView, state: ApiKeysState, status = 200): void {
    respond(res, web, () => <ApiKeysPage web={web} view={view} state={state} />, {
      status,
      fragment: () => <ApiKeysContent web={web} view={view} state={state} />,
    });
  }
}
