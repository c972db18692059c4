import { FieldErrors, InputField, SelectField } from '../views/form';
import { WebContext } from '../web-context';
import { countryOptions, monthOptions, timeZoneOptions } from './admin-format';
import { AdminForm, DoneNotice } from './admin-layout';
import { ADMIN_TEXT } from './admin.text';
import { milestoneField, SettingsFields } from './organization-settings-form';

export interface SettingsState {
  fields: SettingsFields;
  errors: FieldErrors | null;
  saved: boolean;
  /** The organization has a commitment now (as stored, not as typed). */
  committed: boolean;
}

/** A milestone row's inputs, in the order of the table's columns. */
const MILESTONE_PARTS = ['year', 'percent'] as const;

function MilestoneInput(props: {
  row: number;
  part: 'year' | 'percent';
  label: string;
  value: string;
  errors: FieldErrors | null;
}) {
  const name = milestoneField(props.row, props.part);
  const id = `f-${name}`;
  const error = props.errors?.[name];
  return (
    <div class={`field${error ? ' invalid' : ''}`} data-field={name}>
      <label class="visually-hidden" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode={props.part === 'year' ? 'numeric' : 'decimal'}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The form under the page's title: what htmx swaps after sending it. */
export function OrganizationSettingsContent({ web, state }: { web: WebContext; state: SettingsState }) {
  const t = ADMIN_TEXT[web.language].settings;
  const { fields, errors } = state;
  const listError = errors?.['re100.milestones'];
  /** A required field of the organization, labelled and filled as the form has it. */
  const field = (name: 'name' | 'legalEntityName' | 'country' | 'timeZone' | 'reportingYearStartMonth') => ({
    name,
    label: t[name],
    required: true,
    value: fields[name],
    errors,
  });
  return (
    <div id="settings-content">
      <DoneNotice message={state.saved ? t.saved : null} />
      <AdminForm web={web} action="/app/admin/organization" target="settings-content" errors={errors}>
        <section aria-labelledby="organization-title">
          <h2 id="organization-title">{t.organizationHeading}</h2>
          <div class="form-grid">
            <InputField {...field('name')} />
            <InputField {...field('legalEntityName')} hint={t.legalEntityHint} />
            <SelectField {...field('country')} options={countryOptions(web.language)} />
            <SelectField
              {...field('timeZone')}
              hint={t.timeZoneHint}
              options={timeZoneOptions(fields.timeZone)}
            />
            <SelectField {...field('reportingYearStartMonth')} options={monthOptions(web.language)} />
          </div>
          <div
            class={`field${errors?.excludeImmaterialMarkets ? ' invalid' : ''}`}
            data-field="excludeImmaterialMarkets"
          >
            <label for="f-excludeImmaterialMarkets">
              <input
                id="f-excludeImmaterialMarkets"
                type="checkbox"
                name="excludeImmaterialMarkets"
                value="true"
                checked={fields.excludeImmaterialMarkets}
                aria-describedby="f-excludeImmaterialMarkets-hint"
              />{' '}
              {t.excludeImmaterialMarkets}
            </label>
            <span class="hint" id="f-excludeImmaterialMarkets-hint">
              {t.excludeImmaterialHint}
            </span>
            {errors?.excludeImmaterialMarkets && <p class="field-error">{errors.excludeImmaterialMarkets}</p>}
          </div>
        </section>

        <section aria-labelledby="commitment-title">
          <h2 id="commitment-title">{t.commitmentHeading}</h2>
          <p class="muted">{t.commitmentIntro}</p>
          {!state.committed && (
            <p class="notice" id="no-commitment">
              {t.noCommitment}
            </p>
          )}
          <div class="form-grid">
            <InputField
              name="re100.targetYear"
              label={t.targetYear}
              hint={t.targetYearHint}
              inputMode="numeric"
              value={fields.targetYear}
              errors={errors}
            />
            <InputField
              name="re100.baselineYear"
              label={t.baselineYear}
              inputMode="numeric"
              value={fields.baselineYear}
              errors={errors}
            />
          </div>
          <fieldset
            class={`field${listError ? ' invalid' : ''}`}
            data-field="re100.milestones"
            aria-describedby={listError ? 'milestones-hint milestones-error' : 'milestones-hint'}
          >
            <legend>{t.milestones}</legend>
            <p class="hint" id="milestones-hint">
              {t.milestonesHint}
            </p>
            {listError && (
              <p class="field-error" id="milestones-error">
                {listError}
              </p>
            )}
            <table id="milestones">
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">{t.milestones}</span>
                  </th>
                  <th scope="col">{t.year}</th>
                  <th scope="col">{t.percent}</th>
                </tr>
              </thead>
              <tbody>
                {fields.milestones.map((m, row) => (
                  <tr>
                    <th scope="row">{t.milestone(row + 1)}</th>
                    {MILESTONE_PARTS.map((part) => (
                      <td>
                        <MilestoneInput
                          row={row}
                          part={part}
                          label={(part === 'year' ? t.milestoneYear : t.milestonePercent)(row + 1)}
                          value={m[part]}
                          errors={errors}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
        </section>
        <div class="actions">
          <button type="submit" class="primary">
            {t.save}
          </button>
        </div>
      </AdminForm>
    </div>
  );
}
