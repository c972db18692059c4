import { Injectable } from '@nestjs/common';
import { AuditVerificationService } from '../../../audit/audit-verification.service';
import { AuditService } from '../../../audit/audit.service';
import { AuditQueryDto, VerifyQueryDto } from '../../../audit/dto/audit-query.dto';
import { RequestContext } from '../../../auth/principal';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { MembersService } from '../../../organizations/members.service';
import { Language } from '../../i18n/language';
import { bodyOf, fieldOf, FormFields, validated } from '../../views/form';
import { AUDIT_TEXT } from './audit.text';
import {
  AuditFilters,
  auditQueryBody,
  AuditView,
  chainView,
  ChainView,
  entryRow,
  filtersOf,
  VerifyForm,
} from './audit-view';

/** The most members the actor filter lists (the API's largest page). */
const MEMBERS_LISTED = 500;

/**
 * The audit page over the API's own AuditService (the list and its filters, validated with the API's
 * AuditQueryDto) and AuditVerificationService (the chain check, with the API's VerifyQueryDto).
 */
@Injectable()
export class AuditPagesService {
  constructor(
    private readonly audit: AuditService,
    private readonly verification: AuditVerificationService,
    private readonly members: MembersService,
    private readonly figures: YearFiguresService,
  ) {}

  /** The entries the filters ask for; with `verify` (the verify form's fields) also the chain check. */
  async view(
    ctx: RequestContext,
    language: Language,
    query: Record<string, unknown>,
    verify?: FormFields,
  ): Promise<AuditView> {
    const filters = filtersOf(query);
    const { timeZone } = await this.figures.organization(ctx.organizationId);
    const asked = auditQueryBody(filters, timeZone, AUDIT_TEXT[language].filters.badDay);
    const validation = await validated(AuditQueryDto, asked.body);
    // A day that is not one, and whatever else the API's DTO refuses, each at its field.
    const checked =
      asked.errors || validation.errors
        ? { value: null, errors: { ...validation.errors, ...asked.errors } }
        : validation;
    const [page, actors, chain] = await Promise.all([
      checked.value ? this.audit.list(ctx.organizationId, checked.value) : null,
      this.actors(ctx, filters),
      verify ? this.verify(ctx, verify, timeZone) : null,
    ]);
    return {
      filters,
      timeZone,
      errors: checked.errors,
      rows: page ? page.items.map((e) => entryRow(e, timeZone)) : [],
      total: page?.total ?? 0,
      limit: page?.limit ?? 0,
      offset: page?.offset ?? filters.offset,
      actors,
      verifyForm: chain?.form ?? { headSeq: '', headHash: '', errors: null },
      verification: chain?.result ?? null,
    };
  }

  /** The chain check alone (what the verify button swaps in). */
  async verifyOnly(
    ctx: RequestContext,
    form: FormFields,
  ): Promise<{ form: VerifyForm; result: ChainView | null }> {
    const { timeZone } = await this.figures.organization(ctx.organizationId);
    return this.verify(ctx, form, timeZone);
  }

  private async verify(
    ctx: RequestContext,
    form: FormFields,
    timeZone: string,
  ): Promise<{ form: VerifyForm; result: ChainView | null }> {
    const fields = { headSeq: fieldOf(form, 'headSeq').trim(), headHash: fieldOf(form, 'headHash').trim() };
    const checked = await validated(VerifyQueryDto, bodyOf(fields));
    if (checked.errors) return { form: { ...fields, errors: checked.errors }, result: null };
    const result = await this.verification.verify(ctx.organizationId, checked.value);
    return { form: { ...fields, errors: null }, result: chainView(result, timeZone) };
  }

  /** The members to filter by (the API's member list: admins and auditors may read it, as the audit log). */
  private async actors(ctx: RequestContext, filters: AuditFilters) {
    const members = await this.members.list(ctx, { limit: MEMBERS_LISTED, offset: 0 });
    const actors = members.items.map((m) => ({ id: m.userId, label: `${m.displayName} (${m.email})` }));
    if (filters.actorId && !actors.some((a) => a.id === filters.actorId)) {
      actors.push({ id: filters.actorId, label: filters.actorId });
    }
    return actors;
  }
}
