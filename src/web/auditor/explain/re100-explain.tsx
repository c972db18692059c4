import { ExplainClaimDto, ExplainSiteDto, Re100ExplainDto } from '../../../re100/dto/explain.dto';
import { ReportText } from '../../../reports/templates/report-text';
import { COMMON_TEXT } from '../../i18n/common';
import { Badge, DataTable, Fact, Figure, groupDigits } from '../../views/components';
import { WebContext } from '../../web-context';
import { EXPLAIN_TEXT, ExplainText } from './explain.text';
import { explainHref, factText, isSelfGenerationClaim, Re100View, shortClaimId } from './explain-view';
import { Card, FactsTable, Meters, Method, num, reasonWords, str, VERDICT_TONES } from './explain-parts';

function Sites(props: { view: Re100View; t: ExplainText }) {
  const { view, t } = props;
  const e = view.explain;
  const level = { year: view.year, ruleset: view.ruleset };
  return (
    <Card id="sites" title={t.sites.title} wide>
      {e.sites.length === 0 ? (
        <p class="muted">{t.sites.none}</p>
      ) : (
        <>
          <DataTable
            id="sites"
            caption={t.sites.title}
            head={[
              t.sites.site,
              t.sites.country,
              t.sites.market,
              t.sites.excluded,
              `${t.sites.consumption} (MWh)`,
              `${t.sites.selfGeneration} (MWh)`,
              t.sites.scope2,
            ]}
            numeric={[4, 5]}
            rows={e.sites.map((s: ExplainSiteDto) => [
              <span data-site-id={s.siteId}>{s.name}</span>,
              s.country,
              <a href={explainHref({ ...level, market: s.market })}>{s.market}</a>,
              s.excluded ? (s.exclusionReason ? `${t.yes}: ${s.exclusionReason}` : t.yes) : t.no,
              <span data-value={s.consumptionMwh}>{groupDigits(s.consumptionMwh)}</span>,
              s.selfGenerationConsumedMwh,
              <a href={explainHref({ year: view.year, siteId: s.siteId })}>{t.sites.scope2}</a>,
            ])}
          />
          {e.sites.map((s) => (
            <details>
              <summary>{t.sites.metersOf(s.name)}</summary>
              <Meters meters={s.meters} t={t} words={view.words} caption={t.sites.metersOf(s.name)} />
            </details>
          ))}
        </>
      )}
    </Card>
  );
}

export function claimName(c: ExplainClaimDto, t: ExplainText): string {
  if (c.facility) return c.facility.name;
  return isSelfGenerationClaim(c.verdict.claimId) ? t.claims.selfGeneration : c.verdict.claimId;
}

function Evidence({ claim, words }: { claim: ExplainClaimDto; words: ReportText }) {
  const cert = claim.certificate;
  const f = claim.facility;
  return (
    <>
      {cert && (
        <div>
          {cert.registry} {cert.instrumentType}{' '}
          {cert.serialStart && (
            <code>
              {cert.serialStart}–{cert.serialEnd}
            </code>
          )}
        </div>
      )}
      {f && (
        <div>
          {f.name} ({f.country}, {words.technologies[f.technology] ?? f.technology}, {f.commissioningDate})
        </div>
      )}
      {claim.contracts.map((c) => (
        <div class="muted">
          {words.methods[c.method] ?? c.method}: {c.counterparty} ({c.signedDate})
        </div>
      ))}
    </>
  );
}

