import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  emptyWitness,
  mergeWitness,
  parseWitness,
  WitnessFile,
  WitnessUnreadableError,
} from './audit-witness';
import { keyIdOf, signCheckpoint, SignedCheckpoint } from './checkpoint';

const { privateKey } = generateKeyPairSync('ed25519');
const A = '6f1c1c1e-5b0e-4f57-9d53-2d4a2b8f3a10';
const B = '00000000-0000-0000-0000-000000000000';

const checkpoint = (organizationId: string, seq: number): SignedCheckpoint =>
  signCheckpoint(
    {
      organizationId,
      seq: String(seq),
      headSeq: String(seq * 3),
      headHash: 'a'.repeat(64),
      createdAt: new Date(Date.UTC(2026, 0, seq)).toISOString(),
      reason: 'manual',
      keyId: keyIdOf(privateKey),
    },
    privateKey,
  );

describe('mergeWitness', () => {
  it('keeps the newest checkpoint per chain and never moves back', () => {
    let doc = mergeWitness(emptyWitness(), [checkpoint(A, 2), checkpoint(B, 1)]);
    doc = mergeWitness(doc, [checkpoint(A, 1), checkpoint(A, 10)]);
    doc = mergeWitness(doc, [checkpoint(A, 9)]);
    expect(doc.chains[A].seq).toBe('10');
    expect(doc.chains[B].seq).toBe('1');
    expect(Object.keys(doc.chains)).toHaveLength(2);
  });
});

describe('parseWitness', () => {
  it('reads what merge wrote', () => {
    const doc = mergeWitness(emptyWitness(), [checkpoint(A, 1)]);
    expect(parseWitness(JSON.stringify(doc))).toEqual(doc);
  });

  it.each([
    ['not JSON', '{'],
    ['another format', JSON.stringify({ format: 'x', chains: {} })],
    ['chains not an object', JSON.stringify({ ...emptyWitness(), chains: [] })],
    [
      'a field missing',
      JSON.stringify({ ...emptyWitness(), chains: { [A]: { ...checkpoint(A, 1), signature: 1 } } }),
    ],
    ['filed under another chain', JSON.stringify({ ...emptyWitness(), chains: { [B]: checkpoint(A, 1) } })],
    [
      'a seq that is no number',
      JSON.stringify({ ...emptyWitness(), chains: { [A]: { ...checkpoint(A, 1), seq: '-1' } } }),
    ],
  ])('refuses %s', (_, text) => {
    expect(() => parseWitness(text)).toThrow(WitnessUnreadableError);
  });
});

describe('WitnessFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'witness-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is absent until the first checkpoint, then private and whole, without leftovers', async () => {
    const file = new WitnessFile(path.join(dir, 'sub', 'audit-witness.json'));
    expect(await file.read()).toBeNull();
    await Promise.all([
      file.record([checkpoint(A, 1)]),
      file.record([checkpoint(A, 2)]),
      file.record([checkpoint(B, 1)]),
    ]);
    expect((await file.read())!.chains[A].seq).toBe('2');
    expect((await file.read())!.chains[B].seq).toBe('1');
    expect(statSync(file.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file.file))).toEqual(['audit-witness.json']);
  });

  it('keeps what another writer of the same file recorded', async () => {
    const one = new WitnessFile(path.join(dir, 'w.json'));
    const two = new WitnessFile(path.join(dir, 'w.json'));
    await one.record([checkpoint(A, 5)]);
    await two.record([checkpoint(B, 1), checkpoint(A, 3)]);
    const doc = (await one.read())!;
    expect([doc.chains[A].seq, doc.chains[B].seq]).toEqual(['5', '1']);
  });

  it('leaves a damaged file as it is (evidence) and keeps the checkpoint for the next write', async () => {
    const file = new WitnessFile(path.join(dir, 'w.json'));
    writeFileSync(file.file, 'garbage');
    await expect(file.record([checkpoint(A, 1)])).rejects.toThrow(WitnessUnreadableError);
    expect(readFileSync(file.file, 'utf8')).toBe('garbage');
    rmSync(file.file);
    await file.record([checkpoint(B, 1)]);
    expect(Object.keys((await file.read())!.chains).sort()).toEqual([B, A].sort());
  });
});
