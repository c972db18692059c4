import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ChainedFields, entryHash } from '../../src/audit/audit-chain';
import { WITNESS_FILE_NAME } from '../../src/audit/audit-witness.service';
import { keyIdOf, signCheckpoint } from '../../src/audit/checkpoint';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import {
  auditEntries,
  Caller,
  createOrganization,
  startTestApp,
  TEST_SECRETS,
  TestApp,
  TestOrganization,
} from '../support/test-app';

/**
 * Each way of tampering with the audit log that the issue names, done as a database superuser behind the
 * service's back (triggers bypassed), and what `verify` then says.
 */
describe('audit log tampering', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.TEST_DATABASE_OWNER_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const site = (name: string) => ({ name, country: 'NL', timeZone: 'Europe/Amsterdam' });

  /** Runs statements as the schema's owner with the append-only triggers switched off. */
  async function behindTheTriggers(work: () => Promise<void>): Promise<void> {
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL session_replication_role = replica');
      await work();
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }

  /** An organization with `sites` site entries, a checkpoint after each of the first `checkpointed`. */
  async function victim(label: string, sites = 4, checkpointed = sites): Promise<TestOrganization> {
    const org = await createOrganization(t.http, label);
    for (let i = 0; i < sites; i++) {
      await org.as.officer.post('/api/v1/sites', site(`${label} ${i}`)).expect(201);
      if (i < checkpointed) await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
    }
    return org;
  }

  const verify = async (org: TestOrganization, query = '') =>
    (await org.as.auditor.get(`/api/v1/audit-log/verify${query}`).expect(200)).body;

  const siteSeqs = async (org: TestOrganization) =>
    (await auditEntries(org, '&entityType=site')).map((e) => String(e.seq));

  const checkpointsOf = async (org: TestOrganization) =>
    (
      await org.as.auditor.get('/api/v1/audit-log/checkpoints?limit=500').expect(200)
    ).body.items.reverse() as {
      seq: string;
      headSeq: string;
      headHash: string;
    }[];

  /** Rows of a chain from `fromSeq` on, as the hash sees them. */
  async function rowsFrom(
    org: TestOrganization,
    fromSeq: string,
  ): Promise<(ChainedFields & { hash: string })[]> {
    const { rows } = await db.query(
      'SELECT * FROM audit_log WHERE organization_id = $1 AND seq >= $2 ORDER BY seq',
      [org.id, fromSeq],
    );
    return rows.map((r) => ({
      organizationId: r.organization_id,
      seq: r.seq,
      at: r.at.toISOString(),
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      requestId: r.request_id,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /**
   * The strongest rewrite without the key: change entry `fromSeq`, then recompute every hash and link from
   * there to the end, so the chain itself is consistent again.
   */
  async function rewriteFrom(org: TestOrganization, fromSeq: string): Promise<void> {
    const rows = await rowsFrom(org, fromSeq);
    const [{ hash: before }] = (
      await db.query('SELECT hash FROM audit_log WHERE organization_id = $1 AND seq = $2', [
        org.id,
        String(BigInt(fromSeq) - 1n),
      ])
    ).rows;
    let prevHash: string = before;
    await behindTheTriggers(async () => {
      for (const [i, row] of rows.entries()) {
        const forged = {
          ...row,
          prevHash,
          actorLabel: i === 0 ? 'someone-else@example.com' : row.actorLabel,
        };
        forged.hash = entryHash(forged);
        await db.query(
          'UPDATE audit_log SET actor_label = $3, prev_hash = $4, hash = $5 WHERE organization_id = $1 AND seq = $2',
          [org.id, row.seq, forged.actorLabel, forged.prevHash, forged.hash],
        );
        prevHash = forged.hash;
      }
    });
  }

  /** Re-signs, with `key`, every checkpoint whose head lies at or after `fromSeq`, over the head as it is now. */
  async function forgeCheckpointsFrom(org: TestOrganization, fromSeq: string, key: KeyObject, keyId: string) {
    const { rows } = await db.query(
      `SELECT c.*, e.hash AS now_hash FROM audit_checkpoints c
       JOIN audit_log e ON e.organization_id = c.organization_id AND e.seq = c.head_seq
       WHERE c.organization_id = $1 AND c.head_seq >= $2`,
      [org.id, fromSeq],
    );
    expect(rows.length).toBeGreaterThan(0);
    await behindTheTriggers(async () => {
      for (const row of rows) {
        const forged = signCheckpoint(
          {
            organizationId: org.id,
            seq: row.seq,
            headSeq: row.head_seq,
            headHash: row.now_hash,
            createdAt: row.created_at.toISOString(),
            reason: row.reason,
            keyId,
          },
          key,
        );
        await db.query(
          `UPDATE audit_checkpoints SET head_hash = $3, key_id = $4, signature = $5
           WHERE organization_id = $1 AND seq = $2`,
          [org.id, row.seq, forged.headHash, forged.keyId, forged.signature],
        );
      }
    });
  }

  it('control: an untouched chain with checkpoints verifies', async () => {
    const org = await victim('Untouched');
    const res = await verify(org);
    const entries = await auditEntries(org);
    expect(res).toMatchObject({
      valid: true,
      firstBroken: null,
      entriesChecked: entries.length,
      headSeq: String(entries[entries.length - 1].seq),
      checkpoints: { checked: 4, entriesSinceLatest: 0, knownHeadChecked: false },
    });
    expect(res.checkpoints.witness).toEqual(res.checkpoints.latest);
    expect(await verify(org, `?headSeq=${res.headSeq}&headHash=${res.headHash}`)).toMatchObject({
      valid: true,
      checkpoints: { knownHeadChecked: true },
    });
  });

  it('edit: a changed entry no longer hashes to its hash', async () => {
    const org = await victim('Edited');
    const seq = (await siteSeqs(org))[1];
    await behindTheTriggers(async () => {
      await db.query(
        `UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Forged"') WHERE organization_id = $1 AND seq = $2`,
        [org.id, seq],
      );
    });
    expect(await verify(org)).toMatchObject({
      valid: false,
      headSeq: null,
      firstBroken: { seq, reason: 'HASH_MISMATCH', checkpointSeq: null },
    });
  });

  it('insert: an entry slipped in between breaks the link of the one after it', async () => {
    const org = await victim('Inserted');
    const [, at] = await siteSeqs(org);
    const [original] = await rowsFrom(org, at);
    await behindTheTriggers(async () => {
      // Make room (two steps: the key is checked row by row), then insert a well-formed entry at `at`.
      await db.query('UPDATE audit_log SET seq = seq + 1000000 WHERE organization_id = $1 AND seq >= $2', [
        org.id,
        at,
      ]);
      await db.query('UPDATE audit_log SET seq = seq - 999999 WHERE organization_id = $1 AND seq >= $2', [
        org.id,
        at,
      ]);
      const inserted = {
        ...original,
        entityId: 'f0000000-0000-4000-8000-000000000000',
        after: { name: 'Ghost' },
      };
      inserted.hash = entryHash(inserted);
      await db.query(
        `INSERT INTO audit_log (organization_id, seq, at, actor_type, actor_id, actor_label, action, entity_type,
                                entity_id, before, after, request_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          org.id,
          at,
          inserted.at,
          inserted.actorType,
          inserted.actorId,
          inserted.actorLabel,
          inserted.action,
          inserted.entityType,
          inserted.entityId,
          inserted.before === null ? null : JSON.stringify(inserted.before),
          JSON.stringify(inserted.after),
          inserted.requestId,
          inserted.prevHash,
          inserted.hash,
        ],
      );
    });
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { seq: String(BigInt(at) + 1n), reason: 'PREV_HASH_MISMATCH' },
    });
  });

  it('delete from the middle: the numbering has a gap', async () => {
    const org = await victim('MiddleGone');
    const [, gone, next] = await siteSeqs(org);
    await behindTheTriggers(async () => {
      await db.query('DELETE FROM audit_log WHERE organization_id = $1 AND seq = $2', [org.id, gone]);
    });
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { seq: next, reason: 'SEQUENCE_GAP' },
    });
  });

  it('delete from the end after a checkpoint: the chain is consistent, the checkpoint head is gone', async () => {
    const org = await victim('Truncated');
    const seqs = await siteSeqs(org);
    const cut = seqs[seqs.length - 2];
    const before = await verify(org);
    await behindTheTriggers(async () => {
      await db.query('DELETE FROM audit_log WHERE organization_id = $1 AND seq >= $2', [org.id, cut]);
    });
    const after = await verify(org);
    // The hashes alone cannot tell: what is left is a well-formed, shorter chain.
    expect(after.entriesChecked).toBe(before.entriesChecked - 2);
    const third = (await checkpointsOf(org))[2];
    expect(third.headSeq).toBe(cut);
    expect(after).toMatchObject({
      valid: false,
      firstBroken: { reason: 'CHECKPOINT_HEAD_MISSING', seq: cut, checkpointSeq: third.seq },
    });
  });

  it('rewrite to the end with recomputed hashes and links: a signed head no longer matches', async () => {
    const org = await victim('Rewritten');
    const from = (await siteSeqs(org))[2];
    await rewriteFrom(org, from);
    const res = await verify(org);
    const third = (await checkpointsOf(org))[2];
    expect(third.headSeq).toBe(from);
    expect(res).toMatchObject({
      valid: false,
      entriesChecked: (await auditEntries(org)).length,
      firstBroken: { reason: 'CHECKPOINT_HEAD_MISMATCH', seq: from, checkpointSeq: third.seq },
    });
  });

  it('rewrite and re-sign the checkpoints with another key under the real key id: the signature fails', async () => {
    const org = await victim('ForgedSignature');
    const from = (await siteSeqs(org))[2];
    await rewriteFrom(org, from);
    const attacker = generateKeyPairSync('ed25519').privateKey;
    await forgeCheckpointsFrom(org, from, attacker, keyIdOf(TEST_SECRETS.auditSigningKey));
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'CHECKPOINT_SIGNATURE_INVALID', seq: from, checkpointSeq: '3' },
    });
  });

  it('rewrite and re-sign the checkpoints with a key of their own: that key is not trusted', async () => {
    const org = await victim('ForgedKey');
    const from = (await siteSeqs(org))[2];
    await rewriteFrom(org, from);
    const attacker = generateKeyPairSync('ed25519').privateKey;
    await forgeCheckpointsFrom(org, from, attacker, keyIdOf(attacker));
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'CHECKPOINT_KEY_UNKNOWN', checkpointSeq: '3' },
    });
  });

  it('delete a checkpoint from the middle: the checkpoint numbering has a gap', async () => {
    const org = await victim('CheckpointGone');
    await behindTheTriggers(async () => {
      await db.query("DELETE FROM audit_checkpoints WHERE organization_id = $1 AND seq = '2'", [org.id]);
    });
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'CHECKPOINT_MISSING', checkpointSeq: '2' },
    });
  });

  /** Deletes every checkpoint after `kept`, and every entry after its head: a consistent, shorter history. */
  const cutBackTo = (org: TestOrganization, kept: { seq: string; headSeq: string }) =>
    behindTheTriggers(async () => {
      await db.query('DELETE FROM audit_checkpoints WHERE organization_id = $1 AND seq > $2', [
        org.id,
        kept.seq,
      ]);
      await db.query('DELETE FROM audit_log WHERE organization_id = $1 AND seq > $2', [org.id, kept.headSeq]);
    });

  it('delete the newest entries and the newest checkpoints: the witness outside the database tells', async () => {
    const org = await victim('WitnessTells');
    const kept = (await checkpointsOf(org))[1];
    await cutBackTo(org, kept);
    const res = await verify(org);
    expect(res).toMatchObject({
      valid: false,
      firstBroken: { reason: 'WITNESS_AHEAD', checkpointSeq: '4' },
      checkpoints: { checked: 2, latest: { seq: kept.seq }, witness: { seq: '4' } },
    });
  });

  it('... and write on from there through another instance: the witness disagrees with the database', async () => {
    const org = await victim('WitnessDisagrees');
    const kept = (await checkpointsOf(org))[1];
    await cutBackTo(org, kept);
    // An instance with a witness of its own (or none) carries on, so the numbers catch up with the witness.
    const other = await startTestApp({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 're100-other-')) });
    try {
      for (let i = 0; i < 2; i++) {
        await new Caller(other.http, org.as.officer.token, org.id)
          .post('/api/v1/sites', site(`Later ${i}`))
          .expect(201);
        await new Caller(other.http, org.as.admin.token, org.id)
          .post('/api/v1/audit-log/checkpoints')
          .expect(201);
      }
      const viaOther = (await checkpointsOf(org)).map((c) => c.seq);
      expect(viaOther).toEqual(['1', '2', '3', '4']);
    } finally {
      await other.close();
    }
    expect(await verify(org)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'WITNESS_MISMATCH', checkpointSeq: '4' },
    });
  });

  it('an auditor-kept head that was truncated away, or rewritten, is reported', async () => {
    const org = await victim('KnownHead', 4, 0);
    const kept = await verify(org);
    expect(kept.checkpoints).toMatchObject({ checked: 0, latest: null, witness: null });
    const query = `?headSeq=${kept.headSeq}&headHash=${kept.headHash}`;
    await behindTheTriggers(async () => {
      await db.query('DELETE FROM audit_log WHERE organization_id = $1 AND seq >= $2', [
        org.id,
        kept.headSeq,
      ]);
    });
    // Without a checkpoint or the kept head nothing can tell: a shorter chain is well-formed.
    expect(await verify(org)).toMatchObject({ valid: true });
    expect(await verify(org, query)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'KNOWN_HEAD_MISSING', seq: kept.headSeq, checkpointSeq: null },
    });
    // Written on to the same length, the kept head exists again, with another hash.
    await org.as.officer.post('/api/v1/sites', site('Replacement')).expect(201);
    expect(await verify(org, query)).toMatchObject({
      valid: false,
      firstBroken: { reason: 'KNOWN_HEAD_MISMATCH', seq: kept.headSeq },
    });
  });

  it('a damaged witness is reported and left alone', async () => {
    const org = await victim('DamagedWitness', 1);
    const file = path.join(t.app.get<AppConfig>(APP_CONFIG).dataDir, WITNESS_FILE_NAME);
    const saved = `${file}.saved`;
    renameSync(file, saved);
    try {
      writeFileSync(file, '{"format": "something else"}', { mode: 0o600 });
      expect(await verify(org)).toMatchObject({
        valid: false,
        firstBroken: { reason: 'WITNESS_UNREADABLE' },
      });
      await org.as.admin.post('/api/v1/audit-log/checkpoints').expect(201);
      expect(readFileSync(file, 'utf8')).toBe('{"format": "something else"}');
    } finally {
      renameSync(saved, file);
    }
  });

  it('checkpoints signed by a key the instance does not hold (e.g. after a rotation) are not trusted', async () => {
    const org = await victim('Rotated', 2);
    const rotated = await startTestApp(
      { DATA_DIR: mkdtempSync(path.join(tmpdir(), 're100-rotated-')) },
      { ...TEST_SECRETS, auditSigningKey: generateKeyPairSync('ed25519').privateKey },
    );
    try {
      // The instance with the key that signed them trusts them.
      expect((await verify(org)).valid).toBe(true);
      const viaRotated = await new Caller(rotated.http, org.as.auditor.token, org.id)
        .get('/api/v1/audit-log/verify')
        .expect(200);
      expect(viaRotated.body).toMatchObject({
        valid: false,
        firstBroken: { reason: 'CHECKPOINT_KEY_UNKNOWN', checkpointSeq: '1' },
      });
    } finally {
      await rotated.close();
    }
  });
});
