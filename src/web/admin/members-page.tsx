import { ROLES } from '../../auth/principal';
import { COMMON_TEXT } from '../i18n/common';
import { CsrfField, ErrorSummary, FieldErrors, InputField, SelectField } from '../views/form';
import { WebContext } from '../web-context';
import { formatInstant, isoOf } from './admin-format';
import { AdminLayout, DoneNotice, OnceSecret } from './admin-layout';
import { ADMIN_TEXT } from './admin.text';
import { MembersState, MembersView } from './members-view';

/** The refusal of an action that has no field of its own: its general message, else its first. */
const firstMessage = (errors: FieldErrors): string => errors[''] ?? Object.values(errors)[0] ?? '';

const TARGET = { 'hx-target': '#members-content', 'hx-swap': 'outerHTML' };

/** What was done, from the page's query after a redirect (`?done=role&member=…`). */
export function membersDoneMessage(
  web: WebContext,
  view: MembersView,
  done: string | undefined,
  memberId: string | undefined,
): string | null {
  const t = ADMIN_TEXT[web.language].members;
  const roles = COMMON_TEXT[web.language].roles;
  if (done === 'role') {
    const member = view.members.find((m) => m.userId === memberId);
    return member ? t.roleChanged(member.displayName, roles[member.role]) : null;
  }
  if (done === 'removed') return t.removed;
  if (done === 'revoked') return t.revoked;
  return null;
}

export function MembersPage(props: { web: WebContext; view: MembersView; state: MembersState }) {
  return (
    <AdminLayout web={props.web} title={ADMIN_TEXT[props.web.language].members.title} section="members">
      <MembersContent {...props} />
    </AdminLayout>
  );
}

