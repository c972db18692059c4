import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/principal';
import { parseInstant } from '../common/time';
import { AuditAction } from './audit-actions';
import { canonicalJson, ChainedFields, entryHash, GENESIS_HASH } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditPageDto } from './dto/audit-response.dto';

/** The chain for changes that belong to no organization (user accounts). */
export const PLATFORM_CHAIN_ID = '00000000-0000-0000-0000-000000000000';

// Namespace of the per-organization advisory lock that serializes appends to one chain.
const CHAIN_LOCK_NAMESPACE = 7_301_002;

/**
 * Serializes everything that reads a chain's head and writes after it (appends, checkpoints) until the
 * caller's transaction ends. Re-entrant within one transaction.
 */
export async function lockChain(em: EntityManager, chainId: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHAIN_LOCK_NAMESPACE, chainId]);
}

export interface AuditScope {
  organizationId: string;
  actor: Actor;
  requestId: string | null;
}

export interface Change {
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** Entries per INSERT of `recordMany`: 14 parameters each, far below PostgreSQL's 65,535. */
const AUDIT_INSERT_CHUNK = 1_000;

const SECRET_FIELDS = new Set(['passwordHash', 'secretHash']);

/** A JSON snapshot of an entity for the log: dates as ISO strings, secrets left out. */
export function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value, (key, v) => (SECRET_FIELDS.has(key) ? undefined : v)));
}

/** True when two states differ in nothing but `updatedAt`: such an update changes nothing and is not written. */
export function sameState(before: object, after: object): boolean {
  const comparable = (state: object) => {
    const { updatedAt: _ignored, ...rest } = snapshot(state) ?? {};
    return canonicalJson(rest);
  };
  return comparable(before) === comparable(after);
}

function chainedFields(entry: AuditEntry): ChainedFields & { hash: string } {
  return {
    organizationId: entry.organizationId,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one entry inside the caller's transaction, so the change and its entry commit together.
   * Appends to one organization's chain are serialized by a transaction-scoped advisory lock.
   */
  async record(em: EntityManager, scope: AuditScope, change: Change): Promise<void> {
    await this.recordMany(em, scope, [change]);
  }

  /** Appends entries in order, as `record` would one by one, in one statement per thousand entries. */
  async recordMany(em: EntityManager, scope: AuditScope, changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    await lockChain(em, scope.organizationId);
    const head = await this.head(em, scope.organizationId);
    let seq = head ? BigInt(head.seq) : 0n;
    let prevHash = head ? head.hash : GENESIS_HASH;
    const at = new Date().toISOString();
    const rows = changes.map((change) => {
      seq += 1n;
      const fields: ChainedFields = {
        organizationId: scope.organizationId,
        seq: seq.toString(),
        at,
        actorType: scope.actor.type,
        actorId: scope.actor.id,
        actorLabel: scope.actor.label,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        before: snapshot(change.before),
        after: snapshot(change.after),
        requestId: scope.requestId,
        prevHash,
      };
      prevHash = entryHash(fields);
      return [
        fields.organizationId,
        fields.seq,
        fields.at,
        fields.actorType,
        fields.actorId,
        fields.actorLabel,
        fields.action,
        fields.entityType,
        fields.entityId,
        jsonOrNull(fields.before),
        jsonOrNull(fields.after),
        fields.requestId,
        fields.prevHash,
        prevHash,
      ];
    });
    for (let i = 0; i < rows.length; i += AUDIT_INSERT_CHUNK) {
      const chunk = rows.slice(i, i + AUDIT_INSERT_CHUNK);
      const values = chunk.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`);
      await em.query(
        `INSERT INTO audit_log (organization_id, seq, at, actor_type, actor_id, actor_label, action, entity_type,
                                entity_id, before, after, request_id, prev_hash, hash)
         VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
  }

  /** One chain's entries (an organization's, or the platform's), newest first. */
  async list(chainId: string, query: AuditQueryDto): Promise<AuditPageDto> {
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.organization_id = :chainId', { chainId });
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('e.at >= :from', { from: parseInstant(query.from) });
    if (query.to) qb.andWhere('e.at < :to', { to: parseInstant(query.to) });
    const [items, total] = await qb
      .orderBy('e.seq', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** The newest entry of a chain, or null while it is empty. */
  async head(em: EntityManager, chainId: string): Promise<{ seq: string; hash: string } | null> {
    const [head] = await em.query(
      'SELECT seq, hash FROM audit_log WHERE organization_id = $1 ORDER BY seq DESC LIMIT 1',
      [chainId],
    );
    return head ? { seq: head.seq, hash: head.hash } : null;
  }

  /** The hash of one entry now, or null when the chain has no such entry. */
  async hashAt(em: EntityManager, chainId: string, seq: string): Promise<string | null> {
    const [entry] = await em.query('SELECT hash FROM audit_log WHERE organization_id = $1 AND seq = $2', [
      chainId,
      seq,
    ]);
    return entry ? entry.hash : null;
  }

  /** Up to `limit` entries of a chain after entry `afterSeq`, oldest first, with the fields their hash covers. */
  async entriesAfter(
    em: EntityManager,
    chainId: string,
    afterSeq: string,
    limit: number,
  ): Promise<(ChainedFields & { hash: string })[]> {
    const batch = await em
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.organization_id = :chainId AND e.seq > :afterSeq', { chainId, afterSeq })
      .orderBy('e.seq', 'ASC')
      .take(limit)
      .getMany();
    return batch.map(chainedFields);
  }
}

const jsonOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
