import type { ComponentChildren } from 'preact';
import { COMMON_TEXT } from '../i18n/common';
import { Badge, BadgeTone } from '../views/components';
import { InputField, SelectField } from '../views/form';
import { Layout } from '../views/layout';
import { WebContext } from '../web-context';
import { mwhOf } from './energy';
import { LIST_PARAMS, Listing, ListName, ProcurementListsView } from './procurement-lists.service';
import { PROCUREMENT_TEXT, ProcurementText } from './procurement.text';
import { Pager, Period, Section } from './widgets';

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

function Table(props: { caption: string; head: string[]; children: ComponentChildren; numeric?: number[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th scope="col" class={props.numeric?.includes(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

function Empty(props: { listing: Listing<unknown>; empty: string; t: ProcurementText }) {
  return <p class="muted">{props.listing.filtered ? props.t.emptyFiltered : props.empty}</p>;
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

function Facilities({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const f = t.facility;
  const { vocabulary } = view;
  const listing = view.facilities;
  return (
    <Section
      id="facilities"
      title={t.sections.facilities}
      actions={<a href="/app/procurement/facilities/new">{t.newFacility}</a>}
    >
      <FilterForm list="facilities" view={view} t={t}>
        <SelectField
          name="facilityCountry"
          form="facilities"
          label={f.country}
          blank={t.any}
          options={vocabulary.countries}
          value={listing.filters.facilityCountry}
          errors={view.errors}
        />
        <SelectField
          name="facilityTechnology"
          form="facilities"
          label={f.technology}
          blank={t.any}
          options={vocabulary.technologies}
          value={listing.filters.facilityTechnology}
          errors={view.errors}
        />
      </FilterForm>
      {listing.items.length === 0 ? (
        <Empty listing={listing} empty={t.emptyFacilities} t={t} />
      ) : (
        <Table
          caption={t.sections.facilities}
          head={[f.name, f.country, f.technology, f.capacityMw, f.commissioningDate, f.registryFacilityId]}
          numeric={[3]}
        >
          {listing.items.map((item) => (
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
          ))}
        </Table>
      )}
      <ListPager list="facilities" listing={listing} view={view} web={web} label={t.sections.facilities} />
    </Section>
  );
}

function Contracts({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const k = t.contract;
  const c = COMMON_TEXT[web.language];
  const { vocabulary } = view;
  const listing = view.contracts;
  return (
    <Section
      id="contracts"
      title={t.sections.contracts}
      actions={<a href="/app/procurement/contracts/new">{t.newContract}</a>}
    >
      <FilterForm list="contracts" view={view} t={t}>
        <SelectField
          name="contractMethod"
          form="contracts"
          label={k.method}
          blank={t.any}
          options={vocabulary.methods}
          value={listing.filters.contractMethod}
          errors={view.errors}
        />
      </FilterForm>
      {listing.items.length === 0 ? (
        <Empty listing={listing} empty={t.emptyContracts} t={t} />
      ) : (
        <Table
          caption={t.sections.contracts}
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
        >
          {listing.items.map((item) => (
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
          ))}
        </Table>
      )}
      <ListPager list="contracts" listing={listing} view={view} web={web} label={t.sections.contracts} />
    </Section>
  );
}

function Certificates({ web, view }: { web: WebContext; view: ProcurementListsView }) {
  const t = PROCUREMENT_TEXT[web.language];
  const r = t.certificate;
  const { vocabulary } = view;
  const listing = view.certificates;
  return (
    <Section
      id="certificates"
      title={t.sections.certificates}
      actions={<a href="/app/procurement/certificates/new">{t.newCertificate}</a>}
    >
      <FilterForm list="certificates" view={view} t={t}>
        <InputField
          name="certificateRegistry"
          form="certificates"
          label={r.registry}
          value={listing.filters.certificateRegistry}
          errors={view.errors}
        />
        <SelectField
          name="certificateType"
          form="certificates"
          label={r.instrumentType}
          blank={t.any}
          options={vocabulary.instrumentTypes}
          value={listing.filters.certificateType}
          errors={view.errors}
        />
        <SelectField
          name="certificateStatus"
          form="certificates"
          label={r.status}
          blank={t.any}
          options={vocabulary.instrumentStatuses}
          value={listing.filters.certificateStatus}
          errors={view.errors}
        />
      </FilterForm>
      {listing.items.length === 0 ? (
        <Empty listing={listing} empty={t.emptyCertificates} t={t} />
      ) : (
        <Table
          caption={t.sections.certificates}
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
        >
          {listing.items.map((item) => (
            <tr data-id={item.id}>
              <th scope="row">{item.registry}</th>
              <td>{vocabulary.instrumentType(item.instrumentType)}</td>
              <td>
                <a href={`/app/procurement/certificates/${item.id}`}>
                  {item.serialStart ? `${item.serialStart} – ${item.serialEnd}` : t.edit}
                </a>
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
          ))}
        </Table>
      )}
      <ListPager
        list="certificates"
        listing={listing}
        view={view}
        web={web}
        label={t.sections.certificates}
      />
    </Section>
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
