import type { ComponentChildren, VNode } from 'preact';
import { COMMON_TEXT } from '../i18n/common';
import { Badge, BadgeTone } from '../views/components';
import { InputField, SelectField } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { mwhOf } from './energy';
import { serialRange } from './procurement-choices.service';
import { LIST_PARAMS, Listing, ListName, ProcurementListsView } from './procurement-lists.service';
import { PROCUREMENT_TEXT, ProcurementText } from './procurement.text';
import { Pager, Period, Section, Table } from './widgets';

const STATUS_TONES: Record<string, BadgeTone> = {
  ACTIVE: 'neutral',
  RETIRED: 'good',
  TRANSFERRED: 'warn',
  EXPIRED: 'bad',
};

/** The procurement page with `changes` to its query (an empty value drops the parameter). */
function hrefWith(query: Record<string, string>, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...changes }))
    if (value !== null && value !== '') params.set(name, value);
  const search = params.toString();
  return `/app/procurement${search ? `?${search}` : ''}`;
}

/**
 * A list's filter form: a plain GET form (htmx swaps only the list's section in), carrying the other
 * lists' parameters so that they keep their state.
 */
function FilterForm(props: {
  list: ListName;
  view: ProcurementListsView;
  t: ProcurementText;
  children: ComponentChildren;
}) {
  const own = new Set(Object.keys(LIST_PARAMS[props.list]));
  const kept = Object.entries(props.view.query).filter(([name]) => !own.has(name));
  return (
    <form
      class="filters"
      method="get"
      action="/app/procurement"
      hx-get="/app/procurement"
      hx-target={`#${props.list}`}
      hx-select={`#${props.list}`}
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      {kept.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <button type="submit">{props.t.filter}</button>
    </form>
  );
}

function ListPager(props: {
  list: ListName;
  listing: Listing<unknown>;
  view: ProcurementListsView;
  web: WebContext;
  label: string;
}) {
  const offsetParam = Object.keys(LIST_PARAMS[props.list]).find((n) => n.endsWith('Offset'))!;
  return (
    <Pager
      language={props.web.language}
      total={props.listing.total}
      offset={props.listing.offset}
      limit={props.listing.limit}
      label={props.label}
      href={(offset) =>
        `${hrefWith(props.view.query, { [offsetParam]: offset ? String(offset) : null })}#${props.list}`
      }
    />
  );
}

/** One list of the page: its filters, a page of its records (or why there are none) and its pager. */
function ListSection<T>(props: {
  list: ListName;
  web: WebContext;
  view: ProcurementListsView;
  listing: Listing<T>;
  /** The link to a new record. */
  add: string;
  /** What the list says when the organization has no record yet. */
  empty: string;
  filters: ComponentChildren;
  head: string[];
  numeric: number[];
  row: (item: T) => VNode;
}) {
  const { list, listing } = props;
  const t = PROCUREMENT_TEXT[props.web.language];
  const title = t.sections[list];
  return (
    <Section id={list} title={title} actions={<a href={`/app/procurement/${list}/new`}>{props.add}</a>}>
      <FilterForm list={list} view={props.view} t={t}>
        {props.filters}
      </FilterForm>
      {listing.items.length === 0 ? (
        <p class="muted">{listing.filtered ? t.emptyFiltered : props.empty}</p>
      ) : (
        <Table caption={title} head={props.head} numeric={props.numeric}>
          {listing.items.map(props.row)}
        </Table>
      )}
      <ListPager list={list} listing={listing} view={props.view} web={props.web} label={title} />
    </Section>
  );
}

/** The props of a list's filter field: its value from the page's query, its problem, its id by list. */
const filtersOf = (list: ListName, view: ProcurementListsView) => (name: string) => ({
  name,
  form: list,
  value: view[list].filters[name],
  errors: view.errors,
});

function Facilities({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const f = t.facility;
  const { vocabulary } = view;
  const filter = filtersOf('facilities', view);
  return (
    <ListSection
      list="facilities"
      web={web}
      view={view}
      listing={view.facilities}
      add={t.newFacility}
      empty={t.emptyFacilities}
      filters={
        <>
          <SelectField
            {...filter('facilityCountry')}
            label={f.country}
            blank={t.any}
            options={vocabulary.countries}
          />
          <SelectField
            {...filter('facilityTechnology')}
            label={f.technology}
            blank={t.any}
            options={vocabulary.technologies}
          />
        </>
      }
      head={[f.name, f.country, f.technology, f.capacityMw, f.commissioningDate, f.registryFacilityId]}
      numeric={[3]}
      row={(item) => (
        <tr>
          <th scope="row">
            <a href={`/app/procurement/facilities/${item.id}`}>{item.name}</a>
          </th>
          <td>{vocabulary.country(item.country)}</td>
          <td>{vocabulary.technology(item.technology)}</td>
          <td class="num">{item.capacityMw ?? '—'}</td>
          <td>
            {item.repoweringDate
              ? `${item.commissioningDate} (${item.repoweringDate})`
              : item.commissioningDate}
          </td>
          <td>{item.registryFacilityId ?? '—'}</td>
        </tr>
      )}
    />
  );
}

function Contracts({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const k = t.contract;
  const c = COMMON_TEXT[web.language];
  const { vocabulary } = view;
  const filter = filtersOf('contracts', view);
  return (
    <ListSection
      list="contracts"
      web={web}
      view={view}
      listing={view.contracts}
      add={t.newContract}
      empty={t.emptyContracts}
      filters={
        <SelectField
          {...filter('contractMethod')}
          label={k.method}
          blank={t.any}
          options={vocabulary.methods}
        />
      }
      head={[
        k.counterparty,
        `${k.method} / ${k.re100Type}`,
        k.period,
        `${k.expectedAnnual} (MWh)`,
        k.eacs,
        k.consumptionMarket,
        k.facilityIds,
      ]}
      numeric={[3]}
      row={(item) => (
        <tr>
          <th scope="row">
            <a href={`/app/procurement/contracts/${item.id}`}>{item.counterparty}</a>
          </th>
          <td>
            {vocabulary.method(item.method)}
            {item.krTag && <span> · {vocabulary.krTag(item.krTag)}</span>}
            <br />
            <span class="muted">{vocabulary.typeOfMethod(item.method)}</span>
          </td>
          <td>
            <Period from={item.startDate} to={item.endDate} />
          </td>
          <td class="num">{item.expectedAnnualWh === null ? '—' : mwhOf(item.expectedAnnualWh)}</td>
          <td>{item.eacsConveyed ? c.yes : c.no}</td>
          <td>{item.consumptionMarket ? vocabulary.market(item.consumptionMarket) : '—'}</td>
          <td>{item.facilityIds.map((id) => view.facilityNames[id] ?? id).join(', ') || '—'}</td>
        </tr>
      )}
    />
  );
}

function Certificates({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const r = t.certificate;
  const { vocabulary } = view;
  const filter = filtersOf('certificates', view);
  return (
    <ListSection
      list="certificates"
      web={web}
      view={view}
      listing={view.certificates}
      add={t.newCertificate}
      empty={t.emptyCertificates}
      filters={
        <>
          <InputField {...filter('certificateRegistry')} label={r.registry} />
          <SelectField
            {...filter('certificateType')}
            label={r.instrumentType}
            blank={t.any}
            options={vocabulary.instrumentTypes}
          />
          <SelectField
            {...filter('certificateStatus')}
            label={r.status}
            blank={t.any}
            options={vocabulary.instrumentStatuses}
          />
        </>
      }
      head={[
        r.registry,
        r.instrumentType,
        r.serialRange,
        r.volumeMwh,
        r.vintage,
        r.status,
        r.facilityId,
        r.availableMwh,
      ]}
      numeric={[3, 7]}
      row={(item) => (
        <tr data-id={item.id}>
          <th scope="row">{item.registry}</th>
          <td>{vocabulary.instrumentType(item.instrumentType)}</td>
          <td>
            <a href={`/app/procurement/certificates/${item.id}`}>{serialRange(item) ?? t.edit}</a>
          </td>
          <td class="num">{mwhOf(item.volumeWh)}</td>
          <td>
            <Period from={item.vintageStart} to={item.vintageEnd} />
          </td>
          <td>
            <Badge tone={STATUS_TONES[item.status] ?? 'neutral'}>
              {vocabulary.instrumentStatus(item.status)}
            </Badge>
          </td>
          <td>{view.facilityNames[item.facilityId] ?? item.facilityId}</td>
          <td class="num">{mwhOf(item.availableWh)}</td>
        </tr>
      )}
    />
  );
}

export function ProcurementPage({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  return (
    <Layout web={web} title={t.title}>
      <p class="muted">{t.intro}</p>
      <div class="grid">
        <Facilities web={web} view={view} />
        <Contracts web={web} view={view} />
        <Certificates web={web} view={view} />
      </div>
    </Layout>
  );
}
