import { changesFigures, ReportingPeriodsService } from '../reporting-periods/reporting-periods.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService, sameState } from '../audit/audit.service';
import { RequestContext } from '../auth/principal';
import { AppError, conflict, DomainProblem, ErrorDetail, notFound, unprocessable } from '../common/app-error';
import { CodeWithStatus } from '../common/error-codes';
import { defined } from '../common/defined';
import { energyDetail, toWh } from '../common/energy';
import { findInOrganization } from '../database/find-in-organization';
import { Site } from '../sites/site.entity';
import { Contract, EQUITY_STAKE_METHODS, KR_TAG_METHODS, PASSIVE_BASIS_METHODS } from './contract.entity';
import { CreateContractDto, ListContractsQueryDto, UpdateContractDto } from './dto/contract.dto';
import { Facility } from './facility.entity';
import { ContractDto, ContractPageDto } from './dto/procurement-response.dto';

type ContractView = ContractDto;

/** RE100-AGE-2: contracts signed before this date are grandfathered. */
const GRANDFATHER_CUTOFF = '2024-01-01';

/** What the contract's claims and its facilities' generation are judged by (RE100-AGE-2, null power). */
const CONTRACT_FIGURE_FIELDS = [
  'method',
  'krTag',
  'startDate',
  'endDate',
  'signedDate',
  'eacsConveyed',
  'consumptionMarket',
  'grandfatheringJustification',
  'longTerm',
  'projectSpecific',
  'firstOfftaker',
  'trialOperationEndDate',
  'equityStake',
  'passiveBasis',
  'facilityIds',
  'siteIds',
] as const;

@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly periods: ReportingPeriodsService,
  ) {}

  async list(ctx: RequestContext, query: ListContractsQueryDto): Promise<ContractPageDto> {
    const [items, total] = await this.dataSource.getRepository(Contract).findAndCount({
      where: { organizationId: ctx.organizationId, ...(query.method ? { method: query.method } : {}) },
      order: { startDate: 'ASC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: await this.views(this.dataSource.manager, ctx, items),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<ContractView> {
    const contract = await findInOrganization(this.dataSource.manager, Contract, ctx, id, 'Contract');
    return (await this.views(this.dataSource.manager, ctx, [contract]))[0];
  }

  async create(ctx: RequestContext, dto: CreateContractDto): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { facilityIds = [], siteIds = [], expectedAnnual, expectedAnnualUnit, ...fields } = dto;
      const now = new Date();
      const contract = em.create(Contract, {
        krTag: null,
        endDate: null,
        consumptionMarket: null,
        grandfatheringJustification: null,
        longTerm: false,
        projectSpecific: false,
        firstOfftaker: false,
        trialOperationEndDate: null,
        equityStake: false,
        passiveBasis: null,
        ...defined(fields),
        expectedAnnualWh: expectedWh(expectedAnnual, expectedAnnualUnit),
        organizationId: ctx.organizationId,
        id: randomUUID(),
        createdAt: now,
        updatedAt: now,
      });
      assertConsistent(contract);
      await em.insert(Contract, contract);
      await this.link(em, ctx, contract.id, facilityIds, siteIds);
      const [view] = await this.views(em, ctx, [contract]);
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'contract',
        entityId: contract.id,
        after: view,
      });
      return view;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateContractDto): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const contract = await findInOrganization(em, Contract, ctx, id, 'Contract', true);
      const [before] = await this.views(em, ctx, [{ ...contract }]);
      const { facilityIds, siteIds, expectedAnnual, expectedAnnualUnit, ...fields } = dto;
      Object.assign(contract, defined(fields));
      if (expectedAnnual !== undefined)
        contract.expectedAnnualWh = expectedWh(expectedAnnual, expectedAnnualUnit);
      assertConsistent(contract);
      const after = {
        ...contract,
        facilityIds: sorted(facilityIds) ?? before.facilityIds,
        siteIds: sorted(siteIds) ?? before.siteIds,
      };
      if (sameState(before, after)) return before;
      if (changesFigures(before, after, CONTRACT_FIGURE_FIELDS))
        await this.periods.assertRecordOpen(em, ctx, { kind: 'contract', id });
      contract.updatedAt = new Date();
      await em.save(contract);
      if (facilityIds || siteIds) {
        if (facilityIds)
          await em.query('DELETE FROM contract_facilities WHERE organization_id = $1 AND contract_id = $2', [
            ctx.organizationId,
            id,
          ]);
        if (siteIds)
          await em.query('DELETE FROM contract_sites WHERE organization_id = $1 AND contract_id = $2', [
            ctx.organizationId,
            id,
          ]);
        await this.link(em, ctx, id, facilityIds ?? [], siteIds ?? []);
      }
      const result = { ...after, updatedAt: contract.updatedAt };
      await this.audit.record(em, ctx, {
        action: 'update',
        entityType: 'contract',
        entityId: id,
        before,
        after: result,
      });
      return result;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const contract = await findInOrganization(em, Contract, ctx, id, 'Contract', true);
      const [{ used }] = await em.query(
        `SELECT EXISTS (SELECT 1 FROM certificates WHERE organization_id = $1 AND contract_id = $2)
             OR EXISTS (SELECT 1 FROM allocations WHERE organization_id = $1 AND contract_id = $2) AS used`,
        [ctx.organizationId, id],
      );
      if (used) throw conflict('IN_USE', 'Certificates or claims refer to the contract');
      const [before] = await this.views(em, ctx, [contract]);
      await em.delete(Contract, { organizationId: ctx.organizationId, id });
      await this.audit.record(em, ctx, { action: 'delete', entityType: 'contract', entityId: id, before });
    });
  }

  private async link(
    em: EntityManager,
    ctx: RequestContext,
    contractId: string,
    facilityIds: string[],
    siteIds: string[],
  ) {
    if (facilityIds.length) {
      if (
        (await em.count(Facility, { where: { organizationId: ctx.organizationId, id: In(facilityIds) } })) !==
        facilityIds.length
      ) {
        throw notFound('One or more facilities');
      }
      await em.query(
        'INSERT INTO contract_facilities (organization_id, contract_id, facility_id) SELECT $1, $2, unnest($3::uuid[])',
        [ctx.organizationId, contractId, facilityIds],
      );
    }
    if (siteIds.length) {
      if (
        (await em.count(Site, { where: { organizationId: ctx.organizationId, id: In(siteIds) } })) !==
        siteIds.length
      ) {
        throw notFound('One or more sites');
      }
      await em.query(
        'INSERT INTO contract_sites (organization_id, contract_id, site_id) SELECT $1, $2, unnest($3::uuid[])',
        [ctx.organizationId, contractId, siteIds],
      );
    }
  }

  private async views(
    em: EntityManager,
    ctx: RequestContext,
    contracts: Contract[],
  ): Promise<ContractView[]> {
    const ids = contracts.map((c) => c.id);
    const [facilities, sites]: { contract_id: string; id: string }[][] = ids.length
      ? await Promise.all([
          em.query(
            'SELECT contract_id, facility_id AS id FROM contract_facilities WHERE organization_id = $1 AND contract_id = ANY($2::uuid[]) ORDER BY 2',
            [ctx.organizationId, ids],
          ),
          em.query(
            'SELECT contract_id, site_id AS id FROM contract_sites WHERE organization_id = $1 AND contract_id = ANY($2::uuid[]) ORDER BY 2',
            [ctx.organizationId, ids],
          ),
        ])
      : [[], []];
    const of = (rows: { contract_id: string; id: string }[], id: string) =>
      rows.filter((r) => r.contract_id === id).map((r) => r.id);
    return contracts.map((c) => ({ ...c, facilityIds: of(facilities, c.id), siteIds: of(sites, c.id) }));
  }
}

