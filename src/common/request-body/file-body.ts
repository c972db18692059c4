import busboy from 'busboy';
import { Request, Response } from 'express';
import multer from 'multer';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../app-error';
import { decodedBody, readBody, tooLarge } from './decoded-body';

/** Raw file bodies a route may take besides a multipart `file` field. */
export const TEXT_FILE_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/xml',
  'text/xml',
  'application/atom+xml',
];

const unsupported = () =>
  new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Send the file as ${TEXT_FILE_TYPES.join(', ')} or multipart/form-data`,
  );
const fileRequired = (message = 'Send the file in a multipart field named "file"') =>
  new AppError('FILE_REQUIRED', message);
const malformedMultipart = () =>
  new AppError('MALFORMED_BODY', 'The multipart body is malformed; send the file in a field named "file"');

const isMultipart = (req: Request) => Boolean(req.is('multipart/form-data'));

/** Multipart bodies are taken as sent: a compressed one is refused rather than inflated blindly. */
function assertPlainMultipart(req: Request): void {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Compress the file itself, not a multipart body (Content-Encoding)',
    );
  }
}

/** Runs a multer middleware on the request as a promise. */
function runMulter(handler: ReturnType<ReturnType<typeof multer>['single']>, req: Request, res: Response) {
  return new Promise<void>((resolve, reject) =>
    handler(req, res, (error?: unknown) => (error ? reject(error) : resolve())),
  );
}

/**
 * A small uploaded file as UTF-8 text: sent raw (`text/csv`, `application/xml`, …, optionally gzip) or as
 * the `file` field of multipart/form-data, up to `limit` bytes.
 */
export async function readTextFile(req: Request, res: Response, limit: number): Promise<string> {
  if (isMultipart(req)) {
    assertPlainMultipart(req);
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: limit, files: 1, fields: 20, fieldSize: 16 * 1024 },
    }).single('file');
    try {
      await runMulter(upload, req, res);
    } catch (error) {
      throw (error as { code?: string }).code === 'LIMIT_FILE_SIZE'
        ? tooLarge('file', limit)
        : malformedMultipart();
    }
    if (!req.file) throw fileRequired();
    // An empty attached file is the import's to refuse (as an empty CSV), not a missing one.
    return req.file.buffer.toString('utf8');
  }
  if (!req.is(TEXT_FILE_TYPES)) throw unsupported();
  const text = (await readBody(req, limit, 'file')).toString('utf8');
  if (text.length === 0) throw fileRequired('The file is empty');
  return text;
}

/**
 * An evidence upload: multipart/form-data with one binary `file` part (kept as bytes in `req.file`) and
 * text fields in `req.body`, up to `limit` bytes.
 */
export async function readEvidenceUpload(req: Request, res: Response, limit: number): Promise<void> {
  if (!isMultipart(req)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data in a field named "file"',
    );
  }
  assertPlainMultipart(req);
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limit, files: 1, fields: 5, fieldSize: 16 * 1024, parts: 6 },
    defParamCharset: 'utf8',
  }).single('file');
  try {
    await runMulter(upload, req, res);
  } catch (error) {
    if ((error as { code?: string }).code === 'LIMIT_FILE_SIZE') throw tooLarge('file', limit);
    throw new AppError(
      'MALFORMED_BODY',
      'Send one file in a multipart field named "file", with an optional "description" field',
    );
  }
  if (!req.file) throw new AppError('FILE_REQUIRED', 'The "file" field is missing');
  if (req.file.size === 0) throw new AppError('FILE_REQUIRED', 'The file is empty');
}

/** An upload kept on disk for the length of its request: large files are never held in memory. */
export interface SpooledFile {
  path: string;
  bytes: number;
  /** SHA-256 of the (decoded) content, e.g. to recognise a replay. */
  sha256: string;
  /** Removes the file; done for the route when its request ends. */
  discard(): Promise<void>;
}

/**
 * A large uploaded file written to a private temporary file as it arrives: raw (optionally gzip) or the
 * `file` field of multipart/form-data, up to `limit` bytes after decoding. The network's pace is thus
 * decoupled from the database: a slow client holds no transaction or lock while it sends.
 */
export async function spoolFile(req: Request, limit: number): Promise<SpooledFile> {
  const source = isMultipart(req) ? await multipartFileStream(req, limit) : plainFileStream(req, limit);
  const dir = await mkdtemp(path.join(tmpdir(), 're100-upload-'));
  const file = path.join(dir, 'upload');
  const discard = () => rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      source,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      }),
      createWriteStream(file, { mode: 0o600 }),
    );
  } catch (error) {
    await discard();
    throw error;
  }
  if (size === 0) {
    await discard();
    throw fileRequired('The file is empty');
  }
  return { path: file, bytes: size, sha256: hash.digest('hex'), discard };
}

function plainFileStream(req: Request, limit: number): Readable {
  if (!req.is(TEXT_FILE_TYPES)) throw unsupported();
  return decodedBody(req, limit, 'file');
}

/**
 * The `file` part of a multipart body as a stream, size-capped; text fields are ignored. A second file, a
 * file under another name, or a body that breaks off answer 400 (busboy's own errors never pass through).
 */
function multipartFileStream(req: Request, limit: number): Promise<Readable> {
  assertPlainMultipart(req);
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: limit, fields: 20, parts: 30 } });
    } catch {
      return reject(malformedMultipart());
    }
    // What the caller reads. It may start only a tick later: until then an error is kept on the stream, where
    // the caller's pipeline finds it, instead of going unhandled.
    const out = new PassThrough();
    out.on('error', () => undefined);
    let started = false;
    const fail = (error: AppError) => {
      req.unpipe(parser);
      out.destroy(error);
      reject(error);
    };
    parser.on('file', (name, stream) => {
      if (name !== 'file' || started) {
        stream.resume();
        return fail(malformedMultipart());
      }
      started = true;
      stream.on('limit', () => fail(tooLarge('file', limit)));
      stream.on('error', () => fail(malformedMultipart()));
      stream.pipe(out);
      resolve(out);
    });
    parser.on('filesLimit', () => fail(malformedMultipart()));
    parser.on('error', () => fail(malformedMultipart()));
    parser.on('close', () => started || fail(fileRequired()));
    req.pipe(parser);
  });
}

/** A web page's upload: the `file` part spooled to disk, its name, and the form's text fields. */
export interface SpooledUpload extends SpooledFile {
  filename: string;
  fields: Record<string, string | string[]>;
}

/**
 * A web page's upload form (multipart/form-data): the `file` part written to a private temporary file as it
 * arrives (never held in memory, `limit` bytes at most), and at most `maxFields` text fields of 16 KiB.
 * A second file, another part name, a field named as what every object inherits, too many parts, or a body
 * that breaks off answer 400; a missing or empty file 400 FILE_REQUIRED. The caller discards the file.
 */
export async function spoolFormUpload(
  req: Request,
  limit: number,
  maxFields: number,
): Promise<SpooledUpload> {
  if (!isMultipart(req)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data');
  assertPlainMultipart(req);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // One more of each than allowed, so that going over is seen (counted below), not cut silently.
      limits: {
        files: 2,
        fileSize: limit,
        fields: maxFields + 1,
        fieldSize: 16 * 1024,
        parts: maxFields + 3,
      },
      defParamCharset: 'utf8',
    });
  } catch {
    throw malformedMultipart();
  }
  const dir = await mkdtemp(path.join(tmpdir(), 're100-upload-'));
  const target = path.join(dir, 'upload');
  const discard = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string | string[]> = Object.create(null);
  return new Promise<SpooledUpload>((resolve, reject) => {
    let failed = false;
    let written: Promise<{ bytes: number; sha256: string }> | null = null;
    let filename = '';
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      void discard();
      reject(error);
    };
    let count = 0;
    parser.on('field', (name, value, info) => {
      if (++count > maxFields || info.valueTruncated) return fail(malformedMultipart());
      if (name in Object.prototype || name === 'prototype') return fail(malformedMultipart());
      const before = fields[name];
      fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || written) {
        stream.resume();
        return fail(malformedMultipart());
      }
      filename = info.filename ?? '';
      const hash = createHash('sha256');
      let bytes = 0;
      stream.on('limit', () => fail(tooLarge('file', limit)));
      written = pipeline(
        stream,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(target, { mode: 0o600 }),
      ).then(() => ({ bytes, sha256: hash.digest('hex') }));
      written.catch(() => fail(malformedMultipart()));
    });
    for (const limitEvent of ['filesLimit', 'fieldsLimit', 'partsLimit'])
      parser.on(limitEvent, () => fail(malformedMultipart()));
    parser.on('error', () => fail(malformedMultipart()));
    parser.on('close', () => {
      if (failed) return;
      if (!written) return fail(fileRequired());
      written.then(
        ({ bytes, sha256 }) => {
          if (failed) return;
          if (bytes === 0) return fail(fileRequired('The file is empty'));
          resolve({ path: target, bytes, sha256, discard, filename, fields });
        },
        () => fail(malformedMultipart()),
      );
    });
    req.pipe(parser);
  });
}
