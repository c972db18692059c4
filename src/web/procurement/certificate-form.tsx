import { COMMON_TEXT } from '../i18n/common';
import { Figure } from '../views/components';
import {
  CsrfField,
  ErrorSummary,
  FieldErrors,
  fieldOf,
  FormFields,
  InputField,
  SelectField,
} from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { CertificateFormView } from './certificate-pages.service';
import { mwhOf } from './energy';
import { PROCUREMENT_TEXT } from './procurement.text';
import { Saved } from './widgets';

/** The fields of a retirement (CertificateRetirementDto): on a new certificate and on an edit. */
function RetirementFields(props: {
  view: CertificateFormView;
  v: FormFields;
  e: FieldErrors | null;
  web: WebContext;
}) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const r = t.certificate;
  const { v, e } = props;
  const vocabulary = props.view.vocabulary;
  return (
    <div class="form-grid">
      <SelectField
        name="status"
        label={r.status}
        options={vocabulary.instrumentStatuses}
        value={fieldOf(v, 'status') || 'ACTIVE'}
        errors={e}
      />
      <InputField
        name="cancellationDate"
        label={r.cancellationDate}
        type="date"
        value={fieldOf(v, 'cancellationDate')}
        errors={e}
      />
      <InputField
        name="beneficiary"
        label={r.beneficiary}
        hint={r.beneficiaryHint}
        value={fieldOf(v, 'beneficiary')}
        errors={e}
      />
      <SelectField
        name="consumptionCountry"
        label={r.consumptionCountry}
        blank={t.none}
        options={vocabulary.countries}
        value={fieldOf(v, 'consumptionCountry')}
        errors={e}
      />
      <InputField
        name="consumptionPeriodStart"
        label={r.consumptionPeriodStart}
        type="date"
        value={fieldOf(v, 'consumptionPeriodStart')}
        errors={e}
      />
      <InputField
        name="consumptionPeriodEnd"
        label={r.consumptionPeriodEnd}
        type="date"
        value={fieldOf(v, 'consumptionPeriodEnd')}
        errors={e}
      />
      <SelectField
        name="contractId"
        label={r.contractId}
        blank={t.none}
        options={props.view.contracts}
        value={fieldOf(v, 'contractId')}
        errors={e}
      />
      <InputField
        name="evidenceUrl"
        label={r.evidenceUrl}
        type="url"
        value={fieldOf(v, 'evidenceUrl')}
        errors={e}
      />
    </div>
  );
}

/** The form of a certificate (new: every field; edit: its retirement); htmx swaps it in place when refused. */
export function CertificateForm({ web, view }: { web: WebContext; view: CertificateFormView }) {
  const language = web.language;
  const t = PROCUREMENT_TEXT[language];
  const r = t.certificate;
  const c = COMMON_TEXT[language].form;
  const v = view.values;
  const e = view.errors;
  const vocabulary = view.vocabulary;
  const action = view.record
    ? `/app/procurement/certificates/${view.record.id}`
    : '/app/procurement/certificates/new';
  return (
    <form
      class="form"
      id="certificate-form"
      method="post"
      action={action}
      hx-post={action}
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField token={web.csrfToken} />
      <ErrorSummary errors={e} language={language} />
      {!view.record && (
        <div class="form-grid">
          <InputField
            name="registry"
            label={r.registry}
            hint={r.registryHint}
            required
            value={fieldOf(v, 'registry')}
            errors={e}
          />
          <SelectField
            name="instrumentType"
            label={r.instrumentType}
            required
            blank={PROCUREMENT_TEXT[web.language].choose}
            options={vocabulary.instrumentTypes}
            value={fieldOf(v, 'instrumentType')}
            errors={e}
          />
          <InputField
            name="serialStart"
            label={r.serialStart}
            hint={r.serialHint}
            value={fieldOf(v, 'serialStart')}
            errors={e}
          />
          <InputField name="serialEnd" label={r.serialEnd} value={fieldOf(v, 'serialEnd')} errors={e} />
          <InputField
            name="volume"
            label={r.volume}
            hint={r.volumeHint}
            inputMode="decimal"
            value={fieldOf(v, 'volume')}
            errors={e}
          />
          <SelectField
            name="volumeUnit"
            label={r.volumeUnit}
            options={vocabulary.units}
            value={fieldOf(v, 'volumeUnit') || 'MWh'}
            errors={e}
          />
          <InputField
            name="recCount"
            label={r.recCount}
            inputMode="numeric"
            value={fieldOf(v, 'recCount')}
            errors={e}
          />
          <SelectField
            name="facilityId"
            label={r.facilityId}
            required
            blank={PROCUREMENT_TEXT[web.language].choose}
            options={view.facilities}
            value={fieldOf(v, 'facilityId')}
            errors={e}
          />
          <InputField
            name="vintageStart"
            label={r.vintageStart}
            type="date"
            required
            value={fieldOf(v, 'vintageStart')}
            errors={e}
          />
          <InputField
            name="vintageEnd"
            label={r.vintageEnd}
            type="date"
            required
            value={fieldOf(v, 'vintageEnd')}
            errors={e}
          />
          <InputField
            name="issuanceDate"
            label={r.issuanceDate}
            type="date"
            value={fieldOf(v, 'issuanceDate')}
            errors={e}
          />
        </div>
      )}
      {!view.record && <h2>{r.retirement}</h2>}
      <RetirementFields view={view} v={v} e={e} web={web} />
      <div class="actions">
        <button type="submit" class="primary">
          {view.record ? c.save : c.create}
        </button>
        <a href="/app/procurement#certificates">{c.cancel}</a>
      </div>
    </form>
  );
}

