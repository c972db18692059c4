import { COMMON_TEXT } from '../i18n/common';
import { Badge, BadgeTone, Chart, DataTable, EmptyChart, Figure } from '../views/components';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { DashboardView } from './dashboard-view';
import { DASHBOARD_TEXT, DashboardText } from './dashboard.text';

const TONES: Record<string, BadgeTone> = {
  ON_TRACK: 'good',
  ACHIEVED: 'good',
  BEHIND: 'bad',
  NO_DATA: 'warn',
  ALL_EXCLUDED: 'warn',
  NO_TARGET: 'neutral',
};

/** Colours with at least 3:1 contrast against white, told apart by more than hue (line styles, markers). */
const GREEN = '#1b7f3b';
const GREY = '#6b7280';
const BLUE = '#1f5fbf';

const num = (value: string | null) => (value === null ? null : Number(value));

function trajectoryChart(view: DashboardView, t: DashboardText) {
  const years = [...new Set([...view.series.map((s) => s.year), ...view.trajectory.map((p) => p.year)])].sort(
    (a, b) => a - b,
  );
  const re = new Map(view.series.map((s) => [s.year, s.rePercent]));
  const required = new Map(view.trajectory.map((p) => [p.year, p.requiredPercent]));
  return {
    option: {
      animation: false,
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        {
          name: t.chartRe,
          type: 'bar',
          itemStyle: { color: GREEN },
          data: years.map((y) => num(re.get(y) ?? null)),
        },
        {
          name: t.chartTrajectory,
          type: 'line',
          step: false,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: GREY, width: 2 },
          itemStyle: { color: GREY },
          data: years.map((y) => num(required.get(y) ?? null)),
        },
        {
          name: t.chartMilestones,
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: BLUE },
          label: { show: true, position: 'top', formatter: '{c} %' },
          data: years.map((y) => {
            const m = view.milestones.find((p) => p.year === y);
            return m ? Number(m.percent) : null;
          }),
        },
      ],
    },
    table: {
      head: [t.yearHead, t.chartRe, t.requiredHead],
      rows: years.map((y) => [String(y), re.get(y) ?? null, required.get(y) ?? null]),
    },
  };
}

function marketChart(view: DashboardView, t: DashboardText) {
  return {
    option: {
      animation: false,
      grid: { left: 64, right: 16, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: view.markets.map((m) => m.market) },
      yAxis: { type: 'value', name: 'MWh' },
      series: [
        {
          name: t.renewable,
          type: 'bar',
          stack: 'mwh',
          itemStyle: { color: GREEN },
          data: view.markets.map((m) => Number(m.renewableMwh)),
        },
        {
          name: t.nonRenewable,
          type: 'bar',
          stack: 'mwh',
          itemStyle: { color: GREY, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3] } },
          data: view.markets.map((m) => Number(m.nonRenewableMwh)),
        },
      ],
      aria: { enabled: false, decal: { show: true } },
    },
    table: {
      head: [t.market, `${t.renewable} (MWh)`, `${t.nonRenewable} (MWh)`, `${t.inScope} (MWh)`],
      rows: view.markets.map((m) => [m.market, m.renewableMwh, m.nonRenewableMwh, m.inScopeMwh]),
    },
  };
}

function mixChart(view: DashboardView, t: DashboardText) {
  return {
    option: {
      animation: false,
      tooltip: { trigger: 'item', renderMode: 'richText' },
      legend: { bottom: 0 },
      series: [
        {
          name: t.mix,
          type: 'pie',
          radius: ['35%', '65%'],
          label: { formatter: '{b}: {d} %' },
          // Types without recognised energy are left out of the ring (the table lists them all).
          data: view.mix
            .filter((m) => Number(m.eligibleMwh) > 0)
            .map((m) => ({ name: t.typeNames[m.type] ?? String(m.type), value: Number(m.eligibleMwh) })),
        },
      ],
    },
    table: {
      head: [t.type, `${t.claimed} (MWh)`, `${t.recognised} (MWh)`],
      rows: view.mix.map((m) => [
        `${m.type} ${t.typeNames[m.type] ?? ''}`.trim(),
        m.volumeMwh,
        m.eligibleMwh,
      ]),
    },
  };
}

