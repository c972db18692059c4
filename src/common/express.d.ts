import type { Principal, RequestContext } from '../auth/principal';

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      principal?: Principal;
      context?: RequestContext;
    }
  }
}
