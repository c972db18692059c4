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
import { ContractFormView } from './contract-pages.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { CheckboxField, CheckboxList, Saved } from './widgets';

/** The form of a contract (new or edit); htmx swaps it in place when refused. */
export function ContractForm({ web, view }: { web: WebContext; view: ContractFormView }) {
  const language = web.language;
  const t = PROCUREMENT_TEXT[language];
  const k = t.contract;
  const c = COMMON_TEXT[language].form;
  const v = view.values;
  const e = view.errors;
  const vocabulary = view.vocabulary;
  const action = view.id ? `/app/procurement/contracts/${view.id}` : '/app/procurement/contracts/new';
  const flag = (name: string) => fieldOf(v, name) === 'true';
  return (
    <form
      class="form"
      id="contract-form"
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
        <SelectField
          name="method"
          label={k.method}
          required
          blank={PROCUREMENT_TEXT[web.language].choose}
          options={vocabulary.methods}
          value={fieldOf(v, 'method')}
          errors={e}
        />
        <SelectField
          name="krTag"
          label={k.krTag}
          blank={t.none}
          options={vocabulary.krTags}
          value={fieldOf(v, 'krTag')}
          errors={e}
        />
        <InputField
          name="counterparty"
          label={k.counterparty}
          required
          value={fieldOf(v, 'counterparty')}
          errors={e}
        />
        <InputField
          name="signedDate"
          label={k.signedDate}
          type="date"
          required
          value={fieldOf(v, 'signedDate')}
          errors={e}
        />
        <InputField
          name="startDate"
          label={k.startDate}
          type="date"
          required
          value={fieldOf(v, 'startDate')}
          errors={e}
        />
        <InputField name="endDate" label={k.endDate} type="date" value={fieldOf(v, 'endDate')} errors={e} />
        <InputField
          name="expectedAnnual"
          label={k.expectedAnnual}
          inputMode="decimal"
          value={fieldOf(v, 'expectedAnnual')}
          errors={e}
        />
        <SelectField
          name="expectedAnnualUnit"
          label={k.expectedAnnualUnit}
          options={vocabulary.units}
          value={fieldOf(v, 'expectedAnnualUnit') || 'MWh'}
          errors={e}
        />
        <SelectField
          name="consumptionMarket"
          label={k.consumptionMarket}
          blank={t.none}
          options={vocabulary.markets}
          value={fieldOf(v, 'consumptionMarket')}
          errors={e}
        />
        <SelectField
          name="passiveBasis"
          label={k.passiveBasis}
          blank={t.none}
          options={vocabulary.passiveBases}
          value={fieldOf(v, 'passiveBasis')}
          errors={e}
        />
      </div>
      <CheckboxField name="eacsConveyed" label={k.eacsConveyed} checked={flag('eacsConveyed')} errors={e} />
      <CheckboxField name="equityStake" label={k.equityStake} checked={flag('equityStake')} errors={e} />
      <fieldset class="field">
        <legend>{k.ppaHint}</legend>
        <CheckboxField name="longTerm" label={k.longTerm} checked={flag('longTerm')} errors={e} />
        <CheckboxField
          name="projectSpecific"
          label={k.projectSpecific}
          checked={flag('projectSpecific')}
          errors={e}
        />
        <CheckboxField
          name="firstOfftaker"
          label={k.firstOfftaker}
          checked={flag('firstOfftaker')}
          errors={e}
        />
        <InputField
          name="trialOperationEndDate"
          label={k.trialOperationEndDate}
          type="date"
          value={fieldOf(v, 'trialOperationEndDate')}
          errors={e}
        />
      </fieldset>
      <TextAreaField
        name="grandfatheringJustification"
        label={k.grandfatheringJustification}
        value={fieldOf(v, 'grandfatheringJustification')}
        errors={e}
      />
      <CheckboxList
        name="facilityIds"
        legend={k.facilityIds}
        options={view.facilities}
        chosen={listOf(v, 'facilityIds')}
        empty={k.noFacilities}
        errors={e}
      />
      <CheckboxList
        name="siteIds"
        legend={k.siteIds}
        options={view.sites}
        chosen={listOf(v, 'siteIds')}
        empty={k.noSites}
        errors={e}
      />
      <div class="actions">
        <button type="submit" class="primary">
          {view.id ? c.save : c.create}
        </button>
        <a href="/app/procurement#contracts">{c.cancel}</a>
      </div>
    </form>
  );
}

export function ContractPage(props: { web: WebContext; view: ContractFormView; saved?: boolean }) {
  const t = PROCUREMENT_TEXT[props.web.language];
  const title = props.view.counterparty ? t.contract.editTitle(props.view.counterparty) : t.contract.newTitle;
  return (
    <Layout web={props.web} title={title}>
      <p>
        <a href="/app/procurement#contracts">{t.backToList}</a>
      </p>
      <Saved message={props.saved ? t.saved.contract : null} />
      <ContractForm web={props.web} view={props.view} />
    </Layout>
  );
}