function Claims(props: { view: Re100View; t: ExplainText }) {
  const { view, t } = props;
  const { words } = view;
  const e = view.explain;
  const level = { year: view.year, ruleset: view.ruleset };
  return (
    <Card id="claims" title={t.claims.title} wide>
      <DataTable
        id="claims"
        caption={t.claims.title}
        empty={t.claims.none}
        head={[
          t.claims.claim,
          t.claims.market,
          t.claims.status,
          t.claims.type,
          `${t.claims.volume} (MWh)`,
          `${t.claims.eligible} (MWh)`,
          t.claims.reasons,
          t.claims.evidence,
        ]}
        numeric={[4, 5]}
        rows={e.claims.map((c) => {
          const v = c.verdict as unknown as Record<string, unknown> & typeof c.verdict;
          return [
            <span data-claim-id={v.claimId}>
              <a
                href={explainHref({ ...level, claimId: v.claimId })}
                aria-label={`${t.claims.explain}: ${claimName(c, t)}`}
              >
                {claimName(c, t)}
              </a>
              <div>
                <code>{shortClaimId(v.claimId)}</code>
              </div>
            </span>,
            <a href={explainHref({ ...level, market: v.market })}>{v.market}</a>,
            <Badge tone={VERDICT_TONES[v.status] ?? 'neutral'}>{words.statuses[v.status] ?? v.status}</Badge>,
            words.procurementTypes[String(v.basis.procurementType)] ?? str(v.basis.procurementType),
            <span data-value={str(v.volumeMwh)}>{num(str(v.volumeMwh))}</span>,
            <span data-value={str(v.eligibleMwh)}>{num(str(v.eligibleMwh))}</span>,
            v.reasons.length === 0 ? null : (
              <ul>
                {v.reasons.map((code) => {
                  const r = reasonWords(code, words);
                  return (
                    <li data-reason={code}>
                      {r.rule && <strong>{r.rule}</strong>} {r.text}
                    </li>
                  );
                })}
              </ul>
            ),
            <Evidence claim={c} words={words} />,
          ];
        })}
      />
    </Card>
  );
}

function ClaimDetail(props: { view: Re100View; t: ExplainText }) {
  const { view, t } = props;
  const { words } = view;
  const claim = view.explain.claims[0];
  if (!claim) return null;
  const v = claim.verdict;
  const allocation = v.allocation as Record<string, unknown>;
  const cert = claim.certificate;
  const f = claim.facility;
  return (
    <>
      <Card id="reasons" title={t.claim.reasonsTitle}>
        {v.reasons.length === 0 ? (
          <p>{t.claim.noReasons}</p>
        ) : (
          <DataTable
            id="reasons"
            caption={t.claim.reasonsTitle}
            head={[t.claim.rule, t.claim.reason]}
            rows={v.reasons.map((code) => {
              const r = reasonWords(code, words);
              return [<strong data-reason={code}>{r.rule ?? code}</strong>, r.text];
            })}
          />
        )}
        <p>
          <strong>{t.claim.allocation}:</strong>{' '}
          {t.claim.stages[String(allocation.stage)] ?? str(allocation.stage)}
        </p>
        <FactsTable caption={t.claim.allocation} facts={allocation} t={t} />
      </Card>
      <Card id="evidence" title={t.claims.evidence}>
        {cert && (
          <>
            <h3>{t.certificate.title}</h3>
            <dl class="figures">
              <Fact label={t.certificate.registry}>{cert.registry}</Fact>
              <Fact label={t.certificate.instrument}>{cert.instrumentType}</Fact>
              {cert.serialStart && (
                <Fact label={t.certificate.serials}>
                  <code>
                    {cert.serialStart}–{cert.serialEnd}
                  </code>
                </Fact>
              )}
              <Fact label={`${t.certificate.volume} (Wh)`}>{groupDigits(cert.volumeWh)}</Fact>
              {cert.recCount !== null && (
                <Fact label={t.certificate.recCount}>{groupDigits(String(cert.recCount))}</Fact>
              )}
              {cert.issuanceDate && <Fact label={t.certificate.issuance}>{cert.issuanceDate}</Fact>}
              {cert.evidenceUrl && (
                <Fact label={t.certificate.evidence}>
                  <code>{cert.evidenceUrl}</code>
                </Fact>
              )}
            </dl>
          </>
        )}
        {f && (
          <>
            <h3>{t.facility.title}</h3>
            <dl class="figures">
              <Fact label={t.facility.title}>{f.name}</Fact>
              {f.registryFacilityId && <Fact label={t.facility.registryId}>{f.registryFacilityId}</Fact>}
              <Fact label={t.facility.country}>{f.country}</Fact>
              <Fact label={t.facility.technology}>{words.technologies[f.technology] ?? f.technology}</Fact>
              <Fact label={t.facility.commissioning}>{f.commissioningDate}</Fact>
              {f.repoweringDate && <Fact label={t.facility.repowering}>{f.repoweringDate}</Fact>}
              {f.generationMeterIds.length > 0 && (
                <Fact label={t.facility.meters}>
                  {f.generationMeterIds.map((id) => (
                    <code>{id} </code>
                  ))}
                </Fact>
              )}
            </dl>
          </>
        )}
        {claim.contracts.length > 0 && (
          <>
            <h3>{t.contract.title}</h3>
            <DataTable
              caption={t.contract.title}
              head={[t.contract.counterparty, t.contract.method, t.contract.signed, t.contract.eacsConveyed]}
              rows={claim.contracts.map((c) => [
                c.counterparty,
                `${words.methods[c.method] ?? c.method}${c.krTag ? ` (${c.krTag})` : ''}`,
                c.signedDate,
                c.eacsConveyed ? t.yes : t.no,
              ])}
            />
          </>
        )}
      </Card>
      <Card id="basis" title={t.claim.basis} wide>
        <FactsTable caption={t.claim.basis} facts={v.basis} t={t} />
      </Card>
    </>
  );
}

