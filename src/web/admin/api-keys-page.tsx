import { COMMON_TEXT } from '../i18n/common';
import { Badge, ConfirmButton, Table } from '../views/components';
import { InputField } from '../views/form';
import { WebContext } from '../web-context';
import { formatInstant, isoOf } from './admin-format';
import { AdminForm, DoneNotice, firstMessage, OnceSecret } from './admin-layout';
import { ADMIN_TEXT } from './admin.text';
import { ApiKeysState, ApiKeysView } from './api-keys-view';

/** What was done, from the page's query after a redirect (`?done=revoked&key=…`). */
export function apiKeysDoneMessage(
  web: WebContext,
  view: ApiKeysView,
  done: string | undefined,
  keyId: string | undefined,
): string | null {
  const key = view.keys.find((k) => k.id === keyId);
  return done === 'revoked' && key ? ADMIN_TEXT[web.language].apiKeys.revoked(key.name) : null;
}

/** The API keys page under its title: what htmx swaps after the create form. */
export function ApiKeysContent({
  web,
  view,
  state,
}: {
  web: WebContext;
  view: ApiKeysView;
  state: ApiKeysState;
}) {
  const t = ADMIN_TEXT[web.language].apiKeys;
  const c = COMMON_TEXT[web.language];
  const when = (d: Date | string | null) => formatInstant(d, web.language, view.timeZone);
  const meterNames = new Map(view.meters.map((m) => [m.id, m.label]));
  const form = state.form ?? { name: '', meterIds: [], errors: null };
  const chosen = new Set(form.meterIds);
  const meterError = form.errors?.meterIds;
  return (
    <div id="api-keys-content">
      <DoneNotice message={state.done ?? null} />
      {state.revokeRefusal && (
        <p class="notice error" role="alert" id="refusal">
          {firstMessage(state.revokeRefusal.errors)}
        </p>
      )}
      <div class="grid">
        {state.created && (
          <section class="card wide" aria-labelledby="created-title" id="key-created">
            <h2 id="created-title">{t.createdHeading}</h2>
            <p>{t.createdText(state.created.name)}</p>
            <OnceSecret id="api-key-secret" label={t.keyLabel} value={state.created.key} note={t.onceNote} />
            <p class="muted">{t.usage}</p>
          </section>
        )}

        <section class="card wide" aria-labelledby="keys-title">
          <h2 id="keys-title">{t.listHeading}</h2>
          <p class="muted">{t.intro}</p>
          {view.keys.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <Table
              id="api-keys"
              caption={t.listHeading}
              head={[t.name, t.prefix, t.scope, t.created, t.lastUsed, t.state, c.table.actions]}
            >
              {view.keys.map((k) => (
                <tr data-key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}</code>
                  </td>
                  <td>
                    {k.meterIds === null
                      ? t.allMeters
                      : k.meterIds.map((id) => meterNames.get(id) ?? id).join(', ')}
                  </td>
                  <td>
                    <time datetime={isoOf(k.createdAt)}>{when(k.createdAt)}</time>
                  </td>
                  <td>
                    {k.lastUsedAt ? (
                      <time datetime={isoOf(k.lastUsedAt)}>{when(k.lastUsedAt)}</time>
                    ) : (
                      <span class="muted">{t.never}</span>
                    )}
                  </td>
                  <td>
                    {k.revokedAt ? (
                      <Badge tone="bad">{t.revokedOn(when(k.revokedAt))}</Badge>
                    ) : (
                      <Badge tone="good">{t.active}</Badge>
                    )}
                  </td>
                  <td>
                    {!k.revokedAt && (
                      <ConfirmButton
                        action={`/app/admin/api-keys/${k.id}/revoke`}
                        confirm={t.revokeConfirm(k.name)}
                        csrfToken={web.csrfToken}
                        label={t.revokeOf(k.name)}
                      >
                        {t.revoke}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>

        <section class="card wide" aria-labelledby="create-title">
          <h2 id="create-title">{t.createHeading}</h2>
          <AdminForm web={web} action="/app/admin/api-keys" target="api-keys-content" errors={form.errors}>
            <InputField
              form="key"
              name="name"
              label={t.keyName}
              hint={t.keyNameHint}
              required
              autocomplete="off"
              value={form.name}
              errors={form.errors}
            />
            {view.meters.length === 0 ? (
              <p class="muted">{t.noMeters}</p>
            ) : (
              <fieldset
                class={`field${meterError ? ' invalid' : ''}`}
                data-field="meterIds"
                aria-describedby={meterError ? 'key-meters-hint key-meters-error' : 'key-meters-hint'}
              >
                <legend>{t.meters}</legend>
                <p class="hint" id="key-meters-hint">
                  {t.metersHint}
                  {view.meters.length < view.metersTotal &&
                    ` ${t.metersShownOf(view.meters.length, view.metersTotal)}`}
                </p>
                {view.meters.map((m) => (
                  <label>
                    <input type="checkbox" name="meterIds" value={m.id} checked={chosen.has(m.id)} />{' '}
                    {m.label}
                  </label>
                ))}
                {meterError && (
                  <p class="field-error" id="key-meters-error">
                    {meterError}
                  </p>
                )}
              </fieldset>
            )}
            <div class="actions">
              <button type="submit" class="primary">
                {t.create}
              </button>
            </div>
          </AdminForm>
        </section>
      </div>
    </div>
  );
}
