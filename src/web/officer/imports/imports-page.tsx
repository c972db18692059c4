import type { ComponentChildren } from 'preact';
import { Fact, groupDigits, SuccessNotice, Table } from '../../views/components';
import { CsrfField, ErrorSummary, FieldErrors, InputField, SelectField } from '../../views/form';
import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { CODE_TEXT, codeInWords } from '../codes.text';
import { RefusalNotice } from '../refusal-notice';
import type { UploadKind } from './import-uploads';
import { CheckReport, ImportPanel, ProblemRow, ReadingsOptionsForm } from './import-view';
import { IMPORTS_TEXT } from './imports.text';

const sectionId = (kind: UploadKind) => `${kind}-import`;

function ProblemTable(props: { problems: ProblemRow[]; web: WebContext; id: string }) {
  const t = IMPORTS_TEXT[props.web.language];
  const codes = CODE_TEXT[props.web.language];
  if (props.problems.length === 0) return null;
  return (
    <Table id={props.id} caption={t.refusedTitle} head={[t.line, t.column, t.problem]}>
      {props.problems.map((p) => {
        const words = codeInWords(codes, p.code);
        return (
          <tr data-line={p.line === null ? '' : String(p.line)} data-code={p.code}>
            <th scope="row">{p.line === null ? '—' : String(p.line)}</th>
            <td>{p.column || '—'}</td>
            <td>
              {words && <strong>{words} </strong>}
              {p.message}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

function Count(props: { id: string; label: string; value: number }) {
  return (
    <Fact label={props.label}>
      <span class="value" id={props.id} data-value={String(props.value)}>
        {groupDigits(String(props.value))}
      </span>
    </Fact>
  );
}

function Report(props: { web: WebContext; report: CheckReport }) {
  const { web, report } = props;
  const t = IMPORTS_TEXT[web.language];
  const k = report.kind;
  return (
    <div class="report" id={`${k}-report`}>
      <h3>{t.report}</h3>
      <p class="muted">
        {t.fileLine(report.file.filename, groupDigits(String(report.file.bytes)))} · {t.sha256}{' '}
        <code>{report.file.sha256}</code>
      </p>
      <dl class="figures">
        {report.rows !== null && <Count id={`${k}-rows`} label={t.rows} value={report.rows} />}
        <Count
          id={`${k}-to-import`}
          label={k === 'certificates' ? t.wouldCreate : t.accepted}
          value={report.toImport}
        />
        {report.duplicates !== null && (
          <Count id={`${k}-duplicates`} label={t.duplicates} value={report.duplicates} />
        )}
        {report.corrected !== null && (
          <Count id={`${k}-corrected`} label={t.corrected} value={report.corrected} />
        )}
        <Count id={`${k}-refused`} label={t.refused} value={report.refused} />
      </dl>
      <p>
        <strong>{t.nothingWritten}</strong>
      </p>
      {report.problems.length > 0 && (
        <>
          <h4>{t.refusedTitle}</h4>
          {report.problemTotal > report.problems.length && (
            <p class="muted">{t.listedOf(report.problems.length, report.problemTotal)}</p>
          )}
          <ProblemTable problems={report.problems} web={web} id={`${k}-problems`} />
          <p class="notice error" role="alert">
            {t.fixAndRetry}
          </p>
        </>
      )}
      {report.uploadId ? (
        <form
          class="actions"
          method="post"
          action={`/app/imports/${k}/commit`}
          hx-post={`/app/imports/${k}/commit`}
          hx-target={`#${sectionId(k)}`}
          hx-swap="outerHTML"
          hx-confirm={t.commitConfirm}
        >
          <CsrfField token={web.csrfToken} />
          <input type="hidden" name="uploadId" value={report.uploadId} />
          <p class="notice success">{t.ready}</p>
          <button type="submit" class="primary">
            {t.commit}
          </button>
        </form>
      ) : (
        report.problems.length === 0 && <p class="muted">{t.nothingNew}</p>
      )}
    </div>
  );
}

function PanelBody(props: { web: WebContext; panel: ImportPanel; kind: UploadKind }) {
  const { web, panel } = props;
  const t = IMPORTS_TEXT[web.language];
  switch (panel.state) {
    case 'idle':
      return null;
    case 'expired':
      return (
        <div class="notice error" role="alert" id={`${props.kind}-expired`}>
          <p>{t.expired}</p>
        </div>
      );
    case 'refused':
      return (
        <>
          <RefusalNotice refusal={panel.refusal} language={web.language} id={`${props.kind}-refusal`} />
          <ProblemTable problems={panel.problems} web={web} id={`${props.kind}-problems`} />
          <p>
            <strong>{t.nothingWritten}</strong>
          </p>
        </>
      );
    case 'checked':
      return <Report web={web} report={panel.report} />;
  }
}

/** An import: its upload form (`children`: the options of the file), and what the last check or commit said. */
function ImportSection(props: {
  web: WebContext;
  kind: UploadKind;
  title: string;
  hint: string;
  panel: ImportPanel;
  errors?: FieldErrors | null;
  children?: ComponentChildren;
}) {
  const { web, kind } = props;
  const t = IMPORTS_TEXT[web.language];
  const check = `/app/imports/${kind}/check`;
  return (
    <section class="card wide" id={sectionId(kind)} aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{props.title}</h2>
      <p class="muted">{props.hint}</p>
      <form
        class="form"
        method="post"
        action={check}
        enctype="multipart/form-data"
        hx-post={check}
        hx-encoding="multipart/form-data"
        hx-target={`#${sectionId(kind)}`}
        hx-swap="outerHTML"
      >
        <ErrorSummary errors={props.errors ?? null} language={web.language} />
        <CsrfField token={web.csrfToken} />
        <div class="field">
          <label for={`${kind}-file`}>
            {t.file}
            <span aria-hidden="true"> *</span>
          </label>
          <input id={`${kind}-file`} type="file" name="file" accept=".csv,text/csv,text/plain" required />
        </div>
        {props.children}
        <div class="actions">
          <button type="submit">{t.check}</button>
          <span class="spinner muted">{t.checking}</span>
        </div>
      </form>
      <div aria-live="polite">
        <PanelBody web={web} panel={props.panel} kind={kind} />
      </div>
    </section>
  );
}

/** The certificates import: a registry export, all or nothing. */
export function CertificatesSection(props: { web: WebContext; panel: ImportPanel }) {
  const t = IMPORTS_TEXT[props.web.language];
  return (
    <ImportSection
      web={props.web}
      kind="certificates"
      title={t.certificates}
      hint={t.certificatesHint}
      panel={props.panel}
    />
  );
}

/** The readings import, with the API's CSV options. */
export function ReadingsSection(props: { web: WebContext; panel: ImportPanel; form: ReadingsOptionsForm }) {
  const { web, form } = props;
  const t = IMPORTS_TEXT[web.language];
  return (
    <ImportSection
      web={web}
      kind="readings"
      title={t.readings}
      hint={t.readingsHint}
      panel={props.panel}
      errors={form.errors}
    >
      <div class="form-grid">
        <InputField
          form="readings"
          name="timeZone"
          label={t.timeZone}
          hint={t.timeZoneHint}
          value={form.timeZone}
          errors={form.errors}
        />
        <SelectField
          form="readings"
          name="timestampConvention"
          label={t.timestampConvention}
          value={form.timestampConvention}
          errors={form.errors}
          options={(['start', 'end'] as const).map((v) => ({ value: v, label: t.conventions[v] }))}
        />
        <SelectField
          form="readings"
          name="mode"
          label={t.mode}
          value={form.mode}
          errors={form.errors}
          options={(['insert', 'upsert'] as const).map((v) => ({ value: v, label: t.modes[v] }))}
        />
        <SelectField
          form="readings"
          name="ambiguous"
          label={t.ambiguous}
          value={form.ambiguous}
          errors={form.errors}
          options={(['order', 'reject'] as const).map((v) => ({ value: v, label: t.ambiguities[v] }))}
        />
        <SelectField
          form="readings"
          name="unit"
          label={t.unit}
          value={form.unit}
          errors={form.errors}
          blank={t.meterUnit}
          options={(['Wh', 'kWh', 'MWh'] as const).map((v) => ({ value: v, label: v }))}
        />
        <InputField form="readings" name="meter" label={t.meter} value={form.meter} errors={form.errors} />
      </div>
    </ImportSection>
  );
}

export function ImportsPage(props: {
  web: WebContext;
  notice: { text: string; href: string; link: string } | null;
  certificates: ImportPanel;
  readings: ImportPanel;
  readingsForm: ReadingsOptionsForm;
}) {
  const { web } = props;
  const t = IMPORTS_TEXT[web.language];
  return (
    <Layout web={web} title={t.title}>
      {props.notice && (
        <SuccessNotice id="notice">
          {props.notice.text} <a href={props.notice.href}>{props.notice.link}</a>
        </SuccessNotice>
      )}
      <p class="muted">{t.intro}</p>
      <div class="grid">
        <CertificatesSection web={web} panel={props.certificates} />
        <ReadingsSection web={web} panel={props.readings} form={props.readingsForm} />
      </div>
    </Layout>
  );
}
