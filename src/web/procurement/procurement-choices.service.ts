import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../auth/principal';
import { MAX_PAGE_SIZE } from '../../common/page-query.dto';
import { MetersService } from '../../meters/meters.service';
import { ContractsService } from '../../procurement/contracts.service';
import { CertificatesService } from '../../procurement/certificates.service';
import { CertificateDto, FacilityDto } from '../../procurement/dto/procurement-response.dto';
import { FacilitiesService } from '../../procurement/facilities.service';
import { ReportTemplates } from '../../reports/templates/report-templates';
import { SitesService } from '../../sites/sites.service';
import { Language } from '../i18n/language';
import { Choice, Vocabulary } from './vocabulary';

/** A page of the largest size the API lists: the pickers offer the organization's records up to it. */
const ALL = { limit: MAX_PAGE_SIZE, offset: 0 };

/**
 * What the forms of this area offer: the words of each value (one vocabulary per language) and the
 * organization's own records to pick (facilities, contracts, sites, generation meters), read through the
 * API's services, so another organization's record is never offered.
 */
@Injectable()
export class ProcurementChoices {
  private readonly vocabularies = new Map<Language, Vocabulary>();

  constructor(
    private readonly templates: ReportTemplates,
    private readonly facilitiesService: FacilitiesService,
    private readonly contractsService: ContractsService,
    private readonly sitesService: SitesService,
    private readonly metersService: MetersService,
    private readonly certificatesService: CertificatesService,
  ) {}

  vocabulary(language: Language): Vocabulary {
    let vocabulary = this.vocabularies.get(language);
    if (!vocabulary) {
      vocabulary = new Vocabulary(language, this.templates.text(language));
      this.vocabularies.set(language, vocabulary);
    }
    return vocabulary;
  }

  async facilityRecords(ctx: RequestContext): Promise<FacilityDto[]> {
    return (await this.facilitiesService.list(ctx, ALL)).items;
  }

  async facilities(ctx: RequestContext, vocabulary: Vocabulary): Promise<Choice[]> {
    return (await this.facilityRecords(ctx)).map((f) => ({
      value: f.id,
      label: `${f.name} — ${vocabulary.technology(f.technology)}, ${f.country}`,
    }));
  }

  async contracts(ctx: RequestContext, vocabulary: Vocabulary): Promise<Choice[]> {
    return (await this.contractsService.list(ctx, ALL)).items.map((k) => ({
      value: k.id,
      label: `${k.counterparty} — ${vocabulary.method(k.method)}, ${k.startDate}`,
    }));
  }

  async sites(ctx: RequestContext): Promise<Choice[]> {
    return (await this.sitesService.list(ctx, ALL)).items.map((s) => ({
      value: s.id,
      label: `${s.name} (${s.country})`,
    }));
  }

  /**
   * Every retired certificate of the organization, page after page of the API's list: the ones claims are
   * made of (only a retired certificate is claimed, and it stays retired once claimed).
   */
  async retiredCertificates(ctx: RequestContext): Promise<CertificateDto[]> {
    const all: CertificateDto[] = [];
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await this.certificatesService.list(ctx, {
        status: 'RETIRED',
        limit: MAX_PAGE_SIZE,
        offset,
      });
      all.push(...page.items);
      if (page.items.length < MAX_PAGE_SIZE || all.length >= page.total) return all;
    }
  }

  async generationMeters(ctx: RequestContext): Promise<Choice[]> {
    const [meters, sites] = await Promise.all([
      this.metersService.list(ctx, { ...ALL, direction: 'generation' }),
      this.sites(ctx),
    ]);
    const siteName = new Map(sites.map((s) => [s.value, s.label]));
    return meters.items.map((m) => ({
      value: m.id,
      label: [m.externalId, m.name, siteName.get(m.siteId)].filter(Boolean).join(' — '),
    }));
  }
}

/** A certificate's serial range ("IR-1 – IR-100"); null when it was recorded without serials. */
export const serialRange = (c: Pick<CertificateDto, 'serialStart' | 'serialEnd'>): string | null =>
  c.serialStart ? `${c.serialStart} – ${c.serialEnd}` : null;

/** A certificate as a claim names it: instrument, registry and serial range. */
export function certificateLabel(c: CertificateDto, vocabulary: Vocabulary): string {
  const serials = serialRange(c);
  return `${vocabulary.instrumentType(c.instrumentType)}, ${c.registry}${serials ? ` ${serials}` : ''}`;
}
