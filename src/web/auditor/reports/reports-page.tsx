import { REPORT_LANGUAGES } from '../../../reports/model/report-model';
import { COMMON_TEXT } from '../../i18n/common';
import { Language } from '../../i18n/language';
import { Badge, BadgeTone, Fact, groupDigits, Pager, Table } from '../../views/components';
import {
  CsrfField,
  ErrorSummary,
  FieldErrors,
  fieldOf,
  FormFields,
  InputField,
  SelectField,
} from '../../views/form';
import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { REPORTS_TEXT, ReportsText } from './reports.text';
import {
  ReportDetailView,
  ReportListView,
  reportPath,
  ReportRow,
  ReportState,
  Requester,
} from './reports-view';

const TONES: Record<ReportState, BadgeTone> = {
  queued: 'neutral',
  running: 'neutral',
  ready: 'good',
  failed: 'bad',
  interrupted: 'warn',
};

/** Admins and officers request reports (the API's WRITE_ROLES); the others only read them. */
export const canCreateReports = (web: WebContext) =>
  web.organization?.role === 'admin' || web.organization?.role === 'officer';

const languageName = (language: Language, report: string) =>
  COMMON_TEXT[language].languageNames[report as Language] ?? report;

function StateBadge({ row, t }: { row: ReportRow; t: ReportsText }) {
  return (
    <Badge tone={TONES[row.state]}>
      <span data-state={row.state}>{t.states[row.state]}</span>
    </Badge>
  );
}

function Person({ who, t }: { who: Requester; t: ReportsText }) {
  if (who.kind === 'you') return <>{t.you}</>;
  if (who.kind === 'member') return <>{who.name}</>;
  return <span class="muted">{t.unknownPerson}</span>;
}

/** The download links of a ready report (page routes that stream the API's stored bytes). */
function DownloadLinks({ row, language }: { row: ReportRow; language: Language }) {
  const t = REPORTS_TEXT[language];
  const { id, year } = row.report;
  const of = `${year} ${languageName(language, row.report.language)}`;
  if (row.state !== 'ready') return <span class="muted">—</span>;
  return (
    <span class="actions">
      <a href={reportPath(id, 'pdf')}>
        PDF
        <span class="visually-hidden">{` – ${t.downloads.download(t.downloads.pdf)} (${of})`}</span>
      </a>
      <a href={reportPath(id, 'xlsx')}>
        XLSX
        <span class="visually-hidden">{` – ${t.downloads.download(t.downloads.xlsx)} (${of})`}</span>
      </a>
      <a href={reportPath(id, 'zip')}>
        ZIP
        <span class="visually-hidden">{` – ${t.downloads.download(t.downloads.zip)} (${of})`}</span>
      </a>
    </span>
  );
}

/**
 * The list of reports; while one is queued or running it asks for itself again every 2 seconds (htmx),
 * and stops once the answer has nothing left to wait for.
 */
