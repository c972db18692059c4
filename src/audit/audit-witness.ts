import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SignedCheckpoint } from './checkpoint';

export const WITNESS_FORMAT = 're100-ledger/audit-witness/v1';

/** The witness: the newest checkpoint of each chain this service recorded, kept outside the database. */
export interface WitnessDocument {
  format: typeof WITNESS_FORMAT;
  chains: Record<string, SignedCheckpoint>;
}

export class WitnessUnreadableError extends Error {}

export const emptyWitness = (): WitnessDocument => ({ format: WITNESS_FORMAT, chains: {} });

/**
 * The witness with `checkpoints` added. Per chain it only moves forward: an older checkpoint never replaces a
 * newer one, so a witness can lag behind the database (a crash before writing it) but never fall back.
 */
export function mergeWitness(doc: WitnessDocument, checkpoints: SignedCheckpoint[]): WitnessDocument {
  const chains = { ...doc.chains };
  for (const cp of checkpoints) {
    const kept = chains[cp.organizationId];
    if (!kept || BigInt(cp.seq) > BigInt(kept.seq)) chains[cp.organizationId] = cp;
  }
  return { format: WITNESS_FORMAT, chains };
}

const STRING_FIELDS = [
  'organizationId',
  'seq',
  'headSeq',
  'headHash',
  'createdAt',
  'reason',
  'keyId',
  'signature',
];

export function parseWitness(text: string): WitnessDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new WitnessUnreadableError('the witness file is not JSON');
  }
  const { format, chains } = (doc ?? {}) as Partial<WitnessDocument>;
  if (format !== WITNESS_FORMAT || typeof chains !== 'object' || chains === null || Array.isArray(chains)) {
    throw new WitnessUnreadableError(`the witness file is not a ${WITNESS_FORMAT} document`);
  }
  for (const [chainId, cp] of Object.entries(chains)) {
    const fields = (cp ?? {}) as unknown as Record<string, unknown>;
    if (
      STRING_FIELDS.some((field) => typeof fields[field] !== 'string') ||
      fields.organizationId !== chainId ||
      !/^\d+$/.test(String(fields.seq)) ||
      !/^\d+$/.test(String(fields.headSeq))
    ) {
      throw new WitnessUnreadableError(`the witness file's entry for chain ${chainId} is malformed`);
    }
  }
  return { format, chains };
}

/**
 * The witness file: read whole, rewritten whole through a temporary file and a rename (never half written),
 * readable by the service's user only. Writes from one process are serialized and coalesced.
 */
export class WitnessFile {
  // The newest checkpoint per chain not yet on disk (bounded by the number of chains, even while writes fail).
  private pending: WitnessDocument = emptyWitness();
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** The witness, or null when there is no file yet; a damaged file throws `WitnessUnreadableError`. */
  async read(): Promise<WitnessDocument | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseWitness(text);
  }

  /** Adds committed checkpoints; resolves once they are on disk. */
  record(checkpoints: SignedCheckpoint[]): Promise<void> {
    this.pending = mergeWitness(this.pending, checkpoints);
    const run = this.tail.then(() => this.flush());
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    // An earlier flush may already have taken these checkpoints along.
    const batch = Object.values(this.pending.chains);
    if (batch.length === 0) return;
    this.pending = emptyWitness();
    try {
      // A damaged witness is evidence: it is reported by verify, never silently replaced.
      const doc = mergeWitness((await this.read()) ?? emptyWitness(), batch);
      await this.replace(`${JSON.stringify(doc, null, 1)}\n`);
    } catch (error) {
      this.pending = mergeWitness(this.pending, batch);
      throw error;
    }
  }

  private async replace(text: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const draft = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(draft, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(draft, this.file);
    } catch (error) {
      await unlink(draft).catch(() => undefined);
      throw error;
    }
  }
}
