import { AUDIT_ACTIONS } from '../../../audit/audit-actions';
import { Badge, Fact, Pager, Table } from '../../views/components';
import { ErrorSummary, InputField, SelectField } from '../../views/form';
import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { AUDIT_TEXT, AuditText } from './audit.text';
import { AuditView, auditHref, Changes, ChainView, EntryRow, ShownValue, VerifyForm } from './audit-view';

const Value = ({ value, t }: { value: ShownValue | null; t: AuditText }) =>
  value === null ? (
    <span class="muted">{t.list.empty}</span>
  ) : (
    <>
      <span class="mono">{value.text}</span>
      {value.cutFrom !== null && <span class="muted">{t.list.longValue(value.cutFrom)}</span>}
    </>
  );

/** An entry's recorded state, readable: a table of fields in a disclosure (entries can be large). */
function ChangesCell({ changes, t, seq }: { changes: Changes; t: AuditText; seq: string }) {
  if (changes.kind === 'none') return <span class="muted">{t.list.noChanges}</span>;
  const label = {
    created: t.list.created,
    removed: t.list.removed,
    changed: t.list.changed,
  }[changes.kind];
  const both = changes.kind === 'changed';
  return (
    <details>
      <summary>
        {label}: {t.list.fieldsChanged(changes.rows.length)}
      </summary>
      <table class="changes">
        <caption class="visually-hidden">{`${label} (${seq})`}</caption>
        <thead>
          <tr>
            <th scope="col">{t.list.field}</th>
            {(both || changes.kind === 'removed') && <th scope="col">{t.list.before}</th>}
            {(both || changes.kind === 'created') && <th scope="col">{t.list.after}</th>}
          </tr>
        </thead>
        <tbody>
          {changes.rows.map((row) => (
            <tr>
              <th scope="row">
                <code>{row.field}</code>
              </th>
              {(both || changes.kind === 'removed') && (
                <td>
                  <Value value={row.before} t={t} />
                </td>
              )}
              {(both || changes.kind === 'created') && (
                <td>
                  <Value value={row.after} t={t} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function EntryTableRow({ row, view, t }: { row: EntryRow; view: AuditView; t: AuditText }) {
  const entityName = t.entityTypes[row.entityType] ?? row.entityType;
  return (
    <tr data-seq={row.seq}>
      <th scope="row">{row.seq}</th>
      <td>{row.time}</td>
      <td>
        <div>{row.actorLabel}</div>
        <div class="muted">
          {t.actorTypes[row.actorType] ?? row.actorType}
          {row.actorId && (
            <>
              {' · '}
              <a href={auditHref(view.filters, { actorId: row.actorId, offset: 0 })}>{t.list.entriesBy}</a>
            </>
          )}
        </div>
      </td>
      <td data-action={row.action}>{t.actions[row.action as keyof AuditText['actions']] ?? row.action}</td>
      <td>
        <div>
          {row.entityType === 'report' ? (
            <a href={`/app/reports/${row.entityId}`}>{entityName}</a>
          ) : (
            entityName
          )}
        </div>
        <code>{row.entityId}</code>
        <div>
          <a
            href={auditHref(view.filters, {
              entityType: row.entityType,
              entityId: row.entityId,
              offset: 0,
            })}
          >
            {t.list.historyOf}
          </a>
        </div>
      </td>
      <td>
        <ChangesCell changes={row.changes} t={t} seq={row.seq} />
        {row.requestId && (
          <div class="muted">
            {t.list.request}: <code>{row.requestId}</code>
          </div>
        )}
      </td>
    </tr>
  );
}

function Filters({ web, view }: { web: WebContext; view: AuditView }) {
  const t = AUDIT_TEXT[web.language];
  const f = view.filters;
  const types = Object.keys(t.entityTypes);
  if (f.entityType && !types.includes(f.entityType)) types.push(f.entityType);
  return (
    <form class="filters" method="get" action="/app/audit" aria-labelledby="filters-title">
      <h2 id="filters-title" class="visually-hidden">
        {t.filters.title}
      </h2>
      <SelectField
        name="action"
        label={t.filters.action}
        value={f.action}
        blank={t.filters.any}
        options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t.actions[a] }))}
        errors={view.errors}
      />
      <SelectField
        name="entityType"
        label={t.filters.entityType}
        value={f.entityType}
        blank={t.filters.any}
        options={types.map((type) => ({ value: type, label: t.entityTypes[type] ?? type }))}
        errors={view.errors}
      />
      <InputField name="entityId" label={t.filters.entityId} value={f.entityId} errors={view.errors} />
      <SelectField
        name="actorId"
        label={t.filters.actor}
        value={f.actorId}
        blank={t.filters.any}
        options={view.actors.map((a) => ({ value: a.id, label: a.label }))}
        errors={view.errors}
      />
      <InputField name="from" label={t.filters.from} type="date" value={f.from} errors={view.errors} />
      <InputField name="to" label={t.filters.to} type="date" value={f.to} errors={view.errors} />
      <div class="actions">
        <button type="submit" class="primary">
          {t.filters.apply}
        </button>
        <a href="/app/audit">{t.filters.clear}</a>
      </div>
    </form>
  );
}

/** The verify form and, once asked, the API's answer in words: what was checked, or where it breaks. */
export function ChainCheck(props: { web: WebContext; form: VerifyForm; chain: ChainView | null }) {
  const t = AUDIT_TEXT[props.web.language].verify;
  const reasons = AUDIT_TEXT[props.web.language].reasons;
  const { form, chain } = props;
  const r = chain?.result;
  return (
    <section id="chain" class="headline" aria-labelledby="chain-title">
      <h2 id="chain-title">{t.title}</h2>
      <p class="muted">{t.intro}</p>
      <form
        class="filters"
        method="get"
        action="/app/audit/verify"
        hx-get="/app/audit/verify"
        hx-target="#chain"
        hx-swap="outerHTML"
      >
        <ErrorSummary errors={form.errors} language={props.web.language} />
        <InputField
          form="verify"
          name="headSeq"
          label={t.headSeq}
          inputMode="numeric"
          value={form.headSeq}
          errors={form.errors}
        />
        <InputField
          form="verify"
          name="headHash"
          label={t.headHash}
          value={form.headHash}
          errors={form.errors}
        />
        <div class="actions">
          <button type="submit" class="primary">
            {t.submit}
          </button>
          <span class="spinner" aria-hidden="true">
            …
          </span>
        </div>
      </form>
      <div aria-live="polite">
        {r && (
          <div
            class={`notice ${r.valid ? 'success' : 'error'}`}
            id="chain-result"
            data-valid={String(r.valid)}
          >
            <p>
              <Badge tone={r.valid ? 'good' : 'bad'}>{r.valid ? '✓' : '✗'}</Badge>{' '}
              <strong>{r.valid ? t.valid : t.broken}</strong>
            </p>
            {r.firstBroken && (
              <p id="chain-break" data-reason={r.firstBroken.reason} data-seq={r.firstBroken.seq}>
                <strong>{t.breaksAt(r.firstBroken.seq)}</strong>
                {r.firstBroken.checkpointSeq && <> ({t.atCheckpoint(r.firstBroken.checkpointSeq)})</>}:{' '}
                {reasons[r.firstBroken.reason] ?? r.firstBroken.reason}
                <br />
                <span class="muted">
                  {t.what}: {r.firstBroken.message}
                </span>
              </p>
            )}
            <dl class="figures">
              <Fact label={t.entriesChecked}>
                <span class="value" id="entries-checked" data-value={String(r.entriesChecked)}>
                  {String(r.entriesChecked)}
                </span>
              </Fact>
              {r.headSeq && (
                <Fact label={t.head}>
                  <span class="value" id="head-seq">
                    {r.headSeq}
                  </span>
                </Fact>
              )}
              <Fact label={t.checkpointsChecked}>
                <span class="value" id="checkpoints-checked">
                  {String(r.checkpoints.checked)}
                </span>
              </Fact>
              <Fact label={t.sinceCheckpoint}>
                <span class="value">{String(r.checkpoints.entriesSinceLatest)}</span>
              </Fact>
            </dl>
            {r.headHash && (
              <p>
                {t.headHash2}: <code id="head-hash">{r.headHash}</code>
              </p>
            )}
            <p>
              {t.latestCheckpoint}:{' '}
              {r.checkpoints.latest
                ? t.checkpointSays(r.checkpoints.latest.seq, r.checkpoints.latest.headSeq, chain.latestAt!)
                : t.noCheckpoint}
            </p>
            <p>
              {t.witness}:{' '}
              {r.checkpoints.witness
                ? t.witnessSays(r.checkpoints.witness.seq, r.checkpoints.witness.headSeq)
                : t.noWitness}
            </p>
            {r.checkpoints.knownHeadChecked && <p>{t.knownHead}</p>}
          </div>
        )}
      </div>
    </section>
  );
}

export function AuditPage({ web, view }: { web: WebContext; view: AuditView }) {
  const t = AUDIT_TEXT[web.language];
  const from = view.offset + 1;
  return (
    <Layout web={web} title={t.title}>
      <p class="muted">{t.intro}</p>
      <ChainCheck web={web} form={view.verifyForm} chain={view.verification} />
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{t.list.title}</h2>
        <ErrorSummary errors={view.errors} language={web.language} />
        <Filters web={web} view={view} />
        <p class="muted">{t.filters.dayHint(view.timeZone)}</p>
        {!view.errors && (
          <p role="status" id="entry-count" data-total={String(view.total)}>
            {t.list.count(view.rows.length, view.total, from)}
          </p>
        )}
        {view.rows.length > 0 && (
          <Table
            id="entries"
            caption={t.list.title}
            head={[
              t.list.seq,
              t.list.time(view.timeZone),
              t.list.actor,
              t.list.action,
              t.list.entity,
              t.list.changes,
            ]}
          >
            {view.rows.map((row) => (
              <EntryTableRow row={row} view={view} t={t} />
            ))}
          </Table>
        )}
        <Pager
          language={web.language}
          label={t.list.title}
          total={view.total}
          offset={view.offset}
          limit={view.limit}
          href={(offset) => auditHref(view.filters, { offset })}
        />
      </section>
    </Layout>
  );
}
