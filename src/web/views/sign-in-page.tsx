import { COMMON_TEXT } from '../i18n/common';
import { WebContext } from '../web-context';
import { Layout } from './layout';

export interface SignInState {
  email?: string;
  next: string;
  notice?: 'expired' | 'signed-out';
  error?: string;
}

export function SignInPage({ web, state }: { web: WebContext; state: SignInState }) {
  const t = COMMON_TEXT[web.language].signIn;
  return (
    <Layout web={web} title={t.title}>
      {state.notice === 'expired' && (
        <p class="notice" role="status">
          {t.expired}
        </p>
      )}
      {state.notice === 'signed-out' && (
        <p class="notice" role="status">
          {t.signedOut}
        </p>
      )}
      <form class="form narrow" method="post" action="/app/sign-in" novalidate>
        {state.error && (
          <p class="notice error" role="alert" id="sign-in-error">
            {state.error}
          </p>
        )}
        <input type="hidden" name="_csrf" value={web.csrfToken} />
        <input type="hidden" name="next" value={state.next} />
        <div class="field">
          <label for="email">{t.email}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={state.email ?? ''}
            aria-describedby={state.error ? 'sign-in-error' : undefined}
          />
        </div>
        <div class="field">
          <label for="password">{t.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="primary">
          {t.submit}
        </button>
      </form>
    </Layout>
  );
}

export function ChooseOrganizationPage({ web }: { web: WebContext }) {
  const t = COMMON_TEXT[web.language];
  return (
    <Layout web={web} title={t.chooseOrganization}>
      {web.memberships.length === 0 ? (
        <p>{t.noOrganization}</p>
      ) : (
        <>
          <p>{t.chooseOrganizationIntro}</p>
          <ul class="choices">
            {web.memberships.map((m) => (
              <li>
                <form method="post" action="/app/organization">
                  <input type="hidden" name="_csrf" value={web.csrfToken} />
                  <input type="hidden" name="organizationId" value={m.organizationId} />
                  <button type="submit">
                    {m.organizationName} <span class="muted">({t.roles[m.role]})</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
