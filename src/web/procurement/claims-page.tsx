import { COMMON_TEXT } from '../i18n/common';
import { Badge, BadgeTone, Figure, groupDigits } from '../views/components';
import { CsrfField, ErrorSummary, InputField, SelectField } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { ClaimRow, ClaimsView } from './claims-pages.service';
import { PROCUREMENT_TEXT } from './procurement.text';
import { CheckboxList, fieldsOf, PostForm, Saved, Table } from './widgets';

export const VERDICT_TONES: Record<string, BadgeTone> = {
  ELIGIBLE: 'good',
  PARTIAL: 'warn',
  INELIGIBLE: 'bad',
};

/** The notices a redirect back to the claims asks for (`?saved=`, `?applied=`). */
export function claimsNotice(web: WebContext, saved?: string, applied?: string): string | null {
  const t = PROCUREMENT_TEXT[web.language].claims;
  if (saved === 'allocated') return t.allocated;
  if (saved === 'deleted') return t.deleted;
  const count = Number(applied);
  return applied !== undefined && Number.isInteger(count) && count >= 0 ? t.applied(count) : null;
}

function ClaimLine({ web, view, row }: { web: WebContext; view: ClaimsView; row: ClaimRow }) {
  const t = PROCUREMENT_TEXT[web.language].claims;
  const { vocabulary } = view;
  return (
    <tr data-claim={row.claimId}>
      <th scope="row">
        {row.certificateId ? (
          <a href={`/app/procurement/certificates/${row.certificateId}`}>{row.label}</a>
        ) : (
          row.label
        )}
      </th>
      <td>{vocabulary.market(row.market)}</td>
      <td>{row.sites.length > 0 ? row.sites.join(', ') : <span class="muted">{t.allSites}</span>}</td>
      <td class="num" data-value={row.volumeMwh}>
        {groupDigits(row.volumeMwh)}
      </td>
      <td class="num" data-value={row.eligibleMwh}>
        {groupDigits(row.eligibleMwh)}
      </td>
      <td>
        <Badge tone={VERDICT_TONES[row.status] ?? 'neutral'}>
          <span data-verdict={row.status}>{vocabulary.verdict(row.status)}</span>
        </Badge>
      </td>
      <td>
        {row.reasons.length === 0 ? (
          <span class="muted">{t.noReasons}</span>
        ) : (
          <ul class="reasons">
            {row.reasons.map((code) => (
              <li data-reason={code}>{vocabulary.reason(code)}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {row.allocationId && (
          <form
            method="post"
            action={`/app/claims/allocations/${row.allocationId}/delete`}
            class="inline"
            data-confirm={t.confirmDelete}
          >
            <CsrfField token={web.csrfToken} />
            <button type="submit" class="danger" aria-label={t.deleteLabel(row.label)}>
              {t.deleteAllocation}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

/** The manual allocation: a certificate's energy to this year's market (and sites), as CreateAllocationDto takes it. */
export function AllocateForm({ web, view }: { web: WebContext; view: ClaimsView }) {
  const language = web.language;
  const t = PROCUREMENT_TEXT[language].claims;
  const a = view.allocate;
  const { field, list } = fieldsOf(a.values, a.errors);
  return (
    <PostForm id="allocate-form" action="/app/claims/allocate" web={web} errors={a.errors}>
      {a.certificates.length === 0 && <p class="muted">{t.noCertificates}</p>}
      <SelectField
        {...field('certificateId')}
        label={t.certificateId}
        required
        blank={PROCUREMENT_TEXT[language].choose}
        options={a.certificates}
      />
      <div class="form-grid">
        <InputField
          {...field('reportingYear', String(view.year))}
          label={t.year}
          type="number"
          inputMode="numeric"
          required
        />
        <SelectField
          {...field('consumptionMarket')}
          label={t.consumptionMarket}
          required
          blank={PROCUREMENT_TEXT[language].choose}
          options={view.vocabulary.markets}
        />
        <InputField {...field('volume')} label={t.volume} hint={t.volumeHint} inputMode="decimal" />
        <SelectField {...field('volumeUnit', 'MWh')} label={t.volumeUnit} options={view.vocabulary.units} />
      </div>
      <CheckboxList
        {...list('siteIds')}
        legend={t.siteIds}
        options={a.sites}
        empty={PROCUREMENT_TEXT[language].contract.noSites}
      />
      <div class="actions">
        <button type="submit" class="primary">
          {t.allocate}
        </button>
      </div>
    </PostForm>
  );
}

export function ClaimsPage(props: { web: WebContext; view: ClaimsView; notice?: string | null }) {
  const { web, view } = props;
  const language = web.language;
  const t = PROCUREMENT_TEXT[language].claims;
  const c = COMMON_TEXT[language];
  return (
    <Layout web={web} title={t.title(view.year)}>
      <form class="toolbar" method="get" action="/app/claims">
        <InputField
          name="year"
          form="claims"
          label={t.year}
          type="number"
          inputMode="numeric"
          value={String(view.year)}
        />
        <button type="submit">{t.show}</button>
        <a href={`/app/claims/auto?year=${view.year}`}>{t.autoLink}</a>
      </form>
      <p class="muted">
        {t.intro} {view.provisional ? t.provisional : t.finalized}
      </p>
      <Saved message={props.notice ?? null} />
      <ErrorSummary errors={view.problem} language={language} />
      <div class="grid">
        <section class="card wide" aria-labelledby="claims-title" id="claims">
          <h2 id="claims-title">{t.title(view.year)}</h2>
          <dl class="figures">
            <Figure id="eligible-mwh" label={t.eligibleMwh} value={view.eligibleMwh} />
            <Figure id="re-percent" label="RE %" value={view.rePercent} unit="%" />
          </dl>
          {view.rows.length === 0 ? (
            <p class="muted">{t.empty}</p>
          ) : (
            <Table
              id="claims-table"
              caption={t.title(view.year)}
              head={[
                t.claim,
                t.market,
                t.sites,
                t.claimedMwh,
                t.eligibleMwh,
                t.verdict,
                t.reasons,
                c.table.actions,
              ]}
              numeric={[3, 4]}
            >
              {view.rows.map((row) => (
                <ClaimLine web={web} view={view} row={row} />
              ))}
            </Table>
          )}
        </section>
        <section class="card wide" aria-labelledby="allocate-title" id="allocate">
          <h2 id="allocate-title">{t.allocateTitle}</h2>
          <p class="muted">{t.allocateIntro}</p>
          <AllocateForm web={web} view={view} />
        </section>
      </div>
    </Layout>
  );
}