/** The page under its title: what htmx swaps after a form of the page. */
export function MembersContent({
  web,
  view,
  state,
}: {
  web: WebContext;
  view: MembersView;
  state: MembersState;
}) {
  const a = ADMIN_TEXT[web.language];
  const t = a.members;
  const c = COMMON_TEXT[web.language];
  const when = (d: Date | string | null) => formatInstant(d, web.language, view.timeZone);
  const roleOptions = ROLES.map((role) => ({ value: role, label: c.roles[role] }));
  const memberRefusal = state.memberRefusal ?? null;
  const invitationRefusal = state.invitationRefusal ?? null;
  return (
    <div id="members-content">
      <DoneNotice message={state.done ?? null} />
      {(memberRefusal || invitationRefusal) && (
        <div class="notice error" role="alert" id="refusal">
          <p>
            {t.refused} {firstMessage((memberRefusal ?? invitationRefusal)!.errors)}
          </p>
        </div>
      )}
      <div class="grid">
        {state.created && (
          <section class="card wide" aria-labelledby="created-title" id="invitation-created">
            <h2 id="created-title">{t.createdHeading}</h2>
            <p>{t.createdText(state.created.email, c.roles[state.created.role])}</p>
            <OnceSecret
              id="invitation-token"
              label={t.tokenLabel}
              value={state.created.token}
              note={t.onceNote}
            />
            <p>
              {t.expiresAt(when(state.created.expiresAt))} <span class="muted">{t.acceptHow}</span>
            </p>
          </section>
        )}

        <section class="card wide" aria-labelledby="members-title">
          <h2 id="members-title">{t.membersHeading}</h2>
          <p class="muted">
            {t.count(view.membersTotal)}{' '}
            {view.members.length < view.membersTotal && t.shownOf(view.members.length, view.membersTotal)}
          </p>
          <div class="table-wrap">
            <table id="members">
              <caption class="visually-hidden">{t.membersHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.email}</th>
                  <th scope="col">{t.role}</th>
                  <th scope="col">{t.since}</th>
                  <th scope="col">{c.table.actions}</th>
                </tr>
              </thead>
              <tbody>
                {view.members.map((m) => {
                  const refused = memberRefusal?.userId === m.userId ? memberRefusal.errors : null;
                  const errorId = `member-${m.userId}-error`;
                  return (
                    <tr data-member={m.userId}>
                      <th scope="row">
                        {m.displayName}
                        {m.userId === web.user?.id && <span class="muted"> ({t.you})</span>}
                      </th>
                      <td>{m.email}</td>
                      <td>
                        <form
                          class="actions"
                          method="post"
                          action={`/app/admin/members/${m.userId}/role`}
                          hx-post={`/app/admin/members/${m.userId}/role`}
                          {...TARGET}
                        >
                          <CsrfField token={web.csrfToken} />
                          <label class="visually-hidden" for={`role-${m.userId}`}>
                            {t.roleOf(m.displayName)}
                          </label>
                          <select
                            id={`role-${m.userId}`}
                            name="role"
                            aria-invalid={refused ? 'true' : undefined}
                            aria-describedby={refused ? errorId : undefined}
                          >
                            {roleOptions.map((o) => (
                              <option value={o.value} selected={o.value === m.role}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                          <button type="submit">{t.changeRole}</button>
                          {refused && (
                            <p class="field-error" id={errorId}>
                              {firstMessage(refused)}
                            </p>
                          )}
                        </form>
                      </td>
                      <td>
                        <time datetime={isoOf(m.createdAt)}>{when(m.createdAt)}</time>
                      </td>
                      <td>
                        <form
                          method="post"
                          action={`/app/admin/members/${m.userId}/remove`}
                          data-confirm={t.removeConfirm(m.displayName)}
                        >
                          <CsrfField token={web.csrfToken} />
                          <button type="submit" class="danger" aria-label={t.removeOf(m.displayName)}>
                            {t.remove}
                          </button>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>

        <section class="card wide" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t.invitationsHeading}</h2>
          {view.invitations.length === 0 ? (
            <p class="muted">{t.noInvitations}</p>
          ) : (
            <div class="table-wrap">
              <table id="invitations">
                <caption class="visually-hidden">{t.invitationsHeading}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.email}</th>
                    <th scope="col">{t.role}</th>
                    <th scope="col">{t.invited}</th>
                    <th scope="col">{t.expires}</th>
                    <th scope="col">{c.table.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.invitations.map((i) => (
                    <tr data-invitation={i.id}>
                      <th scope="row">{i.email}</th>
                      <td>{c.roles[i.role]}</td>
                      <td>
                        <time datetime={isoOf(i.createdAt)}>{when(i.createdAt)}</time>
                      </td>
                      <td>
                        <time datetime={isoOf(i.expiresAt)}>{when(i.expiresAt)}</time>
                      </td>
                      <td>
                        <form
                          method="post"
                          action={`/app/admin/invitations/${i.id}/revoke`}
                          data-confirm={t.revokeConfirm(i.email)}
                        >
                          <CsrfField token={web.csrfToken} />
                          <button type="submit" class="danger" aria-label={t.revokeOf(i.email)}>
                            {t.revoke}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section class="card wide" aria-labelledby="invite-title">
          <h2 id="invite-title">{t.inviteHeading}</h2>
          <p class="muted">{t.inviteIntro}</p>
          <form
            class="form"
            method="post"
            action="/app/admin/invitations"
            hx-post="/app/admin/invitations"
            {...TARGET}
            novalidate
          >
            <ErrorSummary errors={state.invite?.errors ?? null} language={web.language} />
            <CsrfField token={web.csrfToken} />
            <div class="form-grid">
              <InputField
                form="invite"
                name="email"
                type="email"
                label={t.inviteEmail}
                required
                autocomplete="off"
                value={state.invite?.email}
                errors={state.invite?.errors}
              />
              <SelectField
                form="invite"
                name="role"
                label={t.inviteRole}
                required
                options={roleOptions}
                value={state.invite?.role ?? 'officer'}
                errors={state.invite?.errors}
              />
            </div>
            <ul class="muted" id="role-descriptions">
              {ROLES.map((role) => (
                <li>
                  <strong>{c.roles[role]}</strong>: {a.roleDescriptions[role]}
                </li>
              ))}
            </ul>
            <div class="actions">
              <button type="submit" class="primary">
                {t.invite}
              </button>
            </div>
          </form>
        </section>
      </div>
    </div>
  );
}
