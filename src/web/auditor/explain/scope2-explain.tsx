import { Scope2ExplainDto, Scope2FigureDto } from '../../../emissions/dto/scope2-response.dto';
import { Badge, DataTable, Fact, Figure, groupDigits } from '../../views/components';
import { WebContext } from '../../web-context';
import { EXPLAIN_TEXT, ExplainText } from './explain.text';
import { explainHref, Scope2View, shortClaimId } from './explain-view';
import { Card, Meters, Method, reasonWords } from './explain-parts';

function Scope2Figure({
  id,
  label,
  figure,
  t,
}: {
  id: string;
  label: string;
  figure: Scope2FigureDto;
  t: ExplainText;
}) {
  return (
    <Figure
      id={id}
      label={label}
      value={figure.tCo2e}
      unit="t CO₂e"
      note={figure.complete ? t.scope2.complete : t.scope2.incomplete(figure.leftOutMwh)}
    />
  );
}

export function Scope2Explain({ web, view }: { web: WebContext; view: Scope2View }) {
  const t = EXPLAIN_TEXT[web.language];
  const { words } = view;
  const e: Scope2ExplainDto = view.explain;
  const site = e.sites[0];
  const fs = e.factorSelection.factorSet;
  return (
    <>
      <section class="headline" aria-labelledby="figure-title" data-figure="SCOPE2_SITE">
        <h2 id="figure-title">{t.scope2.figures}</h2>
        <div class="badges">
          <Badge tone={e.provisional ? 'warn' : 'good'}>
            {e.provisional ? t.scope2.provisional : t.scope2.finalized}
          </Badge>
        </div>
        <dl class="figures big">
          <Scope2Figure
            id="scope2-location"
            label={t.scope2.locationBased}
            figure={e.figures.locationBased}
            t={t}
          />
          <Scope2Figure
            id="scope2-market"
            label={t.scope2.marketBased}
            figure={e.figures.marketBased}
            t={t}
          />
        </dl>
        <dl class="figures">
          <Figure
            id="consumption-mwh"
            label={t.figure.consumption}
            value={e.figures.consumptionMwh}
            unit="MWh"
          />
          <Figure id="purchased-mwh" label={t.scope2.purchased} value={e.figures.purchasedMwh} unit="MWh" />
          <Figure label={t.scope2.ownGeneration} value={e.figures.ownGenerationWh} unit="Wh" />
          <Figure label={t.scope2.zeroEmission} value={e.figures.zeroEmissionWh} unit="Wh" />
          <Fact label={t.scope2.factorSet}>
            {fs.name} {fs.version} (
            {e.factorSelection.explicit ? t.scope2.factorSetChosen : t.scope2.factorSetDefault})
          </Fact>
        </dl>
      </section>
      <div class="grid">
        <Card id="factors" title={t.scope2.factors} wide>
          <DataTable
            id="factors"
            caption={t.scope2.factors}
            empty={t.scope2.noFactors}
            head={[
              t.scope2.source,
              t.scope2.edition,
              t.scope2.dataYear,
              t.scope2.region,
              t.scope2.kind,
              t.scope2.value,
              t.scope2.unit,
              t.scope2.gas,
              t.scope2.kgPerMwh,
              t.scope2.verified,
            ]}
            numeric={[5, 8]}
            rows={e.factorsUsed.map((f) => [
              <span data-factor-id={f.id}>{f.source}</span>,
              f.edition,
              String(f.dataYear),
              f.region,
              words.factorKinds[f.kind] ?? f.kind,
              <span data-value={f.value}>{groupDigits(f.value)}</span>,
              f.unit,
              f.gas,
              f.kgPerMwh,
              f.verified ? t.yes : t.no,
            ])}
          />
        </Card>
        {site && (
          <Card id="site-input" title={t.scope2.input} wide>
            <dl class="figures">
              <Figure label={t.scope2.imported} value={site.importWh} unit="Wh" />
              <Figure label={t.scope2.exported} value={site.exportWh} unit="Wh" />
              <Figure label={t.scope2.generated} value={site.generationWh} unit="Wh" />
              <Figure label={t.figure.consumption} value={site.consumptionWh} unit="Wh" />
              <Figure label={t.sites.selfGeneration} value={site.selfGenerationConsumedWh} unit="Wh" />
            </dl>
            <p class="muted">{t.scope2.daysInPeriod(site.daysInPeriod)}</p>
            <Meters meters={site.meters} t={t} words={words} caption={t.scope2.input} />
          </Card>
        )}
        <Card id="slices" title={t.scope2.slices} wide>
          <DataTable
            id="slices"
            caption={t.scope2.slices}
            empty={t.scope2.noSlices}
            head={[
              t.scope2.sliceClaim,
              t.scope2.sliceEnergy,
              t.scope2.sliceTechnology,
              t.scope2.sliceInstrument,
              t.scope2.sliceMethod,
            ]}
            numeric={[1]}
            rows={e.renewableSlices.map((s) => [
              <a href={explainHref({ year: view.year, claimId: s.claimId })}>
                <code>{shortClaimId(s.claimId)}</code>
              </a>,
              s.wh,
              words.technologies[s.technology] ?? s.technology,
              s.instrumentType,
              words.methods[s.procurementMethod] ?? s.procurementMethod,
            ])}
          />
          {e.claimsNotUsed.length > 0 && (
            <>
              <h3>{t.scope2.notUsed}</h3>
              <DataTable
                caption={t.scope2.notUsed}
                head={[
                  t.scope2.sliceClaim,
                  t.claims.status,
                  t.scope2.placed,
                  t.scope2.notPlaced,
                  t.claims.reasons,
                ]}
                numeric={[2, 3]}
                rows={e.claimsNotUsed.map((c) => [
                  <code>{c.claimId}</code>,
                  words.statuses[c.status] ?? c.status,
                  c.placedWh,
                  c.notPlacedWh,
                  c.reasons.map((code) => reasonWords(code, words).text).join(' '),
                ])}
              />
            </>
          )}
        </Card>
        {(
          [
            ['errors', t.scope2.errors, e.errors],
            ['notices', t.scope2.notices, e.notices],
          ] as const
        ).map(
          ([id, title, issues]) =>
            issues.length > 0 && (
              <Card id={id} title={title} wide>
                <DataTable
                  id={id}
                  caption={title}
                  head={[t.scope2.code, t.scope2.rule, t.scope2.message]}
                  rows={issues.map((i) => [<code>{i.code}</code>, i.rule ?? null, i.message])}
                />
              </Card>
            ),
        )}
        <Method steps={e.methodology} title={t.scope2.methodology} />
      </div>
    </>
  );
}
