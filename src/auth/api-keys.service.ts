import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { findInOrganization } from '../database/find-in-organization';
import { AppError } from '../common/app-error';
import { PageQueryDto } from '../common/page-query.dto';
import { Meter } from '../meters/meter.entity';
import { newApiKeySecret, parseApiKey, secretMatches } from './api-key-secret';
import { ApiKey } from './api-key.entity';
import { ApiKeyDto, ApiKeyPageDto, CreatedApiKeyDto } from './dto/api-key-response.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { Principal, RequestContext } from './principal';
import { randomUUID } from 'node:crypto';

export const READINGS_WRITE = 'readings:write';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, page: PageQueryDto): Promise<ApiKeyPageDto> {
    const [keys, total] = await this.dataSource.getRepository(ApiKey).findAndCount({
      where: { organizationId: ctx.organizationId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    const meters = await this.meterIdsByKey(
      this.dataSource.manager,
      ctx.organizationId,
      keys.map((k) => k.id),
    );
    return {
      items: keys.map((k) => view(k, meters.get(k.id) ?? [])),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Creates a key; the secret is in the answer once and never again. */
  async create(ctx: RequestContext, dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.dataSource.transaction(async (em) => {
      const meterIds = dto.meterIds ?? null;
      if (meterIds?.length) {
        const found = await em.count(Meter, {
          where: { organizationId: ctx.organizationId, id: In(meterIds) },
        });
        if (found !== meterIds.length) {
          throw new AppError('NOT_FOUND', 'One or more meters in meterIds were not found');
        }
      }
      const secret = newApiKeySecret();
      const key = em.create(ApiKey, {
        organizationId: ctx.organizationId,
        id: randomUUID(),
        name: dto.name,
        prefix: secret.prefix,
        secretHash: secret.secretHash,
        permissions: [READINGS_WRITE],
        allMeters: meterIds === null,
        createdBy: ctx.actor.id,
        createdAt: new Date(),
        lastUsedAt: null,
        revokedAt: null,
      });
      await em.insert(ApiKey, key);
      if (meterIds?.length) {
        await em.query(
          `INSERT INTO api_key_meters (organization_id, api_key_id, meter_id) SELECT $1, $2, unnest($3::uuid[])`,
          [ctx.organizationId, key.id, meterIds],
        );
      }
      const result = view(key, meterIds ?? []);
      await this.audit.record(em, ctx, {
        action: 'create',
        entityType: 'api_key',
        entityId: key.id,
        after: result,
      });
      return { ...result, key: secret.key };
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKeyDto> {
    return this.dataSource.transaction(async (em) => {
      const key = await findInOrganization(em, ApiKey, ctx, id, 'API key', true);
      const meters = (await this.meterIdsByKey(em, ctx.organizationId, [id])).get(id) ?? [];
      if (key.revokedAt) return view(key, meters);
      const before = view(key, meters);
      key.revokedAt = new Date();
      await em.update(ApiKey, { organizationId: ctx.organizationId, id }, { revokedAt: key.revokedAt });
      const after = view(key, meters);
      await this.audit.record(em, ctx, {
        action: 'revoke',
        entityType: 'api_key',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** The principal of a presented key, or null when it is malformed, unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const key = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect('k.secretHash')
      .where('k.prefix = :prefix', { prefix: parsed.prefix })
      .getOne();
    if (!key || key.revokedAt || !secretMatches(parsed.secret, key.secretHash)) return null;
    // Recorded at most once a minute, so a busy gateway does not turn every request into a write.
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE organization_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [key.organizationId, key.id],
    );
    const meterIds = key.allMeters
      ? null
      : ((await this.meterIdsByKey(this.dataSource.manager, key.organizationId, [key.id])).get(key.id) ?? []);
    return {
      kind: 'api_key',
      apiKeyId: key.id,
      organizationId: key.organizationId,
      name: key.name,
      meterIds,
    };
  }

  private async meterIdsByKey(
    em: EntityManager,
    organizationId: string,
    keyIds: string[],
  ): Promise<Map<string, string[]>> {
    const byKey = new Map<string, string[]>();
    if (keyIds.length === 0) return byKey;
    const rows: { api_key_id: string; meter_id: string }[] = await em.query(
      `SELECT api_key_id, meter_id FROM api_key_meters WHERE organization_id = $1 AND api_key_id = ANY($2::uuid[])
       ORDER BY meter_id`,
      [organizationId, keyIds],
    );
    for (const row of rows) byKey.set(row.api_key_id, [...(byKey.get(row.api_key_id) ?? []), row.meter_id]);
    return byKey;
  }
}

function view(key: ApiKey, meterIds: string[]): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    permissions: key.permissions,
    meterIds: key.allMeters ? null : meterIds,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
