import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestContext } from '../../../auth/principal';
import { ImportUploads, UPLOAD_LIFETIME_MS } from './import-uploads';

const person = (userId: string, organizationId = 'org-1'): RequestContext => ({
  organizationId,
  actor: { type: 'user', id: userId, label: `${userId}@example.com`, role: 'officer' },
  requestId: 'test',
});

describe('files kept between an import’s check and its commit', () => {
  let uploads: ImportUploads;
  const content = Buffer.from('registry,instrumentType\nAIB-NL,GO\n');
  beforeEach(() => (uploads = new ImportUploads()));
  /** An upload as the page's body reader leaves it: spooled to a temporary file, with its SHA-256. */
  const spooled = async (filename: string) => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 're100-spec-')), 'upload');
    await writeFile(file, content);
    return {
      path: file,
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      filename,
    };
  };
  afterEach(() => uploads.onModuleDestroy());

  it('gives the file back once, to the person and organization that checked it, with its options', async () => {
    const { upload } = await uploads.keep(person('u1'), 'readings', await spooled('a.csv'), {
      mode: 'insert',
    });
    expect(upload.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await uploads.take(person('u2'), 'readings', upload.id)).toBeNull();
    expect(await uploads.take(person('u1', 'org-2'), 'readings', upload.id)).toBeNull();
    expect(await uploads.take(person('u1'), 'certificates', upload.id)).toBeNull();
    const taken = await uploads.take<{ mode: string }>(person('u1'), 'readings', upload.id);
    expect(taken?.options).toEqual({ mode: 'insert' });
    expect(await readFile(taken!.file.path)).toEqual(content);
    expect(await uploads.take(person('u1'), 'readings', upload.id)).toBeNull();
    await taken!.file.discard();
    await expect(readFile(taken!.file.path)).rejects.toThrow();
  });

  it('lets a file go after 30 minutes, when its content changed, or when the person checks another', async () => {
    const now = Date.now();
    const old = await uploads.keep(person('u1'), 'certificates', await spooled('a.csv'), null, now);
    expect(
      await uploads.take(person('u1'), 'certificates', old.upload.id, now + UPLOAD_LIFETIME_MS),
    ).toBeNull();

    const changed = await uploads.keep(person('u1'), 'certificates', await spooled('a.csv'), null);
    await writeFile(changed.file.path, 'registry,instrumentType\nAIB-NL,GOO\n');
    expect(await uploads.take(person('u1'), 'certificates', changed.upload.id)).toBeNull();

    const first = await uploads.keep(person('u1'), 'certificates', await spooled('a.csv'), null);
    const second = await uploads.keep(person('u1'), 'certificates', await spooled('b.csv'), null);
    expect(await uploads.take(person('u1'), 'certificates', first.upload.id)).toBeNull();
    expect((await uploads.take(person('u1'), 'certificates', second.upload.id))?.upload.filename).toBe(
      'b.csv',
    );
  });

  it('sweeps expired files from disk', async () => {
    const kept = await uploads.keep(person('u1'), 'readings', await spooled('a.csv'), null);
    await uploads.sweep(Date.now() + UPLOAD_LIFETIME_MS);
    await expect(readFile(kept.file.path)).rejects.toThrow();
    expect(await uploads.take(person('u1'), 'readings', 'not an id')).toBeNull();
  });
});