/** The figure explained, as the API's `value` gives it. */
function Headline(props: { web: WebContext; view: Re100View; t: ExplainText }) {
  const { view, t } = props;
  const { words } = view;
  const c = COMMON_TEXT[props.web.language];
  const e: Re100ExplainDto = view.explain;
  const v = e.value;
  const mwh = c.units.mwh;
  if (e.figure === 'CLAIM_VERDICT') {
    return (
      <section class="headline" aria-labelledby="figure-title" data-figure={e.figure}>
        <h2 id="figure-title">
          {t.levels.claim}: {e.claims[0] ? claimName(e.claims[0], t) : e.claimId}
        </h2>
        <div class="badges">
          <Badge tone={VERDICT_TONES[str(v.status) ?? ''] ?? 'neutral'} id="verdict">
            <span data-status={str(v.status)}>{words.statuses[str(v.status) ?? ''] ?? str(v.status)}</span>
          </Badge>
        </div>
        <dl class="figures big">
          <Figure id="claim-volume" label={t.figure.volume} value={str(v.volumeMwh)} unit={mwh} />
          <Figure id="claim-eligible" label={t.figure.eligible} value={str(v.eligibleMwh)} unit={mwh} />
          <Figure id="claim-ineligible" label={t.figure.ineligible} value={str(v.ineligibleMwh)} unit={mwh} />
        </dl>
      </section>
    );
  }
  const allowance = v.ageAllowance as Record<string, string> | undefined;
  return (
    <section class="headline" aria-labelledby="figure-title" data-figure={e.figure}>
      <h2 id="figure-title">
        {e.figure === 'MARKET_ELIGIBLE' ? t.levels.market(e.market ?? '') : t.levels.rePercent(e.year)}
      </h2>
      <dl class="figures big">
        <Figure
          id="re-percent"
          label={t.figure.rePercent}
          value={str(v.rePercent)}
          unit="%"
          empty={v.dataStatus === 'ALL_EXCLUDED' ? t.figure.allExcluded : t.figure.noData}
        />
        <Figure id="eligible-mwh" label={t.figure.eligible} value={str(v.eligibleMwh)} unit={mwh} />
      </dl>
      <dl class="figures">
        <Figure id="consumption-mwh" label={t.figure.consumption} value={str(v.consumptionMwh)} unit={mwh} />
        <Figure id="excluded-mwh" label={t.figure.excluded} value={str(v.excludedMwh)} unit={mwh} />
        <Figure id="in-scope-mwh" label={t.figure.inScope} value={str(v.inScopeMwh)} unit={mwh} />
        {e.figure === 'MARKET_ELIGIBLE' && (
          <>
            <Figure id="claimed-mwh" label={t.figure.claimed} value={str(v.claimedMwh)} unit={mwh} />
            <Figure id="capped-mwh" label={t.figure.capped} value={str(v.cappedMwh)} unit={mwh} />
            <Fact label={t.figure.countries}>{factText(v.countries, t.yes, t.no)}</Fact>
          </>
        )}
      </dl>
      {e.figure === 'MARKET_ELIGIBLE' && v.immaterial === true && <p class="muted">{t.figure.immaterial}</p>}
      {allowance && (
        <>
          <h3>{t.ageAllowance.title}</h3>
          <dl class="figures">
            <Fact label={t.ageAllowance.ruleFrom}>{allowance.ruleFrom}</Fact>
            <Figure label={t.ageAllowance.base} value={allowance.baseMwh} unit={mwh} />
            <Figure label={t.ageAllowance.limit} value={allowance.limitMwh} unit={mwh} />
            <Figure id="allowance-used" label={t.ageAllowance.used} value={allowance.usedMwh} unit={mwh} />
            <Figure label={t.ageAllowance.remaining} value={allowance.remainingMwh} unit={mwh} />
          </dl>
        </>
      )}
    </section>
  );
}

