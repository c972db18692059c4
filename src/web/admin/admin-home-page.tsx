import { WebContext } from '../web-context';
import { AdminLayout, ADMIN_SECTIONS } from './admin-layout';
import { ADMIN_TEXT, AdminText } from './admin.text';

const DESCRIPTIONS: Record<(typeof ADMIN_SECTIONS)[number]['section'], (t: AdminText) => string> = {
  members: (t) => t.hub.membersText,
  'api-keys': (t) => t.hub.apiKeysText,
  organization: (t) => t.hub.settingsText,
};

/** Where the administration starts: its three sections, each said in a line. */
export function AdminHomePage({ web }: { web: WebContext }) {
  const t = ADMIN_TEXT[web.language];
  return (
    <AdminLayout web={web} title={t.title} section="home">
      <p class="muted">{t.intro}</p>
      <div class="grid">
        {ADMIN_SECTIONS.map((s) => (
          <section class="card" aria-labelledby={`${s.section}-title`}>
            <h2 id={`${s.section}-title`}>
              <a href={s.href}>{s.label(t)}</a>
            </h2>
            <p>{DESCRIPTIONS[s.section](t)}</p>
          </section>
        ))}
      </div>
    </AdminLayout>
  );
}
