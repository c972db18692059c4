import { COMMON_TEXT } from '../i18n/common';
import {
  CsrfField,
  ErrorSummary,
  fieldOf,
  InputField,
  listOf,
  SelectField,
  TextAreaField,
} from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { FacilityFormView } from './facility-pages.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { CheckboxField, CheckboxList, Saved } from './widgets';

/** The form of a generation facility (new or edit); htmx swaps it in place when refused. */
export function FacilityForm({ web, view }: { web: WebContext; view: FacilityFormView }) {
  const language = web.language;
  const t = PROCUREMENT_TEXT[language].facility;
  const c = COMMON_TEXT[language].form;
  const v = view.values;
  const e = view.errors;
  const vocabulary = view.vocabulary;
  const action = view.id ? `/app/procurement/facilities/${view.id}` : '/app/procurement/facilities/new';
  return (
    <form
      class="form"
      id="facility-form"
      method="post"
      action={action}
      hx-post={action}
      hx-target="this"
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField token={web.csrfToken} />
      <ErrorSummary errors={e} language={language} />
      <div class="form-grid">
        <InputField name="name" label={t.name} required value={fieldOf(v, 'name')} errors={e} />
        <InputField
          name="registryFacilityId"
          label={t.registryFacilityId}
          value={fieldOf(v, 'registryFacilityId')}
          errors={e}
        />
        <SelectField
          name="country"
          label={t.country}
          required
          blank={PROCUREMENT_TEXT[web.language].choose}
          options={vocabulary.countries}
          value={fieldOf(v, 'country')}
          errors={e}
        />
        <InputField
          name="gridRegion"
          label={t.gridRegion}
          hint={t.gridRegionHint}
          value={fieldOf(v, 'gridRegion')}
          errors={e}
        />
        <SelectField
          name="technology"
          label={t.technology}
          required
          blank={PROCUREMENT_TEXT[web.language].choose}
          options={vocabulary.technologies}
          value={fieldOf(v, 'technology')}
          errors={e}
        />
        <InputField
          name="capacityMw"
          label={t.capacityMw}
          hint={t.capacityHint}
          inputMode="decimal"
          value={fieldOf(v, 'capacityMw')}
          errors={e}
        />
        <InputField
          name="commissioningDate"
          label={t.commissioningDate}
          type="date"
          required
          hint={t.ageHint}
          value={fieldOf(v, 'commissioningDate')}
          errors={e}
        />
        <InputField
          name="repoweringDate"
          label={t.repoweringDate}
          type="date"
          value={fieldOf(v, 'repoweringDate')}
          errors={e}
        />
      </div>
      <CheckboxField
        name="sustainabilityEvidence"
        label={t.sustainabilityEvidence}
        checked={fieldOf(v, 'sustainabilityEvidence') === 'true'}
        errors={e}
      />
      <TextAreaField
        name="sustainabilityNote"
        label={t.sustainabilityNote}
        value={fieldOf(v, 'sustainabilityNote')}
        errors={e}
      />
      <CheckboxField
        name="coalCofiring"
        label={t.coalCofiring}
        hint={t.coalHint}
        checked={fieldOf(v, 'coalCofiring') === 'true'}
        errors={e}
      />
      <CheckboxList
        name="generationMeterIds"
        legend={t.generationMeterIds}
        options={view.meters}
        chosen={listOf(v, 'generationMeterIds')}
        empty={t.noGenerationMeters}
        errors={e}
      />
      <div class="actions">
        <button type="submit" class="primary">
          {view.id ? c.save : c.create}
        </button>
        <a href="/app/procurement#facilities">{c.cancel}</a>
      </div>
    </form>
  );
}

export function FacilityPage(props: { web: WebContext; view: FacilityFormView; saved?: boolean }) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const title = props.view.name ? t.facility.editTitle(props.view.name) : t.facility.newTitle;
  return (
    <Layout web={props.web} title={title}>
      <p>
        <a href="/app/procurement#facilities">{t.backToList}</a>
      </p>
      <Saved message={props.saved ? t.saved.facility : null} />
      <FacilityForm web={props.web} view={props.view} />
    </Layout>
  );
}
