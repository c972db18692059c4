import { Request } from 'express';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AppError } from '../app-error';
import { decodedBody, readBody } from './decoded-body';

/** A request whose body is `bytes`, sent in 16 KiB pieces, with the given headers. */
function requestOf(bytes: Buffer, headers: Record<string, string> = {}): Request {
  const req = new PassThrough() as unknown as Request & PassThrough;
  (req as { headers: Record<string, string> }).headers = headers;
  (async () => {
    for (let i = 0; i < bytes.length; i += 16 * 1024) {
      if (!req.write(bytes.subarray(i, i + 16 * 1024))) await new Promise((r) => req.once('drain', r));
    }
    req.end();
  })();
  return req;
}

const failure = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
};

describe('decodedBody: caps on the wire and after decompression', () => {
  const MiB = 1024 * 1024;

  it('decodes an honest gzip body exactly', async () => {
    const text = JSON.stringify({ readings: Array.from({ length: 5000 }, (_, i) => ({ i })) });
    const req = requestOf(gzipSync(text), { 'content-encoding': 'gzip' });
    expect((await readBody(req, MiB)).toString()).toBe(text);
  });

  it('refuses a 50 KB gzip that inflates to 49 MiB as soon as it outgrows its size a hundredfold', async () => {
    const bomb = gzipSync(Buffer.alloc(49 * MiB), { level: 9 });
    expect(bomb.length).toBeLessThan(60 * 1024);
    let decoded = 0;
    const error = await failure(async () => {
      for await (const chunk of decodedBody(requestOf(bomb, { 'content-encoding': 'gzip' }), 25 * MiB)) {
        decoded += (chunk as Buffer).length;
      }
    });
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(error.message).toMatch(/inflates more than 100-fold/);
    // Stopped long before the 25 MiB limit, let alone 49 MiB.
    expect(decoded).toBeLessThan(8 * MiB);
  });

  it('caps the bytes on the wire even when they inflate to nothing (empty gzip members)', async () => {
    const empty = gzipSync(Buffer.alloc(0));
    const endless = Buffer.concat(Array.from({ length: 20_000 }, () => empty));
    const error = await failure(() =>
      readBody(requestOf(endless, { 'content-encoding': 'gzip' }), 100 * 1024),
    );
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a declared length over the limit before reading', () => {
    expect(() => decodedBody(requestOf(Buffer.alloc(0), { 'content-length': String(2 * MiB) }), MiB)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
  });

  it('refuses an identity body over the limit, an unknown encoding and corrupt gzip', async () => {
    expect(await failure(() => readBody(requestOf(Buffer.alloc(MiB + 1)), MiB))).toMatchObject({
      status: 413,
    });
    expect(() => decodedBody(requestOf(Buffer.from('x'), { 'content-encoding': 'br' }), MiB)).toThrow(
      expect.objectContaining({ status: 415 }),
    );
    const corrupt = await failure(() =>
      readBody(requestOf(Buffer.from('plain text'), { 'content-encoding': 'gzip' }), MiB),
    );
    expect(corrupt).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
  });
});
