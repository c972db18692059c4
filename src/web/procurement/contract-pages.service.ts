import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { CreateContractDto, UpdateContractDto } from '../../procurement/dto/contract.dto';
import { ContractDto } from '../../procurement/dto/procurement-response.dto';
import { ContractsService } from '../../procurement/contracts.service';
import { Language } from '../i18n/language';
import { FieldErrors, formBody, FormFields, submitForm, valuesOf } from '../views/form';
import { exactMwhOf } from './energy';
import { pageOutcome, PageOutcome } from './page-outcome';
import { ProcurementChoices } from './procurement-choices.service';
import { Choice, Vocabulary } from './vocabulary';

export interface ContractFormView {
  /** Null for a new contract. */
  id: string | null;
  /** The stored counterparty (the page's title while editing). */
  counterparty: string | null;
  values: FormFields;
  errors: FieldErrors | null;
  facilities: Choice[];
  sites: Choice[];
  vocabulary: Vocabulary;
}

export type ContractOutcome = PageOutcome<ContractDto, ContractFormView>;

const REQUIRED = ['method', 'counterparty', 'startDate', 'signedDate'] as const;
const KINDS = {
  flags: ['eacsConveyed', 'longTerm', 'projectSpecific', 'firstOfftaker', 'equityStake'],
  lists: ['facilityIds', 'siteIds'],
};
/** Optional fields an edit clears when left empty. */
const CLEARABLE = [
  'krTag',
  'endDate',
  'expectedAnnual',
  'consumptionMarket',
  'grandfatheringJustification',
  'trialOperationEndDate',
  'passiveBasis',
];

/** The contract forms: the API's DTOs and ContractsService, refusals at their fields. */
@Injectable()
export class ContractPagesService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly choices: ProcurementChoices,
  ) {}

  async blank(ctx: RequestContext, language: Language): Promise<ContractFormView> {
    return this.view(ctx, language, null, null, { expectedAnnualUnit: 'MWh' }, null);
  }

  async edit(ctx: RequestContext, language: Language, id: string): Promise<ContractFormView> {
    const contract = await this.contracts.get(ctx, id);
    const values = valuesOf(contract);
    // The stored Wh as the exact MWh the form shows, in the unit it is sent back in.
    if (contract.expectedAnnualWh !== null) values.expectedAnnual = exactMwhOf(contract.expectedAnnualWh);
    values.expectedAnnualUnit = 'MWh';
    return this.view(ctx, language, id, contract.counterparty, values, null);
  }

  async create(ctx: RequestContext, language: Language, form: FormFields): Promise<ContractOutcome> {
    const result = await submitForm(CreateContractDto, formBody(form, KINDS, REQUIRED), (dto) =>
      this.contracts.create(ctx, dto),
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, null, null, form, errors));
  }

  async update(
    ctx: RequestContext,
    language: Language,
    id: string,
    form: FormFields,
  ): Promise<ContractOutcome> {
    const stored = await this.contracts.get(ctx, id);
    const result = await submitForm(
      UpdateContractDto,
      formBody(form, { ...KINDS, nullable: CLEARABLE }, REQUIRED),
      (dto) => this.contracts.update(ctx, id, dto),
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, id, stored.counterparty, form, errors));
  }

  private async view(
    ctx: RequestContext,
    language: Language,
    id: string | null,
    counterparty: string | null,
    values: FormFields,
    errors: FieldErrors | null,
  ): Promise<ContractFormView> {
    const vocabulary = this.choices.vocabulary(language);
    const [facilities, sites] = await Promise.all([
      this.choices.facilities(ctx, vocabulary),
      this.choices.sites(ctx),
    ]);
    return { id, counterparty, values, errors, facilities, sites, vocabulary };
  }
}
