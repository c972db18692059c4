import { HttpStatus } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError } from '../../common/app-error';

const TEXT_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/xml',
  'text/xml',
  'application/atom+xml',
];

const tooLarge = (limit: string) =>
  new AppError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'PAYLOAD_TOO_LARGE',
    `The file is larger than the limit of ${limit}`,
  );

function bytes(limit: string): number {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/.exec(limit) ?? [];
  return Number(n) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * Reads an uploaded file into `req.body` as text: sent raw (`text/csv`, `application/xml`, …) or as the
 * `file` field of `multipart/form-data`, up to `limit`. Other content types answer 415.
 */
export function fileBody(limit: string): RequestHandler {
  const text = express.text({ type: TEXT_TYPES, limit });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: bytes(limit), files: 1, fields: 20 },
  }).single('file');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.is('multipart/form-data')) {
      return upload(req, res, (error?: unknown) => {
        const code = (error as { code?: string } | undefined)?.code;
        if (code === 'LIMIT_FILE_SIZE') return next(tooLarge(limit));
        if (error)
          return next(
            new AppError(
              HttpStatus.BAD_REQUEST,
              'MALFORMED_BODY',
              'The multipart body is malformed; send the file in a field named "file"',
            ),
          );
        if (!req.file)
          return next(
            new AppError(
              HttpStatus.BAD_REQUEST,
              'FILE_REQUIRED',
              'Send the file in a multipart field named "file"',
            ),
          );
        req.body = req.file.buffer.toString('utf8');
        next();
      });
    }
    if (!req.is(TEXT_TYPES)) {
      return next(
        new AppError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the file as ${TEXT_TYPES.join(', ')} or multipart/form-data`,
        ),
      );
    }
    text(req, res, (error?: unknown) => {
      const type = (error as { type?: string } | undefined)?.type;
      if (type === 'entity.too.large') return next(tooLarge(limit));
      if (error)
        return next(
          new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_BODY', 'The file could not be read as UTF-8 text'),
        );
      if (typeof req.body !== 'string' || req.body.length === 0) {
        return next(new AppError(HttpStatus.BAD_REQUEST, 'FILE_REQUIRED', 'The file is empty'));
      }
      next();
    });
  };
}
