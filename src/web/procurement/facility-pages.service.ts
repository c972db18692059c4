import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { CreateFacilityDto, UpdateFacilityDto } from '../../procurement/dto/facility.dto';
import { FacilityDto } from '../../procurement/dto/procurement-response.dto';
import { FacilitiesService } from '../../procurement/facilities.service';
import { Language } from '../i18n/language';
import { FieldErrors, formBody, FormFields, submitForm, valuesOf } from '../views/form';
import { pageOutcome, PageOutcome } from './page-outcome';
import { ProcurementChoices } from './procurement-choices.service';
import { Choice, Vocabulary } from './vocabulary';

export interface FacilityFormView {
  /** Null for a new facility. */
  id: string | null;
  /** The stored name (the page's title while editing). */
  name: string | null;
  values: FormFields;
  errors: FieldErrors | null;
  meters: Choice[];
  vocabulary: Vocabulary;
}

export type FacilityOutcome = PageOutcome<FacilityDto, FacilityFormView>;

const REQUIRED = ['name', 'country', 'technology', 'commissioningDate'] as const;
const KINDS = { flags: ['sustainabilityEvidence', 'coalCofiring'], lists: ['generationMeterIds'] };
/** Optional fields an edit clears when left empty. */
const CLEARABLE = ['registryFacilityId', 'gridRegion', 'capacityMw', 'repoweringDate', 'sustainabilityNote'];
/** Refusals without `details`, at the field they are about. */
const FIELD_OF = { ALREADY_EXISTS: 'name', METER_MEASURES_ANOTHER_FACILITY: 'generationMeterIds' };

/** The facility forms: the API's DTOs and FacilitiesService, refusals at their fields. */
@Injectable()
export class FacilityPagesService {
  constructor(
    private readonly facilities: FacilitiesService,
    private readonly choices: ProcurementChoices,
  ) {}

  async blank(ctx: RequestContext, language: Language): Promise<FacilityFormView> {
    return this.view(ctx, language, null, null, {}, null);
  }

  async edit(ctx: RequestContext, language: Language, id: string): Promise<FacilityFormView> {
    const facility = await this.facilities.get(ctx, id);
    return this.view(ctx, language, id, facility.name, valuesOf(facility), null);
  }

  async create(ctx: RequestContext, language: Language, form: FormFields): Promise<FacilityOutcome> {
    const result = await submitForm(
      CreateFacilityDto,
      formBody(form, KINDS, REQUIRED),
      (dto) => this.facilities.create(ctx, dto),
      { fieldOf: FIELD_OF },
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, null, null, form, errors));
  }

  async update(
    ctx: RequestContext,
    language: Language,
    id: string,
    form: FormFields,
  ): Promise<FacilityOutcome> {
    const stored = await this.facilities.get(ctx, id);
    const result = await submitForm(
      UpdateFacilityDto,
      formBody(form, { ...KINDS, nullable: CLEARABLE }, REQUIRED),
      (dto) => this.facilities.update(ctx, id, dto),
      { fieldOf: FIELD_OF },
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, id, stored.name, form, errors));
  }

  private async view(
    ctx: RequestContext,
    language: Language,
    id: string | null,
    name: string | null,
    values: FormFields,
    errors: FieldErrors | null,
  ): Promise<FacilityFormView> {
    return {
      id,
      name,
      values,
      errors,
      meters: await this.choices.generationMeters(ctx),
      vocabulary: this.choices.vocabulary(language),
    };
  }
}