export function ReportList({ web, view }: { web: WebContext; view: ReportListView }) {
  const t = REPORTS_TEXT[web.language];
  const self = `/app/reports${view.offset > 0 ? `?offset=${view.offset}` : ''}`;
  const polling = view.pending ? { 'hx-get': self, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' } : {};
  return (
    <section
      id="report-list"
      aria-labelledby="report-list-title"
      data-pending={String(view.pending)}
      {...polling}
    >
      <h2 id="report-list-title">{t.listTitle}</h2>
      {view.rows.length === 0 ? (
        <p class="muted">{view.total === 0 ? t.empty : t.emptyPage}</p>
      ) : (
        <Table
          id="reports"
          caption={t.listTitle}
          head={[t.year, t.language, t.status, t.createdAt, t.createdBy, t.modelHash, t.downloads.title]}
        >
          {view.rows.map((row) => (
            <tr data-report-id={row.report.id}>
              <th scope="row">
                <a href={reportPath(row.report.id)}>
                  {String(row.report.year)}
                  <span class="visually-hidden">
                    {` – ${t.openReport(row.report.year, languageName(web.language, row.report.language))}`}
                  </span>
                </a>
              </th>
              <td>{languageName(web.language, row.report.language)}</td>
              <td>
                <StateBadge row={row} t={t} />
                {row.report.reportStatus && (
                  <div class="muted">
                    {t.reportStatuses[row.report.reportStatus] ?? row.report.reportStatus}
                  </div>
                )}
              </td>
              <td>{row.requestedAt}</td>
              <td>
                <Person who={row.requestedBy} t={t} />
              </td>
              <td>
                {row.report.modelHash ? (
                  <code title={row.report.modelHash}>{row.report.modelHash.slice(0, 12)}…</code>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>
                <DownloadLinks row={row} language={web.language} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <p class="muted">
        {t.timeZone(view.timeZone)}
        {view.pending && <span role="status"> {t.pending}</span>}
      </p>
      <Pager
        language={web.language}
        label={t.listTitle}
        total={view.total}
        offset={view.offset}
        limit={view.limit}
        href={(offset) => `/app/reports?offset=${offset}`}
      />
    </section>
  );
}

/** The create form (admins and officers): year and language, posted as the API's CreateReportDto. */
export function CreateReportForm(props: {
  web: WebContext;
  view: ReportListView;
  values?: FormFields;
  errors?: FieldErrors | null;
}) {
  const { web, view } = props;
  const t = REPORTS_TEXT[web.language];
  const values = props.values ?? {};
  const errors = props.errors ?? null;
  return (
    <form
      id="create-report"
      class="form narrow"
      method="post"
      action="/app/reports"
      hx-post="/app/reports"
      hx-target="this"
      hx-swap="outerHTML"
      aria-labelledby="create-report-title"
    >
      <h2 id="create-report-title">{t.create.title}</h2>
      <CsrfField token={web.csrfToken} />
      <input type="hidden" name="idempotencyKey" value={view.formKey} />
      <ErrorSummary errors={errors} language={web.language} />
      <InputField
        name="year"
        label={t.create.year}
        type="number"
        inputMode="numeric"
        required
        value={fieldOf(values, 'year') || String(view.currentYear)}
        errors={errors}
      />
      <SelectField
        name="language"
        label={t.create.language}
        required
        value={fieldOf(values, 'language') || web.language}
        options={REPORT_LANGUAGES.map((l) => ({ value: l, label: languageName(web.language, l) }))}
        errors={errors}
      />
      <p class="hint muted">{t.create.hint}</p>
      <div class="actions">
        <button type="submit" class="primary">
          {t.create.submit}
        </button>
      </div>
    </form>
  );
}

export function ReportsPage(props: {
  web: WebContext;
  view: ReportListView;
  created?: boolean;
  values?: FormFields;
  errors?: FieldErrors | null;
}) {
  const { web, view } = props;
  const t = REPORTS_TEXT[web.language];
  return (
    <Layout web={web} title={t.title}>
      <p class="muted">{t.intro}</p>
      <div class="grid">
        {props.created && (
          <div class="card wide notice success" role="status" id="created-notice">
            <p>{t.create.created}</p>
          </div>
        )}
        <div class="card wide">
          <ReportList web={web} view={view} />
        </div>
        <div class="card">
          {canCreateReports(web) ? (
            <CreateReportForm web={web} view={view} values={props.values} errors={props.errors} />
          ) : (
            <>
              <h2>{t.create.title}</h2>
              <p class="muted">{t.create.notAllowed}</p>
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}

/** The answer of the API's verify, in words: matches, or which figures differ and how. */
export function Verification({ web, view }: { web: WebContext; view: ReportDetailView }) {
  const t = REPORTS_TEXT[web.language].verify;
  const v = view.verification;
  return (
    <div id="verification" aria-live="polite">
      {v && (
        <div class={`notice ${v.matches ? 'success' : 'error'}`} data-matches={String(v.matches)}>
          <p>
            <Badge tone={v.matches ? 'good' : 'bad'}>{v.matches ? '✓' : '✗'}</Badge>{' '}
            <strong>{v.matches ? t.matches : t.differs(v.differenceCount)}</strong>
          </p>
          <dl class="figures">
            <div class="figure">
              <dt>{t.storedHash}</dt>
              <dd>
                <code>{v.storedModelHash}</code>
              </dd>
            </div>
            <div class="figure">
              <dt>{t.currentHash}</dt>
              <dd>
                <code>{v.currentModelHash}</code>
              </dd>
            </div>
            <div class="figure">
              <dt>{t.asOf}</dt>
              <dd>{v.asOfLocal}</dd>
            </div>
          </dl>
          {v.differences.length > 0 && (
            <>
              {v.differences.length < v.differenceCount && (
                <p>{t.shownOf(v.differences.length, v.differenceCount)}</p>
              )}
              <Table id="differences" caption={t.differs(v.differenceCount)} head={[t.path, t.stored, t.now]}>
                {v.differences.map((d) => (
                  <tr>
                    <th scope="row">
                      <code>{d.path}</code>
                    </th>
                    <td class="num">{d.stored === null ? t.none : groupDigits(d.stored)}</td>
                    <td class="num">{d.now === null ? t.none : groupDigits(d.now)}</td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** One report: its facts, its files with their SHA-256, and the check against today's data. */
export function ReportPage({ web, view }: { web: WebContext; view: ReportDetailView }) {
  const t = REPORTS_TEXT[web.language];
  const { row } = view;
  const r = row.report;
  const files = r.files;
  const fileRows: { key: 'pdf' | 'xlsx' | 'model'; label: string }[] = [
    { key: 'pdf', label: t.downloads.pdf },
    { key: 'xlsx', label: t.downloads.xlsx },
    { key: 'model', label: t.downloads.model },
  ];
  return (
    <Layout web={web} title={t.detail.title(r.year, languageName(web.language, r.language))}>
      <p>
        <a href="/app/reports">{t.detail.back}</a>
      </p>
      <section class="headline" aria-labelledby="report-facts">
        <h2 id="report-facts" class="visually-hidden">
          {t.status}
        </h2>
        <div class="badges">
          <StateBadge row={row} t={t} />
          {r.reportStatus && (
            <Badge tone="neutral">{t.reportStatuses[r.reportStatus] ?? r.reportStatus}</Badge>
          )}
        </div>
        <dl class="figures">
          <Fact label={t.detail.id}>
            <code>{r.id}</code>
          </Fact>
          <Fact label={t.detail.requestedAt}>{row.requestedAt}</Fact>
          <Fact label={t.createdBy}>
            <Person who={row.requestedBy} t={t} />
          </Fact>
          {row.startedAt && <Fact label={t.detail.startedAt}>{row.startedAt}</Fact>}
          {row.finishedAt && <Fact label={t.detail.finishedAt}>{row.finishedAt}</Fact>}
          {row.asOf && <Fact label={t.detail.asOf}>{row.asOf}</Fact>}
          {r.rulesetId && <Fact label={t.detail.ruleset}>{r.rulesetId}</Fact>}
          {r.factorSetId && (
            <Fact label={t.detail.factorSet}>
              <code>{r.factorSetId}</code>
            </Fact>
          )}
          {r.restatesReportId && (
            <Fact label={t.detail.restates}>
              <a href={reportPath(r.restatesReportId)}>
                <code>{r.restatesReportId}</code>
              </a>
            </Fact>
          )}
          <Fact label={t.modelHash} id="model-hash">
            {r.modelHash ? <code>{r.modelHash}</code> : <span class="muted">—</span>}
          </Fact>
        </dl>
        <p class="muted">{t.timeZone(view.timeZone)}</p>
        {r.failure && (
          <div class="notice error" id="failure">
            <p>
              <strong>{t.detail.failure}</strong>: {r.failure.message}
            </p>
          </div>
        )}
      </section>

      <div class="grid">
        <section class="card wide" aria-labelledby="files-title">
          <h2 id="files-title">{t.downloads.title}</h2>
          {files === null ? (
            <p class="muted">{t.downloads.none}</p>
          ) : (
            <>
              <Table
                id="files"
                caption={t.downloads.title}
                head={[t.downloads.file, t.downloads.bytes, t.downloads.sha256]}
              >
                {fileRows.map(({ key, label }) => (
                  <tr data-file={key}>
                    <th scope="row">
                      <a href={reportPath(r.id, key)}>{t.downloads.download(label)}</a>
                    </th>
                    <td class="num">
                      {files[key].bytes == null ? '—' : groupDigits(String(files[key].bytes))}
                    </td>
                    <td>
                      <code>{files[key].sha256}</code>
                    </td>
                  </tr>
                ))}
                <tr data-file="zip">
                  <th scope="row">
                    <a href={reportPath(r.id, 'zip')}>{t.downloads.download(t.downloads.zip)}</a>
                  </th>
                  <td class="num">—</td>
                  <td>—</td>
                </tr>
              </Table>
              <p class="muted">{t.downloads.zipNote}</p>
            </>
          )}
        </section>

        {row.state === 'ready' && (
          <section class="card wide" aria-labelledby="verify-title">
            <h2 id="verify-title">{t.verify.title}</h2>
            <p class="muted">{t.verify.intro}</p>
            <form
              method="get"
              action={`${reportPath(r.id)}/verify`}
              hx-get={`${reportPath(r.id)}/verify`}
              hx-target="#verification"
              hx-swap="outerHTML"
              class="actions"
            >
              <button type="submit" class="primary">
                {t.verify.submit}
              </button>
              <span class="spinner" aria-hidden="true">
                …
              </span>
            </form>
            <Verification web={web} view={view} />
          </section>
        )}
      </div>
    </Layout>
  );
}
