import type { ComponentChildren } from 'preact';
import { COMMON_TEXT } from '../../i18n/common';
import { Badge, BadgeTone, SuccessNotice, Table } from '../../views/components';
import { CsrfField, ErrorSummary, InputField, SelectField } from '../../views/form';
import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { RefusalNotice } from '../refusal-notice';
import type { YearAction, YearActionFailure } from './years-pages.service';
import { YEARS_TEXT, YearsText } from './years.text';
import { YearRow, YearState, YearsView } from './years-view';

const TONES: Record<YearState, BadgeTone> = { open: 'neutral', finalized: 'good', reopened: 'warn' };

/** A year's action: a form that asks before it posts, with the refusal or the problems of the last try. */
function YearForm(props: {
  web: WebContext;
  year: number;
  action: YearAction;
  failure: YearActionFailure | null;
  confirm: string;
  children: ComponentChildren;
}) {
  const { web, failure } = props;
  return (
    <form
      class="form"
      method="post"
      action={`/app/years/${props.year}/${props.action}`}
      data-confirm={props.confirm}
    >
      <RefusalNotice
        refusal={failure?.refusal ?? null}
        language={web.language}
        id={`refused-${props.year}`}
      />
      <ErrorSummary errors={failure?.errors ?? null} language={web.language} />
      <CsrfField token={web.csrfToken} />
      {props.children}
    </form>
  );
}

function FinalizeForm(props: {
  web: WebContext;
  row: YearRow;
  failure: YearActionFailure | null;
  t: YearsText;
}) {
  const { web, row, failure, t } = props;
  if (row.readyReports.length === 0)
    return (
      <p class="muted">
        {t.noReport} <a href="/app/reports">{t.makeReport}</a>
      </p>
    );
  return (
    <YearForm
      web={web}
      year={row.year}
      action="finalize"
      failure={failure}
      confirm={t.finalizeConfirm(row.year)}
    >
      <SelectField
        form={`finalize-${row.year}`}
        name="reportId"
        label={t.report}
        value={failure?.reportId ?? row.readyReports[0].id}
        errors={failure?.errors}
        options={row.readyReports.map((r) => ({
          value: r.id,
          label: t.reportOption(t.languages[r.language] ?? r.language, r.finishedAt, r.id.slice(0, 8)),
        }))}
        required
      />
      <div class="actions">
        <button type="submit" class="primary">
          {t.finalize(row.year)}
        </button>
      </div>
    </YearForm>
  );
}

function ReopenForm(props: {
  web: WebContext;
  row: YearRow;
  failure: YearActionFailure | null;
  t: YearsText;
}) {
  const { web, row, failure, t } = props;
  return (
    <YearForm web={web} year={row.year} action="reopen" failure={failure} confirm={t.reopenConfirm(row.year)}>
      <InputField
        form={`reopen-${row.year}`}
        name="reason"
        label={t.reopenReason}
        value={failure?.reason}
        errors={failure?.errors}
        required
      />
      <div class="actions">
        <button type="submit" class="danger">
          {t.reopen(row.year)}
        </button>
      </div>
    </YearForm>
  );
}

export function YearsPage(props: {
  web: WebContext;
  view: YearsView;
  failure: YearActionFailure | null;
  notice: string | null;
}) {
  const { web, view } = props;
  const t = YEARS_TEXT[web.language];
  const c = COMMON_TEXT[web.language];
  const admin = web.organization?.role === 'admin';
  return (
    <Layout web={web} title={t.title}>
      {props.notice && <SuccessNotice id="notice">{props.notice}</SuccessNotice>}
      <p class="muted">{t.intro}</p>
      {!admin && <p class="muted">{t.adminsOnly}</p>}
      <Table
        id="years"
        caption={t.title}
        head={admin ? [t.year, t.state, c.table.actions] : [t.year, t.state]}
      >
        {view.years.map((row) => {
          const failure = props.failure?.year === row.year ? props.failure : null;
          return (
            <tr id={`year-${row.year}`} data-state={row.state}>
              <th scope="row">
                {String(row.year)}
                {row.current && <span class="muted"> ({t.current})</span>}
              </th>
              <td>
                <Badge tone={TONES[row.state]}>{t.states[row.state]}</Badge>
                {row.finalizedAt && row.state === 'finalized' && (
                  <div class="muted">{t.finalizedAt(row.finalizedAt)}</div>
                )}
                {row.reopenedAt && row.state === 'reopened' && (
                  <div class="muted">
                    {t.reopenedAt(row.reopenedAt)}
                    {row.reopenReason && ` · ${t.reason}: ${row.reopenReason}`}
                  </div>
                )}
              </td>
              {admin && (
                <td>
                  {row.state === 'finalized' ? (
                    <ReopenForm web={web} row={row} failure={failure} t={t} />
                  ) : (
                    <FinalizeForm web={web} row={row} failure={failure} t={t} />
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </Table>
    </Layout>
  );
}
