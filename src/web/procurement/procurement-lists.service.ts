import { Injectable, Type } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { ListCertificatesQueryDto } from '../../procurement/dto/certificate.dto';
import { ListContractsQueryDto } from '../../procurement/dto/contract.dto';
import { ListFacilitiesQueryDto } from '../../procurement/dto/facility.dto';
import { CertificateDto, ContractDto, FacilityDto } from '../../procurement/dto/procurement-response.dto';
import { CertificatesService } from '../../procurement/certificates.service';
import { ContractsService } from '../../procurement/contracts.service';
import { FacilitiesService } from '../../procurement/facilities.service';
import { Language } from '../i18n/language';
import { FieldErrors, validated } from '../views/form';
import { ProcurementChoices } from './procurement-choices.service';
import { Vocabulary } from './vocabulary';

/** Rows per list on the procurement page. */
export const PAGE_SIZE = 20;

/**
 * The page's query names of each list, mapped to the API list's query fields: one page shows three lists,
 * each with its own filters and offset.
 */
export const LIST_PARAMS = {
  facilities: { facilityCountry: 'country', facilityTechnology: 'technology', facilityOffset: 'offset' },
  contracts: { contractMethod: 'method', contractOffset: 'offset' },
  certificates: {
    certificateStatus: 'status',
    certificateRegistry: 'registry',
    certificateType: 'instrumentType',
    certificateOffset: 'offset',
  },
} as const;

export type ListName = keyof typeof LIST_PARAMS;

export interface Listing<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  /** The list's filters as the page's query gave them. */
  filters: Record<string, string>;
  filtered: boolean;
}

export interface ProcurementListsView {
  /** The page's known query parameters with a value (kept by every link and filter form). */
  query: Record<string, string>;
  facilities: Listing<FacilityDto>;
  contracts: Listing<ContractDto>;
  certificates: Listing<CertificateDto>;
  /** Facility names by id (the certificate and contract lists name their facilities). */
  facilityNames: Record<string, string>;
  /** Filters the API's list refused, by the page's query name. */
  errors: FieldErrors | null;
  vocabulary: Vocabulary;
}

/** The lists of facilities, contracts and certificates, each a page of the API's own list. */
@Injectable()
export class ProcurementListsService {
  constructor(
    private readonly facilities: FacilitiesService,
    private readonly contracts: ContractsService,
    private readonly certificates: CertificatesService,
    private readonly choices: ProcurementChoices,
  ) {}

  async view(
    ctx: RequestContext,
    language: Language,
    query: Record<string, unknown>,
  ): Promise<ProcurementListsView> {
    const known: Record<string, string> = {};
    for (const params of Object.values(LIST_PARAMS))
      for (const name of Object.keys(params)) {
        const value = query[name];
        if (typeof value === 'string' && value.trim() !== '') known[name] = value.trim();
      }
    const errors: FieldErrors = {};
    const [facilities, contracts, certificates, all] = await Promise.all([
      this.page(ListFacilitiesQueryDto, 'facilities', known, errors, (q) => this.facilities.list(ctx, q)),
      this.page(ListContractsQueryDto, 'contracts', known, errors, (q) => this.contracts.list(ctx, q)),
      this.page(ListCertificatesQueryDto, 'certificates', known, errors, (q) =>
        this.certificates.list(ctx, q),
      ),
      this.choices.facilityRecords(ctx),
    ]);
    return {
      query: known,
      facilities,
      contracts,
      certificates,
      facilityNames: Object.fromEntries(all.map((f) => [f.id, f.name])),
      errors: Object.keys(errors).length > 0 ? errors : null,
      vocabulary: this.choices.vocabulary(language),
    };
  }

  /**
   * One list's page: its filters checked by the API list's query DTO; a refused filter is reported at its
   * field and the list shown without the list's filters.
   */
  private async page<Q extends object, T>(
    dto: Type<Q>,
    list: ListName,
    known: Record<string, string>,
    errors: FieldErrors,
    load: (query: Q) => Promise<{ items: T[]; total: number; limit: number; offset: number }>,
  ): Promise<Listing<T>> {
    const params: Record<string, string> = LIST_PARAMS[list];
    const filters: Record<string, string> = {};
    const body: Record<string, unknown> = { limit: String(PAGE_SIZE) };
    for (const [name, field] of Object.entries(params))
      if (known[name] !== undefined) {
        body[field] = known[name];
        if (field !== 'offset') filters[name] = known[name];
      }
    let checked = await validated(dto, body);
    if (checked.errors !== null) {
      for (const [name, field] of Object.entries(params))
        if (checked.errors[field] !== undefined) errors[name] = checked.errors[field];
      checked = await validated(dto, { limit: String(PAGE_SIZE) });
    }
    const page = await load(checked.value!);
    return {
      ...page,
      filters,
      filtered: Object.keys(filters).length > 0,
    };
  }
}
