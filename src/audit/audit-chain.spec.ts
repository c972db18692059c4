import { canonicalJson, ChainedFields, entryHash, findChainBreak, GENESIS_HASH } from './audit-chain';

function chain(length: number): (ChainedFields & { hash: string })[] {
  const entries: (ChainedFields & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= length; i++) {
    const fields: ChainedFields = {
      organizationId: '6f1c1c1e-5b0e-4f57-9d53-2d4a2b8f3a10',
      seq: String(i),
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      actorType: 'user',
      actorId: 'a7d1b6f0-1111-4c2b-9a3e-000000000001',
      actorLabel: 'officer@example.com',
      action: 'update',
      entityType: 'site',
      entityId: `site-${i}`,
      before: { name: 'Old', nested: { b: 1, a: [1, 2] } },
      after: { name: `New ${i}` },
      requestId: `req-${i}`,
      prevHash,
    };
    const hash = entryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit chain (invariant 6)', () => {
  it('serializes objects independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('hashes the chained fields only, not the stored hash or other properties', () => {
    const [entry] = chain(1);
    expect(entryHash({ ...entry, extra: 1 } as typeof entry)).toBe(entry.hash);
  });

  it('accepts an untouched chain', () => {
    expect(findChainBreak(chain(5), { seq: '0', hash: GENESIS_HASH })).toBeNull();
  });

  it('finds a changed field in an entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], after: { name: 'Forged' } };
    expect(findChainBreak(entries, { seq: '0', hash: GENESIS_HASH })).toMatchObject({
      seq: '3',
      reason: 'HASH_MISMATCH',
    });
  });

  it('finds an entry whose hash was recomputed after a change: the next link breaks', () => {
    const entries = chain(5);
    const forged = { ...entries[1], actorLabel: 'someone-else' };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(findChainBreak(entries, { seq: '0', hash: GENESIS_HASH })).toMatchObject({
      seq: '3',
      reason: 'PREV_HASH_MISMATCH',
    });
  });

  it('finds a removed entry', () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(findChainBreak(entries, { seq: '0', hash: GENESIS_HASH })).toMatchObject({
      seq: '5',
      reason: 'SEQUENCE_GAP',
    });
  });
});