/** What a recorded certificate is: its range, energy and origin, which no edit changes. */
function Facts({ web, view }: { web: WebContext; view: CertificateFormView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const r = t.certificate;
  const record = view.record!;
  const vocabulary = view.vocabulary;
  const facility = view.facilities.find((f) => f.value === record.facilityId)?.label ?? record.facilityId;
  return (
    <section class="card" aria-labelledby="facts-title">
      <h2 id="facts-title">{r.facts}</h2>
      <dl class="figures">
        <div class="figure">
          <dt>{r.registry}</dt>
          <dd>{record.registry}</dd>
        </div>
        <div class="figure">
          <dt>{r.instrumentType}</dt>
          <dd>{vocabulary.instrumentType(record.instrumentType)}</dd>
        </div>
        <div class="figure">
          <dt>{r.serialRange}</dt>
          <dd>{record.serialStart ? `${record.serialStart} – ${record.serialEnd}` : '—'}</dd>
        </div>
        <div class="figure">
          <dt>{r.vintage}</dt>
          <dd>{`${record.vintageStart} – ${record.vintageEnd}`}</dd>
        </div>
        <div class="figure">
          <dt>{r.facilityId}</dt>
          <dd>
            <a href={`/app/procurement/facilities/${record.facilityId}`}>{facility}</a>
          </dd>
        </div>
        {record.recCount !== null && (
          <div class="figure">
            <dt>{r.recCount}</dt>
            <dd>{String(record.recCount)}</dd>
          </div>
        )}
      </dl>
      <dl class="figures">
        <Figure id="volume-mwh" label={r.volumeMwh} value={mwhOf(record.volumeWh)} />
        <Figure id="allocated-mwh" label={r.allocatedMwh} value={mwhOf(record.allocatedWh)} />
        <Figure id="available-mwh" label={r.availableMwh} value={mwhOf(record.availableWh)} />
      </dl>
      <p class="muted">{r.factsNote}</p>
    </section>
  );
}

export function CertificatePage(props: { web: WebContext; view: CertificateFormView; saved?: boolean }) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const record = props.view.record;
  const title = record
    ? t.certificate.editTitle(
        record.registry,
        record.serialStart ? `${record.serialStart} – ${record.serialEnd}` : '',
      )
    : t.certificate.newTitle;
  return (
    <Layout web={props.web} title={title}>
      <p>
        <a href="/app/procurement#certificates">{t.backToList}</a>
      </p>
      <Saved message={props.saved ? t.saved.certificate : null} />
      {!record && props.view.facilities.length === 0 && (
        <div class="notice" role="note">
          <p>
            {t.certificate.noFacility}{' '}
            <a href="/app/procurement/facilities/new">{t.certificate.addFacility}</a>
          </p>
        </div>
      )}
      {record && <Facts web={props.web} view={props.view} />}
      {record && <h2>{t.certificate.retirement}</h2>}
      <CertificateForm web={props.web} view={props.view} />
    </Layout>
  );
}
