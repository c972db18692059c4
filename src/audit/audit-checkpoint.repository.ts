import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { SignedCheckpoint, StoredCheckpoint } from './checkpoint';

interface CheckpointRow {
  organization_id: string;
  seq: string;
  head_seq: string;
  head_hash: string;
  created_at: Date;
  reason: SignedCheckpoint['reason'];
  key_id: string;
  signature: string;
}

const COLUMNS =
  'c.organization_id, c.seq, c.head_seq, c.head_hash, c.created_at, c.reason, c.key_id, c.signature';

const fromRow = (row: CheckpointRow): SignedCheckpoint => ({
  organizationId: row.organization_id,
  seq: row.seq,
  headSeq: row.head_seq,
  headHash: row.head_hash,
  createdAt: row.created_at.toISOString(),
  reason: row.reason,
  keyId: row.key_id,
  signature: row.signature,
});

/** The SQL of `audit_checkpoints`. Every read names the chain. */
@Injectable()
export class AuditCheckpointRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, cp: SignedCheckpoint): Promise<void> {
    await em.query(
      `INSERT INTO audit_checkpoints (organization_id, seq, head_seq, head_hash, created_at, reason, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [cp.organizationId, cp.seq, cp.headSeq, cp.headHash, cp.createdAt, cp.reason, cp.keyId, cp.signature],
    );
  }

  /** The chain's newest checkpoint, or null. */
  async latest(em: EntityManager, chainId: string): Promise<SignedCheckpoint | null> {
    const [row] = await em.query(
      `SELECT ${COLUMNS} FROM audit_checkpoints c WHERE c.organization_id = $1 ORDER BY c.seq DESC LIMIT 1`,
      [chainId],
    );
    return row ? fromRow(row) : null;
  }

  async findBySeq(em: EntityManager, chainId: string, seq: string): Promise<SignedCheckpoint | null> {
    const [row] = await em.query(
      `SELECT ${COLUMNS} FROM audit_checkpoints c WHERE c.organization_id = $1 AND c.seq = $2`,
      [chainId, seq],
    );
    return row ? fromRow(row) : null;
  }

  /** One page of the chain's checkpoints, newest first. */
  async page(
    chainId: string,
    filter: { reason?: string; limit: number; offset: number },
  ): Promise<{ items: SignedCheckpoint[]; total: number }> {
    const qb = this.dataSource
      .getRepository(AuditCheckpoint)
      .createQueryBuilder('c')
      .where('c.organization_id = :chainId', { chainId });
    if (filter.reason) qb.andWhere('c.reason = :reason', { reason: filter.reason });
    const [items, total] = await qb
      .orderBy('c.seq', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return {
      items: items.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
      total,
    };
  }

  /**
   * Up to `limit` checkpoints after checkpoint `afterSeq`, oldest first, each with the hash the entry at its
   * head has now (null when that entry is gone).
   */
  async withHeadsAfter(
    em: EntityManager,
    chainId: string,
    afterSeq: string,
    limit: number,
  ): Promise<StoredCheckpoint[]> {
    const rows: (CheckpointRow & { entry_hash: string | null })[] = await em.query(
      `SELECT ${COLUMNS}, e.hash AS entry_hash
       FROM audit_checkpoints c
       LEFT JOIN audit_log e ON e.organization_id = c.organization_id AND e.seq = c.head_seq
       WHERE c.organization_id = $1 AND c.seq > $2
       ORDER BY c.seq
       LIMIT $3`,
      [chainId, afterSeq, limit],
    );
    return rows.map((row) => ({ ...fromRow(row), entryHash: row.entry_hash }));
  }

  /** Chains (organizations and the platform's) with entries after the head of their newest checkpoint. */
  async chainsMovedSinceCheckpoint(em: EntityManager, platformChainId: string): Promise<string[]> {
    const rows: { chain_id: string }[] = await em.query(
      `SELECT o.id AS chain_id
       FROM (SELECT id FROM organizations UNION ALL SELECT $1::uuid) o
       CROSS JOIN LATERAL (
         SELECT a.seq FROM audit_log a WHERE a.organization_id = o.id ORDER BY a.seq DESC LIMIT 1
       ) head
       LEFT JOIN LATERAL (
         SELECT c.head_seq FROM audit_checkpoints c WHERE c.organization_id = o.id ORDER BY c.seq DESC LIMIT 1
       ) cp ON true
       WHERE cp.head_seq IS DISTINCT FROM head.seq`,
      [platformChainId],
    );
    return rows.map((row) => row.chain_id);
  }
}
