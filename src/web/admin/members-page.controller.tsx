import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../../auth/principal';
import { FormBody } from '../../common/request-body/body.decorators';
import { CreateInvitationDto } from '../../organizations/dto/invitation.dto';
import { UpdateMemberDto } from '../../organizations/dto/member.dto';
import { Page } from '../page.decorator';
import { redirect } from '../respond';
import { attempt, bodyOf, fieldOf, FormFields, submitForm } from '../views/form';
import { PageCtx, Web, WebContext } from '../web-context';
import { PageIdPipe } from '../page-id.pipe';
import { respondAdmin } from './admin-layout';
import { MembersContent, membersDoneMessage } from './members-page';
import { MembersPageService } from './members-page.service';
import { MembersState, MembersView } from './members-view';

/** Members and roles: the members with their role, pending invitations, inviting a person. */
@Controller('app/admin')
export class MembersPageController {
  constructor(private readonly page: MembersPageService) {}

  @Get('members')
  @Page('admin')
  async show(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Res() res: Response,
    @Query('done') done?: string,
    @Query('member') member?: string,
  ): Promise<void> {
    const view = await this.page.view(ctx);
    this.send(res, web, view, { done: membersDoneMessage(web, view, done, member) });
  }

  /** Changes a member's role; the domain's refusals (the last admin) are said on the member's row. */
  @Post('members/:userId/role')
  @Page('admin')
  @FormBody(2 * 1024)
  async changeRole(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('userId', PageIdPipe) userId: string,
    @Body() form: FormFields,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await submitForm(UpdateMemberDto, bodyOf(form), (dto) =>
      this.page.changeRole(ctx, userId, dto),
    );
    if (done.errors)
      return this.answer(res, web, ctx, { memberRefusal: { userId, errors: done.errors } }, 422);
    redirect(req, res, `/app/admin/members?done=role&member=${userId}`);
  }

  @Post('members/:userId/remove')
  @Page('admin')
  @FormBody(1024)
  async remove(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('userId', PageIdPipe) userId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await attempt(() => this.page.remove(ctx, userId));
    if (done.errors)
      return this.answer(res, web, ctx, { memberRefusal: { userId, errors: done.errors } }, 422);
    redirect(req, res, '/app/admin/members?done=removed');
  }

  /** Invites a person: the answer shows the invitation's token, this once (the page is not cached). */
  @Post('invitations')
  @Page('admin')
  @FormBody(2 * 1024)
  async invite(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Body() form: FormFields,
    @Res() res: Response,
  ): Promise<void> {
    const sent = { email: fieldOf(form, 'email').trim(), role: fieldOf(form, 'role') };
    const done = await submitForm(CreateInvitationDto, bodyOf(form), (dto) => this.page.invite(ctx, dto));
    if (done.errors) return this.answer(res, web, ctx, { invite: { ...sent, errors: done.errors } }, 422);
    await this.answer(res, web, ctx, { created: done.value });
  }

  @Post('invitations/:id/revoke')
  @Page('admin')
  @FormBody(1024)
  async revokeInvitation(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Param('id', PageIdPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await attempt(() => this.page.revokeInvitation(ctx, id));
    if (done.errors)
      return this.answer(res, web, ctx, { invitationRefusal: { id, errors: done.errors } }, 422);
    redirect(req, res, '/app/admin/members?done=revoked');
  }

  /** Answers with the page as it is now (after the action, or unchanged by a refused one). */
  private async answer(
    res: Response,
    web: WebContext,
    ctx: RequestContext,
    state: MembersState,
    status = 200,
  ): Promise<void> {
    this.send(res, web, await this.page.view(ctx), state, status);
  }

  private send(res: Response, web: WebContext, view: MembersView, state: MembersState, status = 200): void {
    respondAdmin(res, web, 'members', () => <MembersContent web={web} view={view} state={state} />, status);
  }
}
