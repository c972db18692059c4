import { ROLES } from '../../auth/principal';
import { COMMON_TEXT } from '../i18n/common';
import { ConfirmButton, Table } from '../views/components';
import { CsrfField, InputField, SelectField } from '../views/form';
import { WebContext } from '../web-context';
import { formatInstant, isoOf } from './admin-format';
import { AdminForm, DoneNotice, firstMessage, OnceSecret } from './admin-layout';
import { ADMIN_TEXT } from './admin.text';
import { MembersState, MembersView } from './members-view';

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

/** The members page under its title: what htmx swaps after a form of the page. */
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
          <Table
            id="members"
            caption={t.membersHeading}
            head={[t.name, t.email, t.role, t.since, c.table.actions]}
          >
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
                    <ConfirmButton
                      action={`/app/admin/members/${m.userId}/remove`}
                      confirm={t.removeConfirm(m.displayName)}
                      csrfToken={web.csrfToken}
                      label={t.removeOf(m.displayName)}
                    >
                      {t.remove}
                    </ConfirmButton>
                  </td>
                </tr>
              );
            })}
          </Table>
        </section>

        <section class="card wide" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t.invitationsHeading}</h2>
          {view.invitations.length === 0 ? (
            <p class="muted">{t.noInvitations}</p>
          ) : (
            <Table
              id="invitations"
              caption={t.invitationsHeading}
              head={[t.email, t.role, t.invited, t.expires, c.table.actions]}
            >
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
                    <ConfirmButton
                      action={`/app/admin/invitations/${i.id}/revoke`}
                      confirm={t.revokeConfirm(i.email)}
                      csrfToken={web.csrfToken}
                      label={t.revokeOf(i.email)}
                    >
                      {t.revoke}
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </section>

        <section class="card wide" aria-labelledby="invite-title">
          <h2 id="invite-title">{t.inviteHeading}</h2>
          <p class="muted">{t.inviteIntro}</p>
          <AdminForm
            web={web}
            action="/app/admin/invitations"
            target="members-content"
            errors={state.invite?.errors ?? null}
          >
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
          </AdminForm>
        </section>
      </div>
    </div>
  );
}
