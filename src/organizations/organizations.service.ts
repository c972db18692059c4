import { changesFigures, ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { CurrentUserInfo } from '../auth/access.decorators';
import { RequestContext } from '../auth/principal';
import { AppError, notFound, unprocessable } from '../common/app-error';
import { commitmentProblems, defaultMilestones, Re100Commitment } from '../re100/commitment';
import { CreateOrganizationDto, Re100CommitmentDto, UpdateOrganizationDto } from './dto/organization.dto';
import {
  CreatedOrganizationDto,
  OrganizationDto,
  OrganizationPageDto,
} from './dto/organization-response.dto';
import { InvitationsService, platformScope } from './invitations.service';
import { PageQueryDto } from '../common/page-query.dto';
import { memberView } from './member-view';
import { Membership } from './membership.entity';
import { User } from '../auth/user.entity';
import { Organization } from './organization.entity';

function view(o: Organization): OrganizationDto {
  return {
    id: o.id,
    name: o.name,
    legalEntityName: o.legalEntityName,
    country: o.country,
    reportingYearStartMonth: o.reportingYearStartMonth,
    timeZone: o.timeZone,
    re100:
      o.re100TargetYear === null
        ? null
        : { targetYear: o.re100TargetYear, baselineYear: o.re100BaselineYear, milestones: o.re100Milestones },
    excludeImmaterialMarkets: o.re100ExcludeImmaterialMarkets,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** The commitment columns for a declared commitment, after RE100-TGT-1 validation (422 on failure). */
function commitmentColumns(dto: Re100CommitmentDto | null | undefined) {
  if (!dto) return { re100TargetYear: null, re100BaselineYear: null, re100Milestones: [] };
  const commitment: Re100Commitment = {
    targetYear: dto.targetYear,
    baselineYear: dto.baselineYear ?? null,
    milestones: (dto.milestones ?? defaultMilestones(dto.targetYear)).map((m) => ({
      year: m.year,
      percent: m.percent,
    })),
  };
  const problems = commitmentProblems(commitment);
  if (problems.length) {
    throw unprocessable(problems);
  }
  return {
    re100TargetYear: commitment.targetYear,
    re100BaselineYear: commitment.baselineYear,
    re100Milestones: [...commitment.milestones].sort((a, b) => a.year - b.year),
  };
}

/** What every year's figures depend on: changing one is refused while any year is finalized (invariant 7). */
const ORGANIZATION_FIGURE_FIELDS = [
  'reportingYearStartMonth',
  'legalEntityName',
  'excludeImmaterialMarkets',
] as const;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  /**
   * Creates an organization (platform admins only). Its first admin is the creator, or, with
   * `firstAdminEmail`, the person who accepts the admin invitation returned in the answer.
   */
  async create(user: CurrentUserInfo, dto: CreateOrganizationDto): Promise<CreatedOrganizationDto> {
    if (!user.isPlatformAdmin) {
      throw new AppError('FORBIDDEN', 'Only platform admins create organizations');
    }
    const { firstAdminEmail, ...fields } = dto;
    const now = new Date();
    const organization = this.dataSource.manager.create(Organization, {
      id: randomUUID(),
      name: fields.name,
      legalEntityName: fields.legalEntityName,
      country: fields.country,
      reportingYearStartMonth: fields.reportingYearStartMonth ?? 1,
      timeZone: fields.timeZone,
      ...commitmentColumns(fields.re100),
      re100ExcludeImmaterialMarkets: fields.excludeImmaterialMarkets ?? false,
      createdAt: now,
      updatedAt: now,
    });
    return this.dataSource.transaction(async (em) => {
      await em.insert(Organization, organization);
      const scope = platformScope(user, organization.id);
      await this.audit.record(em, scope, {
        action: 'create',
        entityType: 'organization',
        entityId: organization.id,
        after: view(organization),
      });
      if (firstAdminEmail !== undefined) {
        const invitation = await this.invitations.invite(em, scope, {
          email: firstAdminEmail,
          role: 'admin',
        });
        return { ...view(organization), firstAdminInvitation: invitation };
      }
      const membership = {
        organizationId: organization.id,
        userId: user.userId,
        role: 'admin' as const,
        createdAt: now,
        updatedAt: now,
      };
      await em.insert(Membership, membership);
      await this.audit.record(em, scope, {
        action: 'create',
        entityType: 'membership',
        entityId: user.userId,
        after: memberView(membership, await em.findOneByOrFail(User, { id: user.userId })),
      });
      return view(organization);
    });
  }

  async listMine(userId: string, page: PageQueryDto): Promise<OrganizationPageDto> {
    const [organizations, total] = await this.dataSource
      .getRepository(Organization)
      .createQueryBuilder('o')
      .innerJoin(Membership, 'm', 'm.organization_id = o.id AND m.user_id = :userId', { userId })
      .orderBy('o.name')
      .addOrderBy('o.id')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { items: organizations.map(view), total, limit: page.limit, offset: page.offset };
  }

  async get(ctx: RequestContext): Promise<OrganizationDto> {
    const organization = await this.dataSource
      .getRepository(Organization)
      .findOneBy({ id: ctx.organizationId });
    if (!organization) throw notFound('Organization', ctx.organizationId);
    return view(organization);
  }

  async update(ctx: RequestContext, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.dataSource.transaction(async (em) => {
      const organization = await em.findOne(Organization, {
        where: { id: ctx.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!organization) throw notFound('Organization', ctx.organizationId);
      const before = view(organization);
      const { re100, excludeImmaterialMarkets, ...fields } = dto;
      Object.assign(organization, fields, re100 === undefined ? {} : commitmentColumns(re100));
      if (excludeImmaterialMarkets !== undefined)
        organization.re100ExcludeImmaterialMarkets = excludeImmaterialMarkets;
      if (sameState(before, view(organization))) return before;
      // The reporting calendar, the legal entity (RE100-CLAIM-1's beneficiary) and the choice to exclude
      // immaterial markets (RE100-SCOPE-2) shape every year's figures.
      if (changesFigures(before, view(organization), ORGANIZATION_FIGURE_FIELDS))
        await this.periods.assertNoneFinalized(em, ctx);
      organization.updatedAt = new Date();
      await em.save(organization);
      const after = view(organization);
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'organization',
        entityId: organization.id,
        before,
        after,
      });
      return after;
    });
  }
}
