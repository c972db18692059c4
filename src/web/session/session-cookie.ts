import { Request, Response } from 'express';

/**
 * The cookies of the web pages. The session cookie is HttpOnly and SameSite=Lax, and Secure with the
 * `__Host-` prefix (no Domain, Path=/) whenever the request came over TLS (directly or from a trusted
 * proxy), so a page on plain HTTP can neither read nor plant it.
 */
const SESSION = 're100_session';
const SECURE_SESSION = `__Host-${SESSION}`;
/** Anti-forgery value of the sign-in form, before there is a session (double-submit). */
const SIGN_IN_CSRF = 're100_signin';
export const LANGUAGE_COOKIE = 're100_lang';

/** The cookies a request carries (RFC 6265 pairs; a malformed pair is skipped, the first of a name wins). */
export function cookiesOf(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

const sessionName = (req: Request) => (req.secure ? SECURE_SESSION : SESSION);

export const sessionSecretOf = (req: Request): string | undefined => cookiesOf(req).get(sessionName(req));
export const signInCsrfOf = (req: Request): string | undefined => cookiesOf(req).get(SIGN_IN_CSRF);

function set(
  req: Request,
  res: Response,
  name: string,
  value: string,
  options: { maxAgeMs?: number; httpOnly?: boolean; sameSite?: 'lax' | 'strict' },
): void {
  res.cookie(name, value, {
    httpOnly: options.httpOnly ?? true,
    secure: req.secure,
    sameSite: options.sameSite ?? 'lax',
    path: '/',
    ...(options.maxAgeMs === undefined ? {} : { maxAge: options.maxAgeMs }),
  });
}

/** A session cookie: it lives no longer than the browser unless the session's lifetime is shorter. */
export const setSessionCookie = (req: Request, res: Response, secret: string) =>
  set(req, res, sessionName(req), secret, {});
export const clearSessionCookie = (req: Request, res: Response) =>
  set(req, res, sessionName(req), '', { maxAgeMs: 0 });
export const setSignInCsrfCookie = (req: Request, res: Response, value: string) =>
  set(req, res, SIGN_IN_CSRF, value, { sameSite: 'strict', maxAgeMs: 2 * 3600_000 });
export const setLanguageCookie = (req: Request, res: Response, language: string) =>
  set(req, res, LANGUAGE_COOKIE, language, { maxAgeMs: 365 * 24 * 3600_000 });
