import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { isUuid } from '../../common/parse-id.pipe';
import { AppError } from '../../common/app-error';
import { FormBody } from '../../common/request-body/body.decorators';
import { Requester, RequesterInfo } from '../../auth/access.decorators';
import { COMMON_TEXT } from '../i18n/common';
import { AnyonePage, SignedInPage } from '../page.decorator';
import { redirect } from '../respond';
import { ChooseOrganizationPage, SignInPage, SignInState } from '../views/sign-in-page';
import { htmlDocument } from '../views/render';
import { Web, WebContext } from '../web-context';
import { clearSessionCookie, setSessionCookie, setSignInCsrfCookie, signInCsrfOf } from './session-cookie';
import { randomToken, WebSessionsService } from './web-sessions.service';

type Form = Record<string, string | string[] | undefined>;
const field = (form: Form, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/** Only a path of this service is a place to return to (never another site: no open redirect). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/app') || value.length > 2000) return '/app';
  // A backslash or a control character (CR, LF, NUL, …) is not part of a path of ours.
  if ([...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/app';
  // Dot segments are resolved as the browser would (`/app/../api` is `/api`), then the path is checked.
  const url = new URL(value, 'http://service.invalid');
  const path = url.pathname + url.search + url.hash;
  return url.host === 'service.invalid' && /^\/app([/?#]|$)/.test(path) && !path.startsWith('//')
    ? path
    : '/app';
}

@Controller('app')
export class SessionController {
  constructor(private readonly sessions: WebSessionsService) {}

  @Get('sign-in')
  @AnyonePage()
  signInPage(
    @Web() web: WebContext,
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('expired') expired?: string,
    @Query('signedOut') signedOut?: string,
  ): void {
    if (web.user) return redirect(req, res, safeNext(next));
    let token = signInCsrfOf(req);
    if (!token || token.length !== 43) {
      token = randomToken();
      setSignInCsrfCookie(req, res, token);
    }
    const notice = expired === '1' ? 'expired' : signedOut === '1' ? 'signed-out' : undefined;
    res
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        htmlDocument(
          <SignInPage web={{ ...web, csrfToken: token }} state={{ next: safeNext(next), notice }} />,
        ),
      );
  }

  @Post('sign-in')
  @AnyonePage()
  @FormBody(8 * 1024)
  async signIn(
    @Web() web: WebContext,
    @Body() form: Form,
    @Requester() requester: RequesterInfo,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const email = field(form, 'email').trim();
    const next = safeNext(field(form, 'next'));
    try {
      const secret = await this.sessions.signIn(email, field(form, 'password'), requester.clientAddress);
      setSessionCookie(req, res, secret);
      return redirect(req, res, next);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = COMMON_TEXT[web.language].signIn;
      const state: SignInState = {
        email,
        next,
        error: error.code === 'RATE_LIMITED' ? t.rateLimited(error.retryAfterSeconds ?? 1) : t.failed,
      };
      if (error.retryAfterSeconds) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res
        .status(error.status === 429 ? 429 : 401)
        .type('html')
        .send(htmlDocument(<SignInPage web={web} state={state} />));
    }
  }

  @Post('sign-out')
  @SignedInPage()
  @FormBody(1024)
  @HttpCode(303)
  async signOut(@Web() web: WebContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(web.user!.sessionId);
    clearSessionCookie(req, res);
    redirect(req, res, '/app/sign-in?signedOut=1');
  }

  /** The organization chooser of a person in several (or none). */
  @Get('organizations')
  @SignedInPage()
  chooseOrganization(@Web() web: WebContext, @Res() res: Response): void {
    res.type('html').send(htmlDocument(<ChooseOrganizationPage web={web} />));
  }

  /** Works in another of the person's organizations from now on; one they are not a member of is a 404. */
  @Post('organization')
  @SignedInPage()
  @FormBody(2 * 1024)
  async switchOrganization(
    @Web() web: WebContext,
    @Body() form: Form,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const organizationId = field(form, 'organizationId').toLowerCase();
    if (!isUuid(organizationId) || !web.memberships.some((m) => m.organizationId === organizationId)) {
      throw new AppError('NOT_FOUND', 'The organization was not found');
    }
    await this.sessions.selectOrganization(web.user!.sessionId, organizationId);
    // Ids in the page's path belong to the organization left behind: go to the start of its section.
    const next = safeNext(field(form, 'next'));
    const section = next.split(/[/?#]/)[2];
    redirect(req, res, section ? `/app/${section}` : '/app');
  }
}
