import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RequestContext } from '../../auth/principal';
import { AutoAllocateDto, AutoAllocationResultDto } from '../../re100/dto/auto-allocation.dto';
import { AutoAllocationService } from '../../re100/auto-allocation.service';
import { Re100ProgressService } from '../../re100/re100-progress.service';
import { Language } from '../i18n/language';
import { bodyOf, FieldErrors, FormFields, refusedStatus, submitForm } from '../views/form';
import { ClaimsPagesService } from './claims-pages.service';
import { pageOutcome, PageOutcome } from './page-outcome';
import { certificateLabel, ProcurementChoices } from './procurement-choices.service';
import { Vocabulary } from './vocabulary';

export interface AutoAllocationView {
  year: number;
  /** Markets with consumption in the year (what may be limited to). */
  markets: string[];
  values: FormFields;
  errors: FieldErrors | null;
  /** The dry run's answer, once asked for. */
  preview: AutoAllocationResultDto | null;
  /** Identifies the previewed plan: apply refuses a plan that has changed since. */
  fingerprint: string | null;
  /** The preview is shown again because the plan changed before it was applied. */
  changed: boolean;
  /** Certificates in words, by id. */
  certificates: Record<string, string>;
  vocabulary: Vocabulary;
}

/** Done: the claims written. */
export type AutoAllocationOutcome = PageOutcome<AutoAllocationResultDto, AutoAllocationView>;

/** What a plan would write: the same claims give the same fingerprint. */
const fingerprintOf = (plan: AutoAllocationResultDto) =>
  createHash('sha256')
    .update(JSON.stringify(plan.allocations.map((a) => [a.certificateId, a.market, a.volumeWh])))
    .digest('hex');

/** The form as AutoAllocateDto takes it: no market ticked is every market (the field left out). */
function dtoBody(form: FormFields): Record<string, unknown> {
  const { fingerprint: _fingerprint, ...fields } = form;
  const body = bodyOf(fields, { numbers: ['reportingYear'], lists: ['markets'] });
  if ((body.markets as string[]).length === 0) delete body.markets;
  if (!('reportingYear' in body)) body.reportingYear = '';
  return body;
}

/**
 * Auto-allocation through AutoAllocationService: its dry run shown first (what it would allocate, per
 * certificate and market), then the same run applied, unless the plan changed in between.
 */
@Injectable()
export class AutoAllocationPagesService {
  constructor(
    private readonly autoAllocation: AutoAllocationService,
    private readonly progress: Re100ProgressService,
    private readonly claims: ClaimsPagesService,
    private readonly choices: ProcurementChoices,
  ) {}

  async form(ctx: RequestContext, language: Language, year: string | undefined): Promise<AutoAllocationView> {
    const shown = await this.claims.yearOf(ctx, year);
    return this.view(ctx, language, shown, { reportingYear: String(shown) }, null, null);
  }

  /** The dry run: writes nothing. */
  async preview(
    ctx: RequestContext,
    language: Language,
    form: FormFields,
  ): Promise<AutoAllocationView & { status: number }> {
    const result = await this.run(ctx, form, true);
    const year = await this.claims.yearOfForm(ctx, form);
    if (result.refusal !== null)
      return {
        ...(await this.view(ctx, language, year, form, result.errors, null)),
        status: refusedStatus(result.refusal),
      };
    return { ...(await this.view(ctx, language, year, form, null, result.value)), status: 200 };
  }

  /**
   * Applies the plan the preview showed: the dry run again, and the run itself only when it plans the same
   * claims (else the new plan is shown, 409); the service writes the claims all or nothing.
   */
  async apply(ctx: RequestContext, language: Language, form: FormFields): Promise<AutoAllocationOutcome> {
    const previewed = await this.preview(ctx, language, form);
    if (previewed.errors !== null || previewed.preview === null)
      return { view: previewed, status: previewed.status };
    if (previewed.fingerprint !== form.fingerprint)
      return { view: { ...previewed, changed: true }, status: 409 };
    const result = await this.run(ctx, form, false);
    return pageOutcome(result, (errors) => this.view(ctx, language, previewed.year, form, errors, null));
  }

  /** The run of the form's AutoAllocateDto, as a dry run or for real. */
  private run(ctx: RequestContext, form: FormFields, dryRun: boolean) {
    return submitForm(AutoAllocateDto, dtoBody(form), (dto) => this.autoAllocation.run(ctx, dto, dryRun), {
      fieldOf: { PERIOD_LOCKED: 'reportingYear' },
    });
  }

  private async view(
    ctx: RequestContext,
    language: Language,
    year: number,
    values: FormFields,
    errors: FieldErrors | null,
    preview: AutoAllocationResultDto | null,
  ): Promise<AutoAllocationView> {
    const vocabulary = this.choices.vocabulary(language);
    const [progress, certificates] = await Promise.all([
      this.progress.year(ctx, { year }),
      preview ? this.choices.retiredCertificates(ctx) : Promise.resolve([]),
    ]);
    return {
      year,
      markets: progress.markets.map((m) => m.market),
      values,
      errors,
      preview,
      fingerprint: preview ? fingerprintOf(preview) : null,
      changed: false,
      certificates: Object.fromEntries(certificates.map((c) => [c.id, certificateLabel(c, vocabulary)])),
      vocabulary,
    };
  }
}
