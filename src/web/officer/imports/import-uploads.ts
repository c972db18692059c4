import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chmod, copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestContext } from '../../../auth/principal';
import type { SpooledFile } from '../../../common/request-body/file-body';

export type UploadKind = 'certificates' | 'readings';

/** How long a checked file waits for its commit. */
export const UPLOAD_LIFETIME_MS = 30 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const ID = /^[A-Za-z0-9_-]{32}$/;

interface Held<O> {
  id: string;
  kind: UploadKind;
  userId: string;
  organizationId: string;
  path: string;
  bytes: number;
  sha256: string;
  filename: string;
  options: O;
  expiresAt: number;
}

/** What the page says of a kept file: its id (to commit it by) and what identifies its content. */
export interface KeptUpload {
  id: string;
  filename: string;
  bytes: number;
  sha256: string;
}

/** The SHA-256 of a file, read as a stream (a kept file may be as large as the upload limit). */
async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
const ownerOf = (ctx: RequestContext) => (ctx.actor.type === 'user' ? ctx.actor.id : null);

/**
 * Files an import page checked (the dry run), kept until the person commits the same file, so it need not
 * be chosen again. Each is a private temporary file (a directory of the process's own, mode 0700; the file
 * 0600) under a random id, bound to the person and organization that checked it: anyone else, or the same
 * person in another organization, finds nothing. Its SHA-256 is checked when taken back; it is deleted when
 * committed, when the same person checks another file of the same kind, or after 30 minutes. Kept in this
 * process only: after a restart the file has to be checked again.
 */
@Injectable()
export class ImportUploads implements OnModuleDestroy {
  private dir: Promise<string> | null = null;
  private readonly held = new Map<string, Held<unknown>>();
  private readonly sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();

  private directory(): Promise<string> {
    this.dir ??= mkdtemp(path.join(tmpdir(), 're100-web-imports-'));
    return this.dir;
  }

  /** Keeps a file for its commit; the person's earlier file of the same kind goes. */
  async keep<O>(
    ctx: RequestContext,
    kind: UploadKind,
    /** A file spooled to disk with its SHA-256 (an upload): moved into the keeping, never read into memory. */
    file: { path: string; bytes: number; sha256: string; filename: string },
    options: O,
    now = Date.now(),
  ): Promise<{ upload: KeptUpload; file: SpooledFile }> {
    const userId = ownerOf(ctx);
    if (!userId) throw new Error('only people keep files to import');
    for (const earlier of this.held.values())
      if (earlier.userId === userId && earlier.organizationId === ctx.organizationId && earlier.kind === kind)
        await this.discard(earlier.id);
    const id = randomBytes(24).toString('base64url');
    const where = path.join(await this.directory(), id);
    await rename(file.path, where).catch(async () => {
      await copyFile(file.path, where, constants.COPYFILE_EXCL);
    });
    await chmod(where, 0o600);
    const held: Held<O> = {
      id,
      kind,
      userId,
      organizationId: ctx.organizationId,
      path: where,
      bytes: file.bytes,
      sha256: file.sha256,
      filename: file.filename.slice(0, 200),
      options,
      expiresAt: now + UPLOAD_LIFETIME_MS,
    };
    this.held.set(id, held);
    return {
      upload: { id, filename: held.filename, bytes: held.bytes, sha256: held.sha256 },
      // The file as an import reads it (its dry run); `discard` lets it go when it is not to be committed.
      file: { path: where, bytes: held.bytes, sha256: held.sha256, discard: () => this.discard(id) },
    };
  }

  /**
   * Takes back the person's kept file of this kind by its id, as a spooled file (its `discard` deletes it:
   * call it once the commit is done, whatever its outcome), with the options it was checked with. Taking
   * is once only: a second commit of the same id finds nothing. Null when there is none for them (expired,
   * taken, someone else's, another organization's, or its content no longer has its SHA-256).
   */
  async take<O>(
    ctx: RequestContext,
    kind: UploadKind,
    id: string,
    now = Date.now(),
  ): Promise<{ file: SpooledFile; options: O; upload: KeptUpload } | null> {
    if (!ID.test(id)) return null;
    const held = this.held.get(id) as Held<O> | undefined;
    if (
      !held ||
      held.kind !== kind ||
      held.userId !== ownerOf(ctx) ||
      held.organizationId !== ctx.organizationId
    )
      return null;
    // Claimed before anything is awaited: of two commits of one file, only one gets it.
    this.held.delete(id);
    const discard = () => rm(held.path, { force: true });
    const sha256 = held.expiresAt > now ? await sha256OfFile(held.path).catch(() => null) : null;
    if (sha256 !== held.sha256) {
      await discard();
      return null;
    }
    return {
      file: { path: held.path, bytes: held.bytes, sha256: held.sha256, discard },
      options: held.options,
      upload: { id, filename: held.filename, bytes: held.bytes, sha256: held.sha256 },
    };
  }

  /** Deletes a kept file (nothing when it is gone already). */
  async discard(id: string): Promise<void> {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    await rm(held.path, { force: true });
  }

  /** Deletes the files whose 30 minutes are over. */
  async sweep(now = Date.now()): Promise<void> {
    for (const held of [...this.held.values()]) if (held.expiresAt <= now) await this.discard(held.id);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    this.held.clear();
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}
