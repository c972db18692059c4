import type { Principal, RequestContext } from '../auth/principal';
import type { SpooledUpload } from './request-body/file-body';

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      principal?: Principal;
      context?: RequestContext;
      /** A web page's upload, spooled to disk (body rule `form-upload`). */
      upload?: SpooledUpload;
    }
  }
}
