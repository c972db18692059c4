import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { EXPLAIN_TEXT } from './explain.text';
import { explainHref, ExplainView } from './explain-view';
import { claimName, Re100Explain } from './re100-explain';
import { Scope2Explain } from './scope2-explain';

function Levels({ web, view }: { web: WebContext; view: ExplainView }) {
  const t = EXPLAIN_TEXT[web.language];
  const level = { year: view.year, ruleset: view.ruleset };
  const steps: { href: string; label: string }[] = [
    { href: explainHref(level), label: t.levels.rePercent(view.year) },
  ];
  if (view.kind === 're100') {
    const e = view.explain;
    if (e.figure === 'MARKET_ELIGIBLE' && e.market) {
      steps.push({ href: explainHref({ ...level, market: e.market }), label: t.levels.market(e.market) });
    }
    if (e.figure === 'CLAIM_VERDICT' && e.claims[0]) {
      const market = e.claims[0].verdict.market;
      steps.push({ href: explainHref({ ...level, market }), label: t.levels.market(market) });
      steps.push({
        href: explainHref({ ...level, claimId: e.claimId ?? undefined }),
        label: `${t.levels.claim}: ${claimName(e.claims[0], t)}`,
      });
    }
  } else {
    const site = view.explain.sites[0];
    steps.push({
      href: explainHref({ year: view.year, siteId: view.explain.siteId ?? undefined }),
      label: t.levels.site(site?.name ?? ''),
    });
  }
  return (
    <nav aria-label={t.levels.label} id="levels">
      <p>
        {steps.map((step, i) => (
          <>
            {i > 0 && <span aria-hidden="true"> › </span>}
            <a href={step.href} aria-current={i === steps.length - 1 ? 'page' : undefined}>
              {step.label}
            </a>
          </>
        ))}
      </p>
    </nav>
  );
}

function Toolbar({ web, view }: { web: WebContext; view: ExplainView }) {
  const t = EXPLAIN_TEXT[web.language];
  return (
    <form class="toolbar" method="get" action="/app/explain">
      <div class="field">
        <label for="explain-year">{t.toolbar.year}</label>
        <input
          id="explain-year"
          name="year"
          type="number"
          inputMode="numeric"
          value={String(view.year)}
          min="2000"
          max="2100"
        />
      </div>
      {view.kind === 'scope2' ? (
        <input type="hidden" name="siteId" value={view.explain.siteId ?? ''} />
      ) : (
        <>
          <div class="field">
            <label for="explain-ruleset">{t.toolbar.ruleset}</label>
            <select id="explain-ruleset" name="ruleset">
              <option value="">{t.toolbar.rulesetOfPeriod}</option>
              {view.rulesets.map((r) => (
                <option value={r.id} selected={r.id === view.ruleset}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          {view.explain.figure === 'MARKET_ELIGIBLE' && view.explain.market && (
            <input type="hidden" name="market" value={view.explain.market} />
          )}
        </>
      )}
      <button type="submit">{t.toolbar.show}</button>
    </form>
  );
}

export function ExplainPage({ web, view }: { web: WebContext; view: ExplainView }) {
  const t = EXPLAIN_TEXT[web.language];
  return (
    <Layout web={web} title={t.title}>
      <p class="muted">{t.intro}</p>
      <Toolbar web={web} view={view} />
      <Levels web={web} view={view} />
      {view.kind === 're100' ? (
        <Re100Explain web={web} view={view} />
      ) : (
        <Scope2Explain web={web} view={view} />
      )}
    </Layout>
  );
}