export function DashboardPage({ web, view }: { web: WebContext; view: DashboardView }) {
  const t = DASHBOARD_TEXT[web.language];
  const c = COMMON_TEXT[web.language];
  const trajectory = trajectoryChart(view, t);
  const markets = marketChart(view, t);
  const mix = mixChart(view, t);
  const noRe = view.status === 'NO_DATA' || view.status === 'ALL_EXCLUDED';
  return (
    <Layout web={web} title={t.title} charts>
      <form class="toolbar" method="get" action="/app">
        <label for="year">{t.year}</label>
        <select id="year" name="year">
          {view.years.map((y) => (
            <option value={String(y)} selected={y === view.year}>
              {String(y)}
            </option>
          ))}
        </select>
        <button type="submit">{t.show}</button>
      </form>

      <section class="headline" aria-labelledby="headline-title">
        <h2 id="headline-title">{t.headline(view.year)}</h2>
        <div class="badges">
          <Badge tone={TONES[view.status] ?? 'neutral'} id="status">
            {t.status[view.status] ?? view.status}
          </Badge>
          <Badge tone={view.provisional ? 'warn' : 'good'} id="year-state">
            {view.provisional ? t.provisional : t.finalized}
          </Badge>
        </div>
        <dl class="figures big">
          <Figure
            id="re-percent"
            label="RE %"
            value={view.rePercent}
            unit="%"
            empty={t.status[view.status]}
            note={noRe ? (view.status === 'NO_DATA' ? t.noData : t.allExcluded) : undefined}
          />
          {view.targetYear === null ? (
            <div class="figure">
              <dt>{t.trajectory}</dt>
              <dd class="empty">{t.noTarget}</dd>
            </div>
          ) : (
            <Figure id="required-percent" label={t.trajectory} value={view.requiredPercent} unit="%" />
          )}
          {view.nextMilestone && (
            <div class="figure" id="next-milestone">
              <dt>{t.nextMilestone}</dt>
              <dd>
                <span
                  class="value"
                  data-value={view.nextMilestone.requiredPercent}
                  data-year={String(view.nextMilestone.year)}
                >
                  {t.milestoneValue(view.nextMilestone.year, view.nextMilestone.requiredPercent)}
                </span>
              </dd>
            </div>
          )}
        </dl>
        <p class="muted">{view.provisional ? t.provisionalNote : t.finalizedNote}</p>
        <p>
          <a href={`/app/explain?year=${view.year}`}>{t.explain}</a>
        </p>
      </section>

      <div class="grid">
        <section class="card wide" aria-labelledby="re-chart-title">
          <h2 id="re-chart-title" class="visually-hidden">
            {t.chartTitle}
          </h2>
          <Chart
            id="re-chart"
            title={t.chartTitle}
            option={trajectory.option}
            table={trajectory.table}
            showData={t.showData}
          />
        </section>
        <section class="card" aria-labelledby="markets-title">
          <h2 id="markets-title" class="visually-hidden">
            {t.byMarket}
          </h2>
          {view.markets.length === 0 ? (
            <EmptyChart title={t.byMarket} message={t.status.NO_DATA} />
          ) : (
            <Chart
              id="market-chart"
              title={t.byMarket}
              option={markets.option}
              table={markets.table}
              showData={t.showData}
            />
          )}
        </section>
        <section class="card" aria-labelledby="mix-title">
          <h2 id="mix-title" class="visually-hidden">
            {t.mix}
          </h2>
          {view.mix.every((m) => Number(m.eligibleMwh) === 0) ? (
            <EmptyChart title={t.mix} message={t.status.NO_DATA} />
          ) : (
            <Chart id="mix-chart" title={t.mix} option={mix.option} table={mix.table} showData={t.showData} />
          )}
        </section>
        <section class="card" aria-labelledby="claims-title">
          <h2 id="claims-title">{t.claimedVsRecognised}</h2>
          <dl class="figures">
            <Figure id="claimed-mwh" label={t.claimed} value={view.claimedMwh} unit={c.units.mwh} />
            <Figure id="recognised-mwh" label={t.recognised} value={view.recognisedMwh} unit={c.units.mwh} />
          </dl>
        </section>
        <section class="card" aria-labelledby="scope2-title">
          <h2 id="scope2-title">{t.scope2}</h2>
          <dl class="figures">
            <Figure
              id="scope2-location"
              label={t.locationBased}
              value={view.scope2.locationTCo2e}
              unit={c.units.tco2e}
              note={view.scope2.locationComplete ? undefined : t.incomplete}
            />
            <Figure
              id="scope2-market"
              label={t.marketBased}
              value={view.scope2.marketTCo2e}
              unit={c.units.tco2e}
              note={view.scope2.marketComplete ? undefined : t.incomplete}
            />
          </dl>
        </section>
        <section class="card" aria-labelledby="still-title">
          <h2 id="still-title">{t.stillToProcure}</h2>
          {view.stillToProcure.totalMwh === null ? (
            <p class="muted">{view.targetYear === null ? t.noTarget : t.status[view.status]}</p>
          ) : (
            <DataTable
              id="still-to-procure"
              head={[t.market, c.units.mwh]}
              numeric
              rows={[
                ...view.stillToProcure.markets.map((m) => [m.market, m.mwh]),
                [t.stillTotal, view.stillToProcure.totalMwh],
              ]}
            />
          )}
        </section>
        <section class="card" aria-labelledby="quality-title">
          <h2 id="quality-title">{t.completeness}</h2>
          <dl class="figures">
            <Figure
              id="meters-with-problems"
              label={t.metersWithProblems}
              value={String(view.metersWithProblems)}
            />
          </dl>
          {web.organization && ['admin', 'officer'].includes(web.organization.role) && (
            <p>
              <a href={`/app/sites?year=${view.year}`}>{t.seeSites}</a>
            </p>
          )}
        </section>
      </div>
    </Layout>
  );
}
