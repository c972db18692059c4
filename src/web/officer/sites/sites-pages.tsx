import {
  Badge,
  BadgeTone,
  DataTable,
  Fact,
  groupDigits,
  Pager,
  SuccessNotice,
  Table,
} from '../../views/components';
import { CsrfField, ErrorSummary, FieldErrors, InputField, TextAreaField } from '../../views/form';
import { Layout } from '../../views/layout';
import { WebContext } from '../../web-context';
import { YearPicker } from '../officer-components';
import { RefusalNotice } from '../refusal-notice';
import type { VoidState } from './sites-pages.service';
import { SITES_TEXT, SitesText } from './sites.text';
import { METER_STATUSES, MeterRow, MeterStatus, MeterView, SiteView, SitesView } from './sites-view';

const TONES: Record<MeterStatus, BadgeTone> = {
  complete: 'good',
  gaps: 'warn',
  stale: 'bad',
  no_data: 'bad',
};

const StatusBadge = (props: { status: MeterStatus; t: SitesText; id?: string }) => (
  <Badge tone={TONES[props.status]} id={props.id}>
    {props.t.status[props.status]}
  </Badge>
);

const kindOf = (t: SitesText, m: { kind: string; intervalMinutes: number | null; direction: string }) =>
  [
    t.kinds[m.kind] ?? m.kind,
    m.kind === 'interval' && m.intervalMinutes ? t.everyMinutes(m.intervalMinutes) : null,
    t.directions[m.direction] ?? m.direction,
  ]
    .filter(Boolean)
    .join(', ');

const meterHref = (meterId: string, year: number) => `/app/sites/meters/${meterId}?year=${year}`;

/** A page of a paged list: its path with the query kept and `offset` set. */
const pageHref = (path: string, query: Record<string, string>) => (offset: number) =>
  `${path}?${new URLSearchParams({ ...query, offset: String(offset) })}`;

/** The meters of a site with their data quality in the year: one row each. */
function MeterTable(props: { meters: MeterRow[]; year: number; t: SitesText; caption: string }) {
  const { t } = props;
  return (
    <Table
      class="meters"
      caption={props.caption}
      head={[
        t.meter,
        t.kindDirection,
        t.statusHead,
        t.completeness,
        t.missing,
        t.estimated,
        t.staleHead,
        t.lastReading,
      ]}
    >
      {props.meters.map((m) => (
        <tr data-meter={m.meterId} data-status={m.status}>
          <th scope="row">
            <a href={meterHref(m.meterId, props.year)}>{m.externalId}</a>
          </th>
          <td>{kindOf(t, m)}</td>
          <td>
            <StatusBadge status={m.status} t={t} />
          </td>
          <td class="num" data-value={m.completeness ?? ''}>
            {m.completeness ?? t.notApplicable}
          </td>
          <td class="num">
            {m.missingIntervals === null ? t.notApplicable : groupDigits(String(m.missingIntervals))}
          </td>
          <td class="num">{m.estimated}</td>
          <td>{m.stale ? t.yes : t.no}</td>
          <td>{m.lastReading ?? t.never}</td>
        </tr>
      ))}
    </Table>
  );
}

/** What each status means, once per page. */
const StatusLegend = ({ t, counts }: { t: SitesText; counts?: Record<MeterStatus, number> }) => (
  <dl class="legend">
    {METER_STATUSES.map((s) => (
      <div>
        <dt>
          <StatusBadge status={s} t={t} />
          {counts && (
            <span class="count" id={`count-${s}`}>
              {' '}
              {groupDigits(String(counts[s]))}
            </span>
          )}
        </dt>
        <dd>{t.statusHelp[s]}</dd>
      </div>
    ))}
  </dl>
);

export function SitesPage({ web, view }: { web: WebContext; view: SitesView }) {
  const t = SITES_TEXT[web.language];
  return (
    <Layout web={web} title={t.title}>
      <YearPicker action="/app/sites" year={view.year} years={view.years} label={t.year} submit={t.show} />
      <p class="muted">{t.intro(view.year)}</p>
      <div class="grid">
        <section class="card wide" aria-labelledby="summary-title">
          <h2 id="summary-title">{t.summary}</h2>
          <StatusLegend t={t} counts={view.counts} />
        </section>
        {view.sites.length === 0 && <p>{t.noSites}</p>}
        {view.sites.map((site) => (
          <section class="card wide" aria-labelledby={`site-${site.siteId}`} data-site={site.siteId}>
            <h2 id={`site-${site.siteId}`}>
              <a href={`/app/sites/${site.siteId}?year=${view.year}`}>{site.name}</a>{' '}
              <span class="muted">
                {site.country} · {site.timeZone}
              </span>
            </h2>
            {site.excluded && <p class="muted">{t.excluded}</p>}
            {site.meters.length === 0 ? (
              <p class="muted">{t.noMeters}</p>
            ) : (
              <MeterTable meters={site.meters} year={view.year} t={t} caption={t.siteMeters(site.name)} />
            )}
          </section>
        ))}
      </div>
      <Pager
        language={web.language}
        label={t.title}
        total={view.total}
        offset={view.offset}
        limit={view.limit}
        href={pageHref('/app/sites', { year: String(view.year) })}
      />
    </Layout>
  );
}

