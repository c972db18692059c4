import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { CertificateRetirementDto, CreateCertificateDto } from '../../procurement/dto/certificate.dto';
import { CertificateDto } from '../../procurement/dto/procurement-response.dto';
import { CertificatesService } from '../../procurement/certificates.service';
import { Language } from '../i18n/language';
import { FieldErrors, formBody, FormFields, submitForm, valuesOf } from '../views/form';
import { pageOutcome, PageOutcome } from './page-outcome';
import { ProcurementChoices } from './procurement-choices.service';
import { Choice, Vocabulary } from './vocabulary';

export interface CertificateFormView {
  /** The stored certificate while editing (its recorded facts are shown, not edited); null for a new one. */
  record: CertificateDto | null;
  values: FormFields;
  errors: FieldErrors | null;
  facilities: Choice[];
  contracts: Choice[];
  vocabulary: Vocabulary;
}

export type CertificateOutcome = PageOutcome<CertificateDto, CertificateFormView>;

const REQUIRED = ['registry', 'instrumentType', 'facilityId', 'vintageStart', 'vintageEnd'] as const;
/** What an edit changes (CertificateRetirementDto); every one of them but the status may be cleared. */
const CLEARABLE = [
  'cancellationDate',
  'beneficiary',
  'consumptionCountry',
  'consumptionPeriodStart',
  'consumptionPeriodEnd',
  'contractId',
  'evidenceUrl',
];
/**
 * Refusals without `details`, at the field they are about: the database's refusal of an overlapping
 * range (invariant 3) and the status rules of a recorded certificate.
 */
const FIELD_OF = {
  SERIAL_RANGE_OVERLAP: 'serialStart',
  INVALID_STATUS_TRANSITION: 'status',
  CERTIFICATE_ALLOCATED: 'status',
};

/** The certificate forms: the API's DTOs and CertificatesService, refusals at their fields. */
@Injectable()
export class CertificatePagesService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly choices: ProcurementChoices,
  ) {}

  async blank(ctx: RequestContext, language: Language): Promise<CertificateFormView> {
    return this.view(ctx, language, null, { status: 'ACTIVE', volumeUnit: 'MWh' }, null);
  }

  async edit(ctx: RequestContext, language: Language, id: string): Promise<CertificateFormView> {
    const certificate = await this.certificates.get(ctx, id);
    return this.view(ctx, language, certificate, valuesOf(certificate), null);
  }

  async create(ctx: RequestContext, language: Language, form: FormFields): Promise<CertificateOutcome> {
    const result = await submitForm(
      CreateCertificateDto,
      formBody(form, { numbers: ['recCount'] }, REQUIRED),
      (dto) => this.certificates.create(ctx, dto),
      { fieldOf: FIELD_OF },
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, null, form, errors));
  }

  async update(
    ctx: RequestContext,
    language: Language,
    id: string,
    form: FormFields,
  ): Promise<CertificateOutcome> {
    const stored = await this.certificates.get(ctx, id);
    const result = await submitForm(
      CertificateRetirementDto,
      formBody(form, { nullable: CLEARABLE }, []),
      (dto) => this.certificates.update(ctx, id, dto),
      { fieldOf: FIELD_OF },
    );
    return pageOutcome(result, (errors) => this.view(ctx, language, stored, form, errors));
  }

  private async view(
    ctx: RequestContext,
    language: Language,
    record: CertificateDto | null,
    values: FormFields,
    errors: FieldErrors | null,
  ): Promise<CertificateFormView> {
    const vocabulary = this.choices.vocabulary(language);
    const [facilities, contracts] = await Promise.all([
      this.choices.facilities(ctx, vocabulary),
      this.choices.contracts(ctx, vocabulary),
    ]);
    return { record, values, errors, facilities, contracts, vocabulary };
  }
}
