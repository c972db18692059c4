import { InputField, SelectField, TextAreaField } from '../views/form';
import { WebContext } from '../web-context';
import { FacilityFormView } from './facility-pages.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { RecordForm, RecordPage } from './record-form';
import { CheckboxField, CheckboxList, fieldsOf } from './widgets';

/** The form of a generation facility (new or edit); htmx swaps it in place when refused. */
export function FacilityForm({ web, view }: { web: WebContext; view: FacilityFormView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const f = t.facility;
  const { field, flag, list } = fieldsOf(view.values, view.errors);
  const vocabulary = view.vocabulary;
  return (
    <RecordForm id="facility-form" list="facilities" record={view.id} web={web} errors={view.errors}>
      <div class="form-grid">
        <InputField {...field('name')} label={f.name} required />
        <InputField {...field('registryFacilityId')} label={f.registryFacilityId} />
        <SelectField
          {...field('country')}
          label={f.country}
          required
          blank={t.choose}
          options={vocabulary.countries}
        />
        <InputField {...field('gridRegion')} label={f.gridRegion} hint={f.gridRegionHint} />
        <SelectField
          {...field('technology')}
          label={f.technology}
          required
          blank={t.choose}
          options={vocabulary.technologies}
        />
        <InputField {...field('capacityMw')} label={f.capacityMw} hint={f.capacityHint} inputMode="decimal" />
        <InputField
          {...field('commissioningDate')}
          label={f.commissioningDate}
          type="date"
          required
          hint={f.ageHint}
        />
        <InputField {...field('repoweringDate')} label={f.repoweringDate} type="date" />
      </div>
      <CheckboxField {...flag('sustainabilityEvidence')} label={f.sustainabilityEvidence} />
      <TextAreaField {...field('sustainabilityNote')} label={f.sustainabilityNote} />
      <CheckboxField {...flag('coalCofiring')} label={f.coalCofiring} hint={f.coalHint} />
      <CheckboxList
        {...list('generationMeterIds')}
        legend={f.generationMeterIds}
        options={view.meters}
        empty={f.noGenerationMeters}
      />
    </RecordForm>
  );
}

export function FacilityPage(props: { web: WebContext; view: FacilityFormView; saved?: boolean }) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const title = props.view.name ? t.facility.editTitle(props.view.name) : t.facility.newTitle;
  return (
    <RecordPage web={props.web} title={title} list="facilities" saved={props.saved ? t.saved.facility : null}>
      <FacilityForm web={props.web} view={props.view} />
    </RecordPage>
  );
}