export function SitePage({ web, view }: { web: WebContext; view: SiteView }) {
  const t = SITES_TEXT[web.language];
  const { site } = view;
  return (
    <Layout web={web} title={site.name}>
      <p>
        <a href={`/app/sites?year=${view.year}`}>{t.back}</a>
      </p>
      <dl class="figures">
        <Fact label={t.country}>{site.country}</Fact>
        <Fact label={t.timeZone}>{site.timeZone}</Fact>
        {site.gridRegion && <Fact label={t.gridRegion}>{site.gridRegion}</Fact>}
        {site.address && <Fact label={t.address}>{site.address}</Fact>}
        <Fact label={t.excluded}>{site.excluded ? `${t.yes}: ${site.exclusionReason ?? ''}` : t.no}</Fact>
      </dl>
      <YearPicker
        action={`/app/sites/${site.siteId}`}
        year={view.year}
        years={view.years}
        label={t.year}
        submit={t.show}
      />
      <section class="card" aria-labelledby="meters-title">
        <h2 id="meters-title">{t.siteMeters(site.name)}</h2>
        {site.meters.length === 0 ? (
          <p class="muted">{t.noMeters}</p>
        ) : (
          <MeterTable meters={site.meters} year={view.year} t={t} caption={t.siteMeters(site.name)} />
        )}
        <StatusLegend t={t} />
      </section>
    </Layout>
  );
}

