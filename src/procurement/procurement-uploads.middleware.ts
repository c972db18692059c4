import { HttpStatus } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError } from '../common/app-error';
import { fileBody } from '../readings/import/file-body.middleware';
import { EVIDENCE_MAX_BYTES } from './evidence-content';

/** Largest certificate CSV file; a larger one answers 413 `PAYLOAD_TOO_LARGE`. */
export const CERTIFICATE_IMPORT_LIMIT = '2mb';

const CERTIFICATE_IMPORT_PATH = /^\/api\/v1\/certificates\/import\/?$/;
const EVIDENCE_UPLOAD_PATH = /^\/api\/v1\/(contracts|certificates)\/[^/]+\/evidence\/?$/;

/** What a multer failure means to the client. */
const MULTIPART_ERRORS: Record<string, () => AppError> = {
  LIMIT_FILE_SIZE: () =>
    new AppError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      'PAYLOAD_TOO_LARGE',
      `The file is larger than the limit of ${EVIDENCE_MAX_BYTES / 1024 / 1024} MiB`,
    ),
};
const malformed = () =>
  new AppError(
    HttpStatus.BAD_REQUEST,
    'MALFORMED_BODY',
    'Send one file in a multipart field named "file", with an optional "description" field',
  );

/**
 * An evidence upload: multipart/form-data with one binary `file` part (kept as bytes in `req.file`) and
 * text fields in `req.body`, up to EVIDENCE_MAX_BYTES.
 */
function evidenceBody(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5, fieldSize: 16 * 1024, parts: 6 },
    defParamCharset: 'utf8',
  }).single('file');
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) {
      return next(
        new AppError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file as multipart/form-data in a field named "file"',
        ),
      );
    }
    upload(req, res, (error?: unknown) => {
      if (error) return next((MULTIPART_ERRORS[(error as { code?: string }).code ?? ''] ?? malformed)());
      if (!req.file)
        return next(new AppError(HttpStatus.BAD_REQUEST, 'FILE_REQUIRED', 'The "file" field is missing'));
      if (req.file.size === 0)
        return next(new AppError(HttpStatus.BAD_REQUEST, 'FILE_REQUIRED', 'The file is empty'));
      next();
    });
  };
}

/**
 * Reads the bodies of the procurement routes that take files, before the JSON body parser would refuse
 * them (mounted in `app.factory.ts`): the certificate CSV import (raw `text/csv` or a multipart `file`, as
 * the readings import takes it) and evidence uploads. Other requests pass untouched.
 */
export function procurementUploads(): RequestHandler {
  const csv = fileBody(CERTIFICATE_IMPORT_LIMIT);
  const evidence = evidenceBody();
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    if (CERTIFICATE_IMPORT_PATH.test(req.path)) return csv(req, res, next);
    if (EVIDENCE_UPLOAD_PATH.test(req.path)) return evidence(req, res, next);
    next();
  };
}
