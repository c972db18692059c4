import { InputField, SelectField, TextAreaField } from '../views/form';
import { WebContext } from '../web-context';
import { ContractFormView } from './contract-pages.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { RecordForm, RecordPage } from './record-form';
import { CheckboxField, CheckboxList, fieldsOf } from './widgets';

/** The form of a contract (new or edit); htmx swaps it in place when refused. */
export function ContractForm({ web, view }: { web: WebContext; view: ContractFormView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const k = t.contract;
  const { field, flag, list } = fieldsOf(view.values, view.errors);
  const vocabulary = view.vocabulary;
  return (
    <RecordForm id="contract-form" list="contracts" record={view.id} web={web} errors={view.errors}>
      <div class="form-grid">
        <SelectField
          {...field('method')}
          label={k.method}
          required
          blank={t.choose}
          options={vocabulary.methods}
        />
        <SelectField {...field('krTag')} label={k.krTag} blank={t.none} options={vocabulary.krTags} />
        <InputField {...field('counterparty')} label={k.counterparty} required />
        <InputField {...field('signedDate')} label={k.signedDate} type="date" required />
        <InputField {...field('startDate')} label={k.startDate} type="date" required />
        <InputField {...field('endDate')} label={k.endDate} type="date" />
        <InputField {...field('expectedAnnual')} label={k.expectedAnnual} inputMode="decimal" />
        <SelectField
          {...field('expectedAnnualUnit', 'MWh')}
          label={k.expectedAnnualUnit}
          options={vocabulary.units}
        />
        <SelectField
          {...field('consumptionMarket')}
          label={k.consumptionMarket}
          blank={t.none}
          options={vocabulary.markets}
        />
        <SelectField
          {...field('passiveBasis')}
          label={k.passiveBasis}
          blank={t.none}
          options={vocabulary.passiveBases}
        />
      </div>
      <CheckboxField {...flag('eacsConveyed')} label={k.eacsConveyed} />
      <CheckboxField {...flag('equityStake')} label={k.equityStake} />
      <fieldset class="field">
        <legend>{k.ppaHint}</legend>
        <CheckboxField {...flag('longTerm')} label={k.longTerm} />
        <CheckboxField {...flag('projectSpecific')} label={k.projectSpecific} />
        <CheckboxField {...flag('firstOfftaker')} label={k.firstOfftaker} />
        <InputField {...field('trialOperationEndDate')} label={k.trialOperationEndDate} type="date" />
      </fieldset>
      <TextAreaField {...field('grandfatheringJustification')} label={k.grandfatheringJustification} />
      <CheckboxList
        {...list('facilityIds')}
        legend={k.facilityIds}
        options={view.facilities}
        empty={k.noFacilities}
      />
      <CheckboxList {...list('siteIds')} legend={k.siteIds} options={view.sites} empty={k.noSites} />
    </RecordForm>
  );
}

export function ContractPage(props: { web: WebContext; view: ContractFormView; saved?: boolean }) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const title = props.view.counterparty ? t.contract.editTitle(props.view.counterparty) : t.contract.newTitle;
  return (
    <RecordPage web={props.web} title={title} list="contracts" saved={props.saved ? t.saved.contract : null}>
      <ContractForm web={props.web} view={props.view} />
    </RecordPage>
  );
}