/** The form voiding a meter's readings of a period; re-shown with its problems or the refusal. */
function VoidReadingsForm(props: { web: WebContext; view: MeterView; state: VoidState | null }) {
  const { web, view, state } = props;
  const t = SITES_TEXT[web.language];
  const errors: FieldErrors | null = state?.errors ?? null;
  return (
    <section class="card wide" id="void-readings" aria-labelledby="void-title">
      <h2 id="void-title">{t.voidTitle}</h2>
      {view.meter.kind === 'register' ? (
        <p class="muted">{t.registerNoVoid}</p>
      ) : (
        <form
          class="form"
          method="post"
          action={`/app/sites/meters/${view.meter.id}/void?year=${view.year}`}
          data-confirm={t.voidConfirm}
        >
          <p class="muted">{t.voidIntro}</p>
          <RefusalNotice refusal={state?.refusal ?? null} language={web.language} id="void-refused" />
          {!state?.refusal && <ErrorSummary errors={errors} language={web.language} />}
          <CsrfField token={web.csrfToken} />
          <div class="form-grid">
            <InputField
              form="void"
              name="from"
              label={t.voidFrom}
              value={state?.form.from}
              errors={errors}
              hint={t.periodHint}
              placeholder="2026-01-31"
              required
            />
            <InputField
              form="void"
              name="to"
              label={t.voidTo}
              value={state?.form.to}
              errors={errors}
              hint={t.periodHint}
              placeholder="2026-02-01"
              required
            />
          </div>
          <TextAreaField
            form="void"
            name="reason"
            label={t.reason}
            value={state?.form.reason}
            errors={errors}
            hint={t.reasonHint}
            required
          />
          <div class="actions">
            <button type="submit" class="danger">
              {t.voidButton}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function MeterPage(props: {
  web: WebContext;
  view: MeterView;
  filterErrors: FieldErrors | null;
  voidState: VoidState | null;
  notice: string | null;
}) {
  const { web, view } = props;
  const t = SITES_TEXT[web.language];
  const { meter, quality, readings } = view;
  const path = `/app/sites/meters/${meter.id}`;
  const first = readings.total === 0 ? 0 : readings.offset + 1;
  const last = Math.min(readings.offset + readings.limit, readings.total);
  return (
    <Layout web={web} title={t.meterTitle(meter.externalId)}>
      <p>
        <a href={`/app/sites/${view.site.id}?year=${view.year}`}>{view.site.name}</a> ·{' '}
        <a href={`/app/sites?year=${view.year}`}>{t.back}</a>
      </p>
      {props.notice && <SuccessNotice id="notice">{props.notice}</SuccessNotice>}
      <dl class="figures">
        {meter.name && <Fact label={t.name}>{meter.name}</Fact>}
        <Fact label={t.kindDirection}>{kindOf(t, meter)}</Fact>
        <Fact label={t.unit}>{meter.unit}</Fact>
        <Fact label={t.timeZone}>{view.site.timeZone}</Fact>
        {meter.activeFrom && <Fact label={t.activeFrom}>{meter.activeFrom}</Fact>}
        {meter.activeTo && <Fact label={t.activeTo}>{meter.activeTo}</Fact>}
      </dl>

      <YearPicker action={path} year={view.year} years={view.years} label={t.year} submit={t.show} />
      <div class="grid">
        <section class="card wide" aria-labelledby="quality-title">
          <h2 id="quality-title">
            {t.quality} {view.year} <StatusBadge status={quality.status} t={t} id="meter-status" />
          </h2>
          <dl class="figures">
            <Fact label={t.completeness}>
              <span class="value" id="completeness" data-value={quality.completeness ?? ''}>
                {quality.completeness ?? t.notApplicable}
              </span>
            </Fact>
            <Fact label={t.missing}>
              <span class="value" id="missing">
                {quality.missingIntervals === null
                  ? t.notApplicable
                  : groupDigits(String(quality.missingIntervals))}
              </span>
            </Fact>
            <Fact label={t.estimated}>
              <span class="value">{quality.estimated}</span>
            </Fact>
            <Fact label={t.lastReading}>
              <span class="value" id="last-reading">
                {quality.lastReading ?? t.never}
              </span>
              {quality.stale && <div class="note">{t.staleNote}</div>}
            </Fact>
          </dl>
          <p class="muted">
            {t.checked}: {quality.checkedFrom} – {quality.checkedTo}
            {quality.expectedIntervals !== null &&
              ` · ${t.expected}: ${groupDigits(String(quality.expectedIntervals))} · ${t.received}: ${groupDigits(String(quality.receivedIntervals))}`}
          </p>
          {quality.gaps.length > 0 && (
            <details>
              <summary>{t.gapCount(quality.gaps.length, quality.gapCount)}</summary>
              <DataTable
                id="gaps"
                caption={t.gaps}
                head={[t.gapFrom, t.gapTo, t.missing]}
                numeric={[2]}
                rows={quality.gaps.map((g) => [g.from, g.to, String(g.missingIntervals)])}
              />
            </details>
          )}
        </section>

        <section class="card wide" aria-labelledby="readings-title">
          <h2 id="readings-title">{t.readings}</h2>
          <p class="muted">{t.readingsIntro}</p>
          <form class="filters" method="get" action={path}>
            <input type="hidden" name="year" value={String(view.year)} />
            <ErrorSummary errors={props.filterErrors} language={web.language} />
            <InputField
              form="readings"
              name="from"
              label={t.from}
              value={view.period.from}
              errors={props.filterErrors}
              hint={t.periodHint}
            />
            <InputField
              form="readings"
              name="to"
              label={t.to}
              value={view.period.to}
              errors={props.filterErrors}
              hint={t.periodHint}
            />
            <button type="submit">{t.filter}</button>
          </form>
          {readings.total === 0 ? (
            <p class="muted" id="no-readings">
              {t.noReadings}
            </p>
          ) : (
            <>
              <p class="muted" id="readings-count">
                {t.page(first, last, readings.total)}
              </p>
              <Table
                id="readings"
                caption={t.readings}
                head={[t.start, t.duration, t.value, t.qualityClass, t.revision, t.source, t.received_at]}
              >
                {readings.items.map((r) => (
                  <tr>
                    <th scope="row">{r.start}</th>
                    <td class="num">{String(r.durationMinutes)}</td>
                    <td class="num" data-value={r.valueWh}>
                      {groupDigits(r.valueWh)}
                    </td>
                    <td>{t.qualityClasses[r.qualityClass] ?? r.qualityClass}</td>
                    <td class="num">{String(r.revision)}</td>
                    <td>{t.sources[r.source] ?? r.source}</td>
                    <td>{r.receivedAt}</td>
                  </tr>
                ))}
              </Table>
            </>
          )}
          <Pager
            language={web.language}
            label={t.readings}
            total={readings.total}
            offset={readings.offset}
            limit={readings.limit}
            href={pageHref(path, { year: String(view.year), from: view.period.from, to: view.period.to })}
          />
        </section>

        <VoidReadingsForm web={web} view={view} state={props.voidState} />
      </div>
    </Layout>
  );
}
