import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (the client's `X-Request-Id` when well-formed) and echoes it back. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const offered = req.header('x-request-id');
  const id = offered && CLIENT_ID.test(offered) ? offered : randomUUID();
  req.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}
