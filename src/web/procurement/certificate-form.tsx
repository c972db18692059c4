import { Figure } from '../views/components';
import { InputField, SelectField } from '../views/form';
import { WebContext } from '../web-context';
import { CertificateFormView } from './certificate-pages.service';
import { mwhOf } from './energy';
import { serialRange } from './procurement-choices.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { RecordForm, RecordPage } from './record-form';
import { fieldsOf } from './widgets';

/** The fields of a retirement (CertificateRetirementDto): on a new certificate and on an edit. */
function RetirementFields({ web, view }: { web: WebContext; view: CertificateFormView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const r = t.certificate;
  const { field } = fieldsOf(view.values, view.errors);
  const vocabulary = view.vocabulary;
  return (
    <div class="form-grid">
      <SelectField {...field('status', 'ACTIVE')} label={r.status} options={vocabulary.instrumentStatuses} />
      <InputField {...field('cancellationDate')} label={r.cancellationDate} type="date" />
      <InputField {...field('beneficiary')} label={r.beneficiary} hint={r.beneficiaryHint} />
      <SelectField
        {...field('consumptionCountry')}
        label={r.consumptionCountry}
        blank={t.none}
        options={vocabulary.countries}
      />
      <InputField {...field('consumptionPeriodStart')} label={r.consumptionPeriodStart} type="date" />
      <InputField {...field('consumptionPeriodEnd')} label={r.consumptionPeriodEnd} type="date" />
      <SelectField {...field('contractId')} label={r.contractId} blank={t.none} options={view.contracts} />
      <InputField {...field('evidenceUrl')} label={r.evidenceUrl} type="url" />
    </div>
  );
}

/** The form of a certificate (new: every field; edit: its retirement); htmx swaps it in place when refused. */
export function CertificateForm({ web, view }: { web: WebContext; view: CertificateFormView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const r = t.certificate;
  const { field } = fieldsOf(view.values, view.errors);
  const vocabulary = view.vocabulary;
  return (
    <RecordForm
      id="certificate-form"
      list="certificates"
      record={view.record?.id ?? null}
      web={web}
      errors={view.errors}
    >
      {!view.record && (
        <div class="form-grid">
          <InputField {...field('registry')} label={r.registry} hint={r.registryHint} required />
          <SelectField
            {...field('instrumentType')}
            label={r.instrumentType}
            required
            blank={t.choose}
            options={vocabulary.instrumentTypes}
          />
          <InputField {...field('serialStart')} label={r.serialStart} hint={r.serialHint} />
          <InputField {...field('serialEnd')} label={r.serialEnd} />
          <InputField {...field('volume')} label={r.volume} hint={r.volumeHint} inputMode="decimal" />
          <SelectField {...field('volumeUnit', 'MWh')} label={r.volumeUnit} options={vocabulary.units} />
          <InputField {...field('recCount')} label={r.recCount} inputMode="numeric" />
          <SelectField
            {...field('facilityId')}
            label={r.facilityId}
            required
            blank={t.choose}
            options={view.facilities}
          />
          <InputField {...field('vintageStart')} label={r.vintageStart} type="date" required />
          <InputField {...field('vintageEnd')} label={r.vintageEnd} type="date" required />
          <InputField {...field('issuanceDate')} label={r.issuanceDate} type="date" />
        </div>
      )}
      {!view.record && <h2>{r.retirement}</h2>}
      <RetirementFields web={web} view={view} />
    </RecordForm>
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
          <dd>{serialRange(record) ?? '—'}</dd>
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
    ? t.certificate.editTitle(record.registry, serialRange(record) ?? '')
    : t.certificate.newTitle;
  return (
    <RecordPage
      web={props.web}
      title={title}
      list="certificates"
      saved={props.saved ? t.saved.certificate : null}
    >
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
    </RecordPage>
  );
}
