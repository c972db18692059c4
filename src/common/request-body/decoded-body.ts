import { Request } from 'express';
import { PassThrough, Readable, Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../app-error';

/** Bytes of a size written as in the configuration (`512kb`, `25mb`). */
export function bytes(limit: string): number {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/i.exec(limit) ?? [];
  if (n === undefined) throw new RangeError(`not a size: ${limit}`);
  const scale = unit.toLowerCase() === 'mb' ? 1024 * 1024 : unit.toLowerCase() === 'kb' ? 1024 : 1;
  return Number(n) * scale;
}

/**
 * A compressed body may inflate to at most this many times its size (beyond a first MiB): real meter data
 * compresses tenfold or so, a decompression bomb a thousandfold, and is refused as soon as it shows.
 */
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_FLOOR = 1024 * 1024;

/** A size as the configuration writes it: `2mb`, `100kb`, else bytes. */
export const sizeLabel = (n: number): string =>
  n % (1024 * 1024) === 0 ? `${n / 1024 / 1024}mb` : n % 1024 === 0 ? `${n / 1024}kb` : `${n} bytes`;

export const tooLarge = (what: string, limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The ${what} is larger than the limit of ${sizeLabel(limit)}`);

const DECODERS: Record<string, (() => Transform) | null> = {
  identity: null,
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
};

/**
 * The request body as a stream of decoded bytes, read only when the caller has been let in (routes read
 * their bodies after the access guard). Capped twice: the bytes on the wire and the bytes after
 * `Content-Encoding: gzip|deflate` are each at most `limit`, and decompression stops as soon as the
 * output outgrows the input a hundredfold. A declared length over the limit is refused before reading.
 * Errors are the API's: 413 too large, 415 an unknown encoding, 400 a corrupt compressed body.
 */
export function decodedBody(req: Request, limit: number, what = 'request body'): Readable {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (!(encoding in DECODERS)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip, deflate or identity');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(what, limit);

  let wire = 0;
  let decoded = 0;
  const onWire = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      wire += chunk.length;
      done(wire > limit ? tooLarge(what, limit) : null, chunk);
    },
  });
  const decoder = DECODERS[encoding];
  const afterDecoding = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      decoded += chunk.length;
      if (decoded > limit) return done(tooLarge(`decompressed ${what}`, limit));
      if (decoder && decoded > RATIO_FLOOR && decoded > wire * MAX_COMPRESSION_RATIO) {
        return done(
          new AppError(
            'PAYLOAD_TOO_LARGE',
            `The ${what} inflates more than ${MAX_COMPRESSION_RATIO}-fold: refused as a decompression bomb`,
          ),
        );
      }
      done(null, chunk);
    },
  });
  const out = new PassThrough();
  // Not stream.pipeline: it would destroy the request, and with it the socket the error answer needs. The
  // request is only unpiped; the answer then closes the connection (all-exceptions.filter.ts).
  const stages: Transform[] = decoder ? [onWire, decoder(), afterDecoding] : [onWire, afterDecoding];
  let failed = false;
  const fail = (error: Error & { code?: string }) => {
    if (failed) return;
    failed = true;
    req.unpipe(onWire);
    for (const stage of stages) stage.destroy();
    out.destroy(
      error instanceof AppError
        ? error
        : error.code?.startsWith('Z_')
          ? new AppError('MALFORMED_BODY', `The ${what} is not valid ${encoding} data`)
          : error,
    );
  };
  req.on('error', fail);
  stages.forEach((stage, i) => {
    stage.on('error', fail);
    stage.pipe(stages[i + 1] ?? out);
  });
  req.pipe(onWire);
  return out;
}

/** The whole decoded body in memory (JSON and small files), with the same caps. */
export async function readBody(req: Request, limit: number, what?: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of decodedBody(req, limit, what)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