function Ruleset({ view, t }: { view: Re100View; t: ExplainText }) {
  const e = view.explain;
  const label = view.rulesets.find((r) => r.id === e.rulesetId)?.label ?? e.rulesetId;
  const window = e.vintageWindow as { first?: string; last?: string };
  return (
    <Card id="ruleset" title={t.ruleset.title}>
      <dl class="figures">
        <Fact label={t.ruleset.id} id="ruleset-id">
          {label} (<code>{e.rulesetId}</code>)
        </Fact>
        <Fact label={t.ruleset.period}>
          {e.periodStart} – {e.periodEnd}
        </Fact>
        <Fact label={t.ruleset.vintageWindow}>
          {window.first ?? '—'} – {window.last ?? '—'}
        </Fact>
        <Fact label={t.ruleset.legalEntity}>{e.legalEntityName}</Fact>
        <Fact label={t.ruleset.excludeImmaterial}>{e.excludeImmaterialMarkets ? t.yes : t.no}</Fact>
      </dl>
      {e.rulesetId !== e.rulesetForPeriod && (
        <p class="notice">
          {t.ruleset.whatIf} {t.ruleset.forPeriod}: <code>{e.rulesetForPeriod}</code>
        </p>
      )}
      <details>
        <summary>{t.ruleset.parameters}</summary>
        <DataTable
          caption={t.ruleset.parameters}
          head={[t.ruleset.parameter, t.ruleset.value]}
          rows={Object.entries(e.ruleset).map(([key, value]) => [
            <code>{key}</code>,
            factText(value, t.yes, t.no),
          ])}
        />
      </details>
    </Card>
  );
}

function Boundaries({ view, t }: { view: Re100View; t: ExplainText }) {
  const level = { year: view.year, ruleset: view.ruleset };
  return (
    <Card id="boundaries" title={t.boundaries.title}>
      <DataTable
        id="boundaries"
        caption={t.boundaries.title}
        head={[t.boundaries.country, t.boundaries.market, t.boundaries.from, t.boundaries.to]}
        rows={view.explain.marketBoundaries.map((b) => [
          b.country,
          <a href={explainHref({ ...level, market: b.market })}>{b.market}</a>,
          b.from,
          b.to,
        ])}
      />
    </Card>
  );
}

export function Re100Explain({ web, view }: { web: WebContext; view: Re100View }) {
  const t = EXPLAIN_TEXT[web.language];
  const claim = view.explain.figure === 'CLAIM_VERDICT';
  return (
    <>
      <Headline web={web} view={view} t={t} />
      <div class="grid">
        {claim && <ClaimDetail view={view} t={t} />}
        <Method steps={view.explain.method} title={t.method} />
        <Ruleset view={view} t={t} />
        <Boundaries view={view} t={t} />
        <Sites view={view} t={t} />
        {!claim && <Claims view={view} t={t} />}
      </div>
    </>
  );
}
