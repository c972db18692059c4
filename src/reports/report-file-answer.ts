import { StreamableFile } from '@nestjs/common';
import { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { attachmentDisposition } from '../procurement/evidence-content';

/** A stored report file as ReportsService.download gives it. */
export interface ReportFileContent {
  content: Buffer;
  sha256: string;
  filename: string;
  contentType: string;
}

/**
 * Answers with a stored report file: its bytes, type and name, its SHA-256 as ETag, and 304 when the client
 * has it already. The API's downloads and the pages' send it the same way.
 */
export function reportFileAnswer(
  file: ReportFileContent,
  req: Request,
  res: Response,
): StreamableFile | undefined {
  const etag = `"${file.sha256}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
    res.status(304);
    return undefined;
  }
  return new StreamableFile(file.content, {
    type: file.contentType,
    disposition: attachmentDisposition(file.filename),
    length: file.content.length,
  });
}

/** The evidence pack as a zip streamed to the client. */
export const evidencePackAnswer = (pack: { stream: Readable; filename: string }) =>
  new StreamableFile(pack.stream, {
    type: 'application/zip',
    disposition: attachmentDisposition(pack.filename),
  });
