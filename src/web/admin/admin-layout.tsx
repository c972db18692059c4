import type { Response } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import { respond } from '../respond';
import { CsrfField, ErrorSummary, FieldErrors } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { ADMIN_TEXT, AdminText } from './admin.text';

export type AdminSection = 'home' | 'members' | 'api-keys' | 'organization';

type Section = Exclude<AdminSection, 'home'>;

/** The sections of the administration, in the order of its navigation; each page is titled by its label. */
export const ADMIN_SECTIONS: {
  section: Section;
  href: string;
  label: (t: AdminText) => string;
}[] = [
  { section: 'members', href: '/app/admin/members', label: (t) => t.hub.members },
  { section: 'api-keys', href: '/app/admin/api-keys', label: (t) => t.hub.apiKeys },
  { section: 'organization', href: '/app/admin/organization', label: (t) => t.hub.settings },
];

/** A page of the administration: the layout with the sections' own navigation under the title. */
export function AdminLayout(props: {
  web: WebContext;
  title: string;
  section: AdminSection;
  children: ComponentChildren;
}) {
  const t = ADMIN_TEXT[props.web.language];
  return (
    <Layout web={props.web} title={props.title}>
      <nav class="toolbar" aria-label={t.sections}>
        {props.section === 'home' ? (
          <a href="/app/admin" aria-current="page">
            <strong>{t.title}</strong>
          </a>
        ) : (
          <a href="/app/admin">{t.title}</a>
        )}
        {ADMIN_SECTIONS.map((s) =>
          s.section === props.section ? (
            <a href={s.href} aria-current="page">
              <strong>{s.label(t)}</strong>
            </a>
          ) : (
            <a href={s.href}>{s.label(t)}</a>
          ),
        )}
      </nav>
      {props.children}
    </Layout>
  );
}

/**
 * Answers with a page of the administration: its content under the layout, titled by its section, or for
 * htmx the content alone (what the page's forms swap).
 */
export function respondAdmin(
  res: Response,
  web: WebContext,
  section: Section,
  content: () => VNode,
  status = 200,
): void {
  const title = ADMIN_SECTIONS.find((s) => s.section === section)!.label(ADMIN_TEXT[web.language]);
  const page = () => (
    <AdminLayout web={web} title={title} section={section}>
      {content()}
    </AdminLayout>
  );
  respond(res, web, page, { status, fragment: content });
}

/** A form of a page: posted, by htmx too (its answer replaces the element `target`), its problems on top. */
export function AdminForm(props: {
  web: WebContext;
  action: string;
  target: string;
  errors: FieldErrors | null;
  children: ComponentChildren;
}) {
  return (
    <form
      class="form"
      method="post"
      action={props.action}
      hx-post={props.action}
      hx-target={`#${props.target}`}
      hx-swap="outerHTML"
      novalidate
    >
      <ErrorSummary errors={props.errors} language={props.web.language} />
      <CsrfField token={props.web.csrfToken} />
      {props.children}
    </form>
  );
}

/** The refusal of an action that has no field of its own: its general message, else its first. */
export const firstMessage = (errors: FieldErrors): string => errors[''] ?? Object.values(errors)[0] ?? '';

/** What an action did, said once after it (the page it redirected to). */
export function DoneNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p class="notice success" role="status">
      {message}
    </p>
  );
}

/** A value shown once (an invitation token, an API key): selectable, in a read-only field with its label. */
export function OnceSecret(props: { id: string; label: string; value: string; note: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        readOnly
        value={props.value}
        class="mono"
        autocomplete="off"
        aria-describedby={`${props.id}-note`}
      />
      <p class="hint" id={`${props.id}-note`}>
        <strong>{props.note}</strong>
      </p>
    </div>
  );
}
