import { Figure } from '../views/components';
import { CsrfField, ErrorSummary, InputField, listOf } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { AutoAllocationView } from './auto-allocation-pages.service';
import { mwhOf } from './energy';
import { PROCUREMENT_TEXT } from './procurement.text';
import { CheckboxList, fieldsOf, Table } from './widgets';

/** What the dry run would allocate, and the form that applies exactly that plan. */
function Preview({ web, view }: { web: WebContext; view: AutoAllocationView }) {
  const t = PROCUREMENT_TEXT[web.language].auto;
  const plan = view.preview!;
  const { vocabulary } = view;
  const certificate = (id: string) => view.certificates[id] ?? id;
  return (
    <section class="card wide" aria-labelledby="preview-title" id="preview">
      <h2 id="preview-title">{t.previewTitle}</h2>
      {view.changed && (
        <div class="notice error" role="alert">
          <p>{t.changed}</p>
        </div>
      )}
      <dl class="figures">
        <Figure id="re-before" label={t.before} value={plan.rePercentBefore} unit="%" />
        <Figure id="re-after" label={t.after} value={plan.rePercentAfter} unit="%" />
      </dl>
      <h3>{t.marketsTitle}</h3>
      <Table
        id="plan-markets"
        caption={t.marketsTitle}
        head={[t.market, t.inScope, t.eligible, t.uncovered, t.planned, t.remaining]}
        numeric={[1, 2, 3, 4, 5]}
      >
        {plan.markets.map((m) => (
          <tr>
            <th scope="row">{vocabulary.market(m.market)}</th>
            <td class="num">{mwhOf(m.inScopeWh)}</td>
            <td class="num">{mwhOf(m.eligibleWh)}</td>
            <td class="num">{mwhOf(m.uncoveredWh)}</td>
            <td class="num">{mwhOf(m.plannedWh)}</td>
            <td class="num">{mwhOf(m.remainingWh)}</td>
          </tr>
        ))}
      </Table>
      <h3>{t.allocationsTitle}</h3>
      {plan.allocations.length === 0 ? (
        <p class="muted" id="nothing-to-allocate">
          {t.nothing}
        </p>
      ) : (
        <Table
          id="plan-allocations"
          caption={t.allocationsTitle}
          head={[t.certificate, t.market, t.site, t.mwh, t.tier]}
          numeric={[3]}
        >
          {plan.allocations.map((a) => (
            <tr data-certificate={a.certificateId} data-market={a.market} data-wh={a.volumeWh}>
              <th scope="row">
                <a href={`/app/procurement/certificates/${a.certificateId}`}>
                  {certificate(a.certificateId)}
                </a>
              </th>
              <td>{vocabulary.market(a.market)}</td>
              <td>{PROCUREMENT_TEXT[web.language].claims.allSites}</td>
              <td class="num">{mwhOf(a.volumeWh)}</td>
              <td>{t.tiers[a.tier] ?? a.tier}</td>
            </tr>
          ))}
        </Table>
      )}
      {plan.skipped.length > 0 && (
        <>
          <h3>{t.skippedTitle}</h3>
          <Table
            id="plan-skipped"
            caption={t.skippedTitle}
            head={[t.certificate, t.market, t.available, t.reasons]}
            numeric={[2]}
          >
            {plan.skipped.map((s) => (
              <tr data-certificate={s.certificateId}>
                <th scope="row">
                  <a href={`/app/procurement/certificates/${s.certificateId}`}>
                    {certificate(s.certificateId)}
                  </a>
                </th>
                <td>{vocabulary.market(s.market)}</td>
                <td class="num">{mwhOf(s.availableWh)}</td>
                <td>
                  <ul class="reasons">
                    {s.reasons.map((code) => (
                      <li data-reason={code}>{vocabulary.reason(code)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
      {plan.allocations.length > 0 && (
        <form method="post" action="/app/claims/auto/apply" id="apply-form" data-confirm={t.confirmApply}>
          <CsrfField token={web.csrfToken} />
          <input type="hidden" name="reportingYear" value={String(plan.reportingYear)} />
          {listOf(view.values, 'markets').map((m) => (
            <input type="hidden" name="markets" value={m} />
          ))}
          <input type="hidden" name="fingerprint" value={view.fingerprint ?? ''} />
          <button type="submit" class="primary">
            {t.apply(plan.allocations.length)}
          </button>
        </form>
      )}
    </section>
  );
}

export function AutoAllocationPage({ web, view }: { web: WebContext; view: AutoAllocationView }) {
  const language = web.language;
  const t = PROCUREMENT_TEXT[language].auto;
  const e = view.errors;
  const { field, list } = fieldsOf(view.values, e);
  return (
    <Layout web={web} title={t.title(view.year)}>
      <p>
        <a href={`/app/claims?year=${view.year}`}>{t.back}</a>
      </p>
      <p class="muted">{t.intro}</p>
      <div class="grid">
        <section class="card wide" aria-labelledby="auto-form-title">
          <h2 id="auto-form-title" class="visually-hidden">
            {t.preview}
          </h2>
          <form class="form" method="post" action="/app/claims/auto/preview" id="auto-form" novalidate>
            <CsrfField token={web.csrfToken} />
            <ErrorSummary errors={e} language={language} />
            <InputField
              {...field('reportingYear', String(view.year))}
              label={t.year}
              type="number"
              inputMode="numeric"
              required
            />
            <CheckboxList
              {...list('markets')}
              legend={t.markets}
              hint={t.marketsHint}
              options={view.markets.map((m) => ({ value: m, label: view.vocabulary.market(m) }))}
              empty={t.noMarkets}
            />
            <div class="actions">
              <button type="submit">{t.preview}</button>
            </div>
          </form>
        </section>
        {view.preview && <Preview web={web} view={view} />}
      </div>
    </Layout>
  );
}
