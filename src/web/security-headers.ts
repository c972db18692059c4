import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers of every answer: a Content-Security-Policy that allows scripts, styles, fonts and
 * requests from this service only (no inline script or style, no eval), no framing, no referrer to other
 * sites, no MIME sniffing. The API documentation page (Swagger UI, which needs inline code) keeps helmet's
 * other headers under a policy of its own.
 */
const pages = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
  crossOriginEmbedderPolicy: false,
});

const apiDocs = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
});

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  (req.path.startsWith('/api/docs') ? apiDocs : pages)(req, res, next);
}
