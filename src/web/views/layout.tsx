import type { ComponentChildren } from 'preact';
import { Role } from '../../auth/principal';
import { COMMON_TEXT, CommonText } from '../i18n/common';
import { LANGUAGES } from '../i18n/language';
import { WebContext } from '../web-context';

/** htmx's settings: no eval, no inline indicator styles (the CSP allows neither), and 4xx/5xx fragments swapped in. */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '(422|409|400|403|404|413|415|429)', swap: true, error: false },
    { code: '...', swap: false, error: true },
  ],
});

interface NavItem {
  href: string;
  label: (t: CommonText) => string;
  roles: readonly Role[];
}

const ALL: Role[] = ['admin', 'officer', 'auditor', 'executive'];
export const NAV: NavItem[] = [
  { href: '/app', label: (t) => t.nav.dashboard, roles: ALL },
  { href: '/app/sites', label: (t) => t.nav.sites, roles: ['admin', 'officer'] },
  { href: '/app/procurement', label: (t) => t.nav.procurement, roles: ['admin', 'officer'] },
  { href: '/app/claims', label: (t) => t.nav.claims, roles: ['admin', 'officer'] },
  { href: '/app/imports', label: (t) => t.nav.imports, roles: ['admin', 'officer'] },
  { href: '/app/years', label: (t) => t.nav.years, roles: ['admin', 'officer'] },
  { href: '/app/reports', label: (t) => t.nav.reports, roles: ALL },
  { href: '/app/audit', label: (t) => t.nav.audit, roles: ['admin', 'auditor'] },
  { href: '/app/explain', label: (t) => t.nav.explain, roles: ALL },
  { href: '/app/admin', label: (t) => t.nav.admin, roles: ['admin'] },
];

/** The same page in another language: the path with `lang=` set. */
export function withLanguage(path: string, language: string): string {
  const url = new URL(path, 'http://page');
  url.searchParams.set('lang', language);
  return url.pathname + url.search;
}

export function Layout(props: {
  web: WebContext;
  title: string;
  /** Scripts of the page beyond htmx and the app's own (ECharts on chart pages). */
  charts?: boolean;
  children: ComponentChildren;
}) {
  const { web, title } = props;
  const t = COMMON_TEXT[web.language];
  const role = web.organization?.role;
  const current = new URL(web.path, 'http://page').pathname;
  return (
    <html lang={web.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${title} · ${t.product}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        {props.charts && <script src="/assets/echarts.min.js" defer></script>}
        <script src="/assets/app.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': web.csrfToken })}>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="top">
          <a class="brand" href="/app">
            {t.product}
          </a>
          {web.user && web.memberships.length > 1 && (
            <form class="switcher" method="post" action="/app/organization">
              <input type="hidden" name="_csrf" value={web.csrfToken} />
              <input type="hidden" name="next" value={current} />
              <label for="org-switch">{t.organization}</label>
              <select id="org-switch" name="organizationId">
                {web.memberships.map((m) => (
                  <option value={m.organizationId} selected={m.organizationId === web.organization?.id}>
                    {m.organizationName}
                  </option>
                ))}
              </select>
              <button type="submit">{t.switchOrganization}</button>
            </form>
          )}
          {web.user && web.memberships.length === 1 && web.organization && (
            <span class="org-name">{web.organization.name}</span>
          )}
          <nav class="languages" aria-label={t.language}>
            {LANGUAGES.map((language) => (
              <a
                href={withLanguage(web.path, language)}
                lang={language}
                hreflang={language}
                aria-current={language === web.language ? 'true' : undefined}
              >
                {t.languageNames[language]}
              </a>
            ))}
          </nav>
          {web.user && (
            <form class="account" method="post" action="/app/sign-out">
              <span>
                {t.signedInAs} <strong>{web.user.displayName}</strong>
                {role && <span class="role"> ({t.roles[role]})</span>}
              </span>
              <input type="hidden" name="_csrf" value={web.csrfToken} />
              <button type="submit">{t.signOut}</button>
            </form>
          )}
        </header>
        {role && (
          <nav class="main-nav" aria-label={t.nav.label}>
            <ul>
              {NAV.filter((item) => item.roles.includes(role)).map((item) => (
                <li>
                  <a
                    href={item.href}
                    aria-current={
                      item.href === current || (item.href !== '/app' && current.startsWith(item.href + '/'))
                        ? 'page'
                        : undefined
                    }
                  >
                    {item.label(t)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          <h1>{title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}
