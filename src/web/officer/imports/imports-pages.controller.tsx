import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../../../auth/principal';
import { FormBody, FormUploadBody } from '../../../common/request-body/body.decorators';
import { CERTIFICATE_IMPORT_MAX_BYTES } from '../../../procurement/certificate-import.service';
import { Page } from '../../page.decorator';
import { redirect, respond } from '../../respond';
import { fieldOf, FormFields } from '../../views/form';
import { PageCtx, Web, WebContext } from '../../web-context';
import type { UploadKind } from './import-uploads';
import { DEFAULT_READINGS_FORM, ImportPanel } from './import-view';
import { CertificatesSection, ImportsPage, ReadingsSection } from './imports-page';
import { ImportsPagesService } from './imports-pages.service';
import { IMPORTS_TEXT } from './imports.text';

/**
 * The largest readings file the page takes in memory, the API's default `UPLOAD_LIMIT`; a smaller
 * configured limit is enforced by the service.
 */

const IDLE: ImportPanel = { state: 'idle' };
const count = (raw: unknown) => (typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? raw : null);
/** The upload the body rule spooled to disk (removed after the request). */
const fileOf = (req: Request) => req.upload!;

/** A panel's answer: a report is 200, a refusal the refusal's status, a lost file 409 (htmx swaps them in). */
const statusOf = (panel: ImportPanel) =>
  panel.state === 'refused' ? panel.refusal.status : panel.state === 'expired' ? 409 : 200;

/** Certificates and readings files: a dry run with the per-row report, then the commit of the same file. */
/** The upload forms' text fields: the readings form's six options, and room for the CSRF field. */
const READINGS_FORM_FIELDS = 7;
const CERTIFICATE_FORM_FIELDS = 1;

@Controller('app/imports')
export class ImportsPagesController {
  constructor(private readonly imports: ImportsPagesService) {}

  @Get()
  @Page('admin', 'officer')
  show(@Web() web: WebContext, @Query() query: Record<string, unknown>, @Res() res: Response): void {
    const t = IMPORTS_TEXT[web.language];
    let notice: { text: string; href: string; link: string } | null = null;
    const [created, accepted, duplicates, corrected] = [
      count(query.created),
      count(query.accepted),
      count(query.duplicates),
      count(query.corrected),
    ];
    if (query.done === 'certificates' && created)
      notice = { text: t.doneCertificates(created), href: '/app/procurement', link: t.seeProcurement };
    if (query.done === 'readings' && accepted && duplicates && corrected)
      notice = {
        text: t.doneReadings(accepted, duplicates, corrected),
        href: '/app/sites',
        link: t.seeSites,
      };
    respond(res, web, () => (
      <ImportsPage
        web={web}
        notice={notice}
        certificates={IDLE}
        readings={IDLE}
        readingsForm={DEFAULT_READINGS_FORM}
      />
    ));
  }

  @Post('certificates/check')
  @Page('admin', 'officer')
  @FormUploadBody(CERTIFICATE_IMPORT_MAX_BYTES, CERTIFICATE_FORM_FIELDS)
  async checkCertificates(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const panel = await this.imports.checkCertificates(ctx, fileOf(req));
    this.answer(res, web, 'certificates', panel);
  }

  @Post('certificates/commit')
  @Page('admin', 'officer')
  @FormBody()
  async commitCertificates(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await this.imports.commitCertificates(ctx, fieldOf(req.body as FormFields, 'uploadId'));
    if (done.panel) return this.answer(res, web, 'certificates', done.panel);
    redirect(req, res, `/app/imports?done=certificates&created=${done.value.created}#notice`);
  }

  @Post('readings/check')
  @Page('admin', 'officer')
  @FormUploadBody('upload', READINGS_FORM_FIELDS)
  async checkReadings(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { options, form } = await this.imports.readingsOptions(req.body as FormFields);
    if (form.errors) return this.answer(res, web, 'readings', IDLE, form, 422);
    const panel = await this.imports.checkReadings(ctx, fileOf(req), options);
    this.answer(res, web, 'readings', panel, form);
  }

  @Post('readings/commit')
  @Page('admin', 'officer')
  @FormBody()
  async commitReadings(
    @Web() web: WebContext,
    @PageCtx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const done = await this.imports.commitReadings(ctx, fieldOf(req.body as FormFields, 'uploadId'));
    if (done.panel) return this.answer(res, web, 'readings', done.panel);
    const { accepted, duplicates, corrected } = done.value;
    const query = new URLSearchParams({
      done: 'readings',
      accepted: String(accepted),
      duplicates: String(duplicates),
      corrected: String(corrected),
    });
    redirect(req, res, `/app/imports?${query}#notice`);
  }

  /**
   * Answers with the page where one import shows `panel` (the other idle); for htmx with that import's
   * section alone, which its form swaps.
   */
  private answer(
    res: Response,
    web: WebContext,
    kind: UploadKind,
    panel: ImportPanel,
    form = DEFAULT_READINGS_FORM,
    status = statusOf(panel),
  ): void {
    const panels = { certificates: IDLE, readings: IDLE, [kind]: panel };
    respond(
      res,
      web,
      () => (
        <ImportsPage
          web={web}
          notice={null}
          certificates={panels.certificates}
          readings={panels.readings}
          readingsForm={form}
        />
      ),
      {
        status,
        fragment: () =>
          kind === 'certificates' ? (
            <CertificatesSection web={web} panel={panel} />
          ) : (
            <ReadingsSection web={web} panel={panel} form={form} />
          ),
      },
    );
  }
}
