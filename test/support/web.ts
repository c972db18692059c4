import request from 'supertest';
import type { App } from 'supertest/types';
import { MEMBER_PASSWORD } from './test-app';

/** The value of `name="<field>" value="…"` in a page (attribute values are HTML-escaped by the renderer). */
export function hiddenField(html: string, field: string): string {
  const match = new RegExp(`name="${field}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no ${field} field in the page`);
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** A browser-like client of the web pages: keeps its cookies and the session's CSRF token. */
export interface PageSession {
  agent: request.Agent;
  csrf: string;
  /** A form post as our own pages send it (token in the `_csrf` field, same-origin headers). */
  post(path: string, fields?: Record<string, string | string[]>): request.Test;
  /** An htmx request: the token in X-CSRF-Token, `HX-Request: true`. */
  hx(
    method: 'get' | 'post' | 'delete',
    path: string,
    fields?: Record<string, string | string[]>,
  ): request.Test;
}

function encode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
}

/** Signs in through the sign-in page as a browser would; `organizationId` picks one of several. */
export async function signInToPages(
  http: App,
  email: string,
  password = MEMBER_PASSWORD,
  organizationId?: string,
): Promise<PageSession> {
  const agent = request.agent(http);
  const form = await agent.get('/app/sign-in');
  if (form.status !== 200) throw new Error(`sign-in page: ${form.status}`);
  const signed = await agent
    .post('/app/sign-in')
    .type('form')
    .send(encode({ _csrf: hiddenField(form.text, '_csrf'), email, password, next: '/app' }));
  if (signed.status !== 303)
    throw new Error(`sign in ${email}: ${signed.status} ${signed.text.slice(0, 300)}`);
  const session = pageSession(agent, '');
  // The organization chooser opens for every signed-in person, in one organization or several.
  const landing = await agent.get('/app/organizations');
  const token = /"X-CSRF-Token":"([^"]+)"/.exec(landing.text.replace(/&quot;/g, '"'))?.[1];
  if (!token) throw new Error(`no CSRF token after signing in ${email}: ${landing.status}`);
  session.csrf = token;
  if (organizationId) {
    const chosen = await session.post('/app/organization', { organizationId, next: '/app' });
    if (chosen.status !== 303) throw new Error(`choose organization: ${chosen.status}`);
  }
  return session;
}

function pageSession(agent: request.Agent, csrf: string): PageSession {
  const session: PageSession = {
    agent,
    csrf,
    post: (path, fields = {}) =>
      agent
        .post(path)
        .set('Sec-Fetch-Site', 'same-origin')
        .type('form')
        .send(encode({ _csrf: session.csrf, ...fields })),
    hx: (method, path, fields) => {
      const req = agent[method](path).set('HX-Request', 'true').set('X-CSRF-Token', session.csrf);
      return fields ? req.type('form').send(encode(fields)) : req;
    },
  };
  return session;
}
