import { Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

const logger = new Logger('Http');

/** One structured line per request, with its id, outcome and duration. */
export function requestLogMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    logger.log({
      message: 'request',
      requestId: req.requestId,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      actor: req.context?.actor.id ?? (req.principal?.kind === 'user' ? req.principal.userId : undefined),
    });
  });
  next();
}
