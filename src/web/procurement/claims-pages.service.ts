import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { MAX_PAGE_SIZE } from '../../common/page-query.dto';
import { localDateOf } from '../../common/zoned-time';
import { YearFiguresService } from '../../figures/year-figures.service';
import { Allocation } from '../../procurement/allocation.entity';
import { AllocationsService } from '../../procurement/allocations.service';
import { CreateAllocationDto } from '../../procurement/dto/allocation.dto';
import { reportingYearOfLocalDate } from '../../readings/reporting-year';
import { ClaimVerdictDto } from '../../re100/dto/progress.dto';
import { Re100ProgressService } from '../../re100/re100-progress.service';
import { Language } from '../i18n/language';
import { pageNotFound } from '../page-errors';
import { attempt, FieldErrors, formBody, FormFields, submitForm } from '../views/form';
import { mwhOf } from './energy';
import { pageOutcome, PageOutcome } from './page-outcome';
import { certificateLabel, ProcurementChoices } from './procurement-choices.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { Choice, Vocabulary } from './vocabulary';

/** One claim of the year as the RE100 progress judged it, with the records it names. */
export interface ClaimRow {
  claimId: string;
  /** The allocation behind the claim (certificate claims), null for metered self-generation. */
  allocationId: string | null;
  certificateId: string | null;
  /** The certificate, or the self-generating facility and site, in words. */
  label: string;
  market: string;
  /** Names of the sites the claim is for; empty: every site of the market. */
  sites: string[];
  volumeMwh: string;
  eligibleMwh: string;
  /** ELIGIBLE, PARTIAL or INELIGIBLE. */
  status: string;
  reasons: string[];
}

export interface AllocateFormView {
  values: FormFields;
  errors: FieldErrors | null;
  /** Retired certificates with energy left. */
  certificates: Choice[];
  sites: Choice[];
}

export interface ClaimsView {
  year: number;
  provisional: boolean;
  rePercent: string | null;
  eligibleMwh: string;
  rows: ClaimRow[];
  allocate: AllocateFormView;
  /** A refusal of a deletion, shown above the claims. */
  problem: FieldErrors | null;
  vocabulary: Vocabulary;
}

/** Done: the allocation made or removed. */
export type ClaimsOutcome = PageOutcome<Allocation, ClaimsView>;

/** A verdict as the progress presents it: every `…Wh` with its `…Mwh` beside it. */
type VerdictWithMwh = ClaimVerdictDto & { volumeMwh: string; eligibleMwh: string };

/** The id of a metered self-generation claim (YearFiguresService): its facility and site. */
const SELF_GENERATION = /^self-generation:([0-9a-f-]{36}):([0-9a-f-]{36})$/;

/** A reporting year the pages take (2000–2100), else null. */
function yearIn(value: unknown): number | null {
  const asked = Number(value);
  return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : null;
}

/**
 * The claims of a reporting year: each claim's verdict and reasons exactly as Re100ProgressService
 * presents them (never recomputed here), beside the allocations and certificates they name; the manual
 * allocation and its removal through AllocationsService.
 */
@Injectable()
export class ClaimsPagesService {
  constructor(
    private readonly progress: Re100ProgressService,
    private readonly allocations: AllocationsService,
    private readonly figures: YearFiguresService,
    private readonly choices: ProcurementChoices,
  ) {}

  /** `year` from the page's query; by default the organization's current reporting year. */
  async yearOf(ctx: RequestContext, year: string | undefined): Promise<number> {
    if (year === undefined || year === '') {
      const { timeZone, reportingYearStartMonth } = await this.figures.organization(ctx.organizationId);
      return reportingYearOfLocalDate(localDateOf(new Date(), timeZone), reportingYearStartMonth);
    }
    const asked = yearIn(year);
    if (asked === null) throw pageNotFound();
    return asked;
  }

  /** The year a refused form is shown in: the form's, or the current one when it names none. */
  async yearOfForm(ctx: RequestContext, form: FormFields): Promise<number> {
    return yearIn(form.reportingYear) ?? this.yearOf(ctx, '');
  }

  async view(ctx: RequestContext, language: Language, year: string | undefined): Promise<ClaimsView> {
    const shown = await this.yearOf(ctx, year);
    return this.build(ctx, language, shown, { values: { reportingYear: String(shown) }, errors: null }, null);
  }