const sorted = (ids: string[] | undefined) => (ids ? [...ids].sort() : undefined);

function expectedWh(
  value: string | number | null | undefined,
  unit: 'Wh' | 'kWh' | 'MWh' = 'MWh',
): string | null {
  if (value === null || value === undefined) return null;
  const parsed = toWh(value, unit);
  if (!parsed.ok) throw unprocessable([energyDetail('expectedAnnual', parsed)]);
  if (parsed.wh < 0n)
    throw unprocessable([
      { path: 'expectedAnnual', code: 'NEGATIVE_VALUE', message: 'expectedAnnual must not be negative' },
    ]);
  return parsed.wh.toString();
}

function assertConsistent(c: Contract): void {
  assertFactsFitMethod(c);
  const problems: DomainProblem[] = [];
  if (c.endDate && c.endDate <= c.startDate)
    problems.push({ path: 'endDate', code: 'PERIOD_REVERSED', message: 'endDate must be after startDate' });
  if (c.krTag && !KR_TAG_METHODS[c.krTag].includes(c.method)) {
    problems.push({
      path: 'krTag',
      code: 'KR_TAG_MISMATCH',
      message: `${c.krTag} is a ${KR_TAG_METHODS[c.krTag].join(' or ')} method, not ${c.method}`,
    });
  }
  if (c.grandfatheringJustification && c.signedDate >= GRANDFATHER_CUTOFF) {
    problems.push({
      path: 'grandfatheringJustification',
      code: 'NOT_GRANDFATHERED',
      message: 'Only contracts signed before 2024 are grandfathered (RE100-AGE-2)',
    });
  }
  if (problems.length) throw unprocessable(problems);
}

/**
 * 400: facts that the method cannot carry (the schema refuses them too). An equity stake counts only with a
 * PPA or a REC purchase from the plant (K-RE100, V5-KR-1); a passive basis describes default-delivered
 * electricity only (V5-PASSIVE-1).
 */
function assertFactsFitMethod(c: Contract): void {
  const problems: ErrorDetail<CodeWithStatus<400>>[] = [];
  if (c.equityStake && !EQUITY_STAKE_METHODS.includes(c.method))
    problems.push({
      path: 'equityStake',
      code: 'EQUITY_STAKE_NOT_ALLOWED',
      message: `An equity stake counts only with a PPA or a REC purchase from the plant (${EQUITY_STAKE_METHODS.join(', ')}), not with ${c.method}`,
    });
  if (c.passiveBasis && !PASSIVE_BASIS_METHODS.includes(c.method))
    problems.push({
      path: 'passiveBasis',
      code: 'PASSIVE_BASIS_NOT_ALLOWED',
      message: `passiveBasis describes default-delivered electricity (${PASSIVE_BASIS_METHODS.join(', ')}) only, not ${c.method}`,
    });
  if (problems.length)
    throw new AppError(problems[0].code, problems.map((p) => p.message).join('; '), problems);
}