  /** A manual allocation (CreateAllocationDto); refused, the page again with the problems at the fields. */
  async allocate(ctx: RequestContext, language: Language, form: FormFields): Promise<ClaimsOutcome> {
    const result = await submitForm(
      CreateAllocationDto,
      formBody(form, { numbers: ['reportingYear'], lists: ['siteIds'] }, [
        'certificateId',
        'reportingYear',
        'consumptionMarket',
      ]),
      (dto) => this.allocations.create(ctx, dto),
      { fieldOf: { PERIOD_LOCKED: 'reportingYear', CERTIFICATE_OVER_ALLOCATED: 'volume' } },
    );
    return pageOutcome(result, async (errors) =>
      this.build(ctx, language, await this.yearOfForm(ctx, form), { values: form, errors }, null),
    );
  }

  /** Removes an allocation of an open year; another organization's is a 404, a finalized year's a 409. */
  async remove(ctx: RequestContext, language: Language, id: string): Promise<ClaimsOutcome> {
    const allocation = await this.allocations.get(ctx, id);
    const result = await attempt(async () => {
      await this.allocations.remove(ctx, id);
      return allocation;
    });
    const form = { values: { reportingYear: String(allocation.reportingYear) }, errors: null };
    return pageOutcome(result, (errors) => this.build(ctx, language, allocation.reportingYear, form, errors));
  }

  private async build(
    ctx: RequestContext,
    language: Language,
    year: number,
    form: { values: FormFields; errors: FieldErrors | null },
    problem: FieldErrors | null,
  ): Promise<ClaimsView> {
    const vocabulary = this.choices.vocabulary(language);
    const [progress, allocations, certificates, facilities, sites] = await Promise.all([
      this.progress.year(ctx, { year }),
      this.allocationsOf(ctx, year),
      this.choices.retiredCertificates(ctx),
      this.choices.facilityRecords(ctx),
      this.choices.sites(ctx),
    ]);
    const certificateOf = new Map(certificates.map((c) => [c.id, c]));
    const facilityName = new Map(facilities.map((f) => [f.id, f.name]));
    const siteName = new Map(sites.map((s) => [s.value, s.label]));
    const rows = progress.claims.map((claim): ClaimRow => {
      const allocation = allocations.get(claim.claimId) ?? null;
      const certificateId = (claim.basis.certificateId as string | null) ?? allocation?.certificateId ?? null;
      const certificate = certificateId ? certificateOf.get(certificateId) : undefined;
      const self = SELF_GENERATION.exec(claim.claimId);
      const label = certificate
        ? certificateLabel(certificate, vocabulary)
        : self
          ? PROCUREMENT_TEXT[language].claims.selfGeneration(
              facilityName.get(self[1]) ?? self[1],
              siteName.get(self[2]) ?? self[2],
            )
          : vocabulary.method(String(claim.basis.method ?? claim.claimId));
      return {
        claimId: claim.claimId,
        allocationId: allocation?.id ?? null,
        certificateId,
        label,
        market: claim.market,
        sites: (allocation?.siteIds ?? []).map((id) => siteName.get(id) ?? id),
        volumeMwh: (claim as VerdictWithMwh).volumeMwh,
        eligibleMwh: (claim as VerdictWithMwh).eligibleMwh,
        status: claim.status,
        reasons: claim.reasons,
      };
    });
    return {
      year,
      provisional: progress.provisional,
      rePercent: progress.rePercent,
      eligibleMwh: progress.eligibleMwh,
      rows,
      allocate: {
        values: form.values,
        errors: form.errors,
        certificates: certificates
          .filter((c) => BigInt(c.availableWh) > 0n)
          .map((c) => ({
            value: c.id,
            label: `${certificateLabel(c, vocabulary)} — ${PROCUREMENT_TEXT[language].claims.available(mwhOf(c.availableWh))}`,
          })),
        sites,
      },
      problem,
      vocabulary,
    };
  }

  /** The year's allocations by id, page after page of the API's list. */
  private async allocationsOf(ctx: RequestContext, year: number): Promise<Map<string, Allocation>> {
    const all = new Map<string, Allocation>();
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await this.allocations.list(ctx, { year, limit: MAX_PAGE_SIZE, offset });
      for (const a of page.items) all.set(a.id, a);
      if (page.items.length < MAX_PAGE_SIZE || all.size >= page.total) return all;
    }
  }
}
