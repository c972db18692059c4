import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../../auth/principal';
import { addLocalDays, localDateOf } from '../../../common/zoned-time';
import { YearFiguresService } from '../../../figures/year-figures.service';
import { MetersService } from '../../../meters/meters.service';
import { DataQualityService } from '../../../readings/data-quality.service';
import { ListReadingsQueryDto, ReadingPageDto } from '../../../readings/dto/consumption.dto';
import { VoidReadingsQueryDto, VoidResultDto } from '../../../readings/dto/void.dto';
import { ReadingVoidService } from '../../../readings/reading-void.service';
import { ReadingsQueryService } from '../../../readings/readings-query.service';
import { SitesService } from '../../../sites/sites.service';
import { attempt, bodyOf, FieldErrors, fieldOf, FormFields, Refusal, validated } from '../../views/form';
import { currentReportingYear, yearChoices, yearOfQuery } from '../officer-format';
import { MeterView, meterView, SiteView, siteView, SitesView, sitesView, VoidForm } from './sites-view';

/** Sites shown on one page of the list. */
const SITES_PER_PAGE = 50;
/** Readings shown on one page of a meter. */
const READINGS_PER_PAGE = 50;
/** The API's largest offset (PageQueryDto). */
const MAX_OFFSET = 10_000_000;

export interface ReadingsFilter {
  from?: string;
  to?: string;
  offset: number;
}

/** The void form as the page shows it: what was typed, and why it was refused. */
export interface VoidState {
  form: VoidForm;
  errors: FieldErrors | null;
  refusal: Refusal | null;
}

const EMPTY_READINGS = (offset: number): ReadingPageDto => ({
  items: [],
  total: 0,
  limit: READINGS_PER_PAGE,
  offset,
});

/**
 * Sites, meters and their data quality for the officer's pages, from the API's own services: the sites
 * and meters services, data quality (`yearCoverage`, as `/data-quality` answers it), raw readings and the
 * void of readings stored in error.
 */
@Injectable()
export class SitesPagesService {
  constructor(
    private readonly sites: SitesService,
    private readonly meters: MetersService,
    private readonly quality: DataQualityService,
    private readonly readings: ReadingsQueryService,
    private readonly voids: ReadingVoidService,
    private readonly figures: YearFiguresService,
  ) {}

  /** The year shown (`?year=`, by default the current reporting year) and the years offered. */
  private async years(
    ctx: RequestContext,
    asked: unknown,
  ): Promise<{ year: number; years: number[]; currentYear: number }> {
    const currentYear = currentReportingYear(await this.figures.organization(ctx.organizationId));
    const year = yearOfQuery(asked) ?? currentYear;
    return { year, years: yearChoices(currentYear, year), currentYear };
  }

  async list(ctx: RequestContext, query: { year: unknown; offset: number }): Promise<SitesView> {
    const years = await this.years(ctx, query.year);
    const [sites, coverage] = await Promise.all([
      this.sites.list(ctx, { limit: SITES_PER_PAGE, offset: query.offset }),
      this.quality.everyMeter(ctx, years.year),
    ]);
    return sitesView({ ...years, sites, coverage });
  }

  async site(ctx: RequestContext, siteId: string, asked: unknown): Promise<SiteView> {
    const site = await this.sites.get(ctx, siteId);
    const years = await this.years(ctx, asked);
    const coverage = await this.quality.everyMeter(ctx, years.year);
    return siteView({ ...years, site, coverage });
  }

  /**
   * A meter, its data quality in the year and a page of its readings. Without a period asked, the
   * readings from the day before its last reading's (site-local) day: the most recent ones.
   */
  async meter(
    ctx: RequestContext,
    meterId: string,
    query: { year: unknown } & ReadingsFilter,
  ): Promise<{ view: MeterView; filterErrors: FieldErrors | null }> {
    const meter = await this.meters.get(ctx, meterId);
    const [site, years] = await Promise.all([this.sites.get(ctx, meter.siteId), this.years(ctx, query.year)]);
    const quality = await this.quality.forMeter(ctx, meterId, years.year);
    const asked = query.from !== undefined || query.to !== undefined;
    const period = {
      from:
        query.from ??
        (!asked && quality.lastReadingAt
          ? addLocalDays(localDateOf(new Date(quality.lastReadingAt.getTime() - 1), site.timeZone), -1)
          : ''),
      to: query.to ?? '',
    };
    const checked = await validated(ListReadingsQueryDto, bodyOf({ from: period.from, to: period.to }));
    let readings = EMPTY_READINGS(query.offset);
    let filterErrors = checked.errors;
    if (checked.value) {
      const read = await attempt(() =>
        this.readings.readings(ctx, meterId, {
          ...checked.value,
          limit: READINGS_PER_PAGE,
          offset: Math.min(query.offset, MAX_OFFSET),
        }),
      );
      if (read.value) readings = read.value;
      else filterErrors = read.errors;
    }
    return { view: meterView({ ...years, meter, site, quality, period, readings }), filterErrors };
  }

  /**
   * Voids readings of a meter (the API's `DELETE /meters/{id}/readings`): the form is checked by the API's
   * query DTO, the void refused as the API refuses it (409 `PERIOD_LOCKED` in a finalized year).
   */
  async voidReadings(
    ctx: RequestContext,
    meterId: string,
    fields: FormFields,
  ): Promise<{ result: VoidResultDto; state: null } | { result: null; state: VoidState }> {
    const form: VoidForm = {
      from: fieldOf(fields, 'from'),
      to: fieldOf(fields, 'to'),
      reason: fieldOf(fields, 'reason'),
    };
    const checked = await validated(VoidReadingsQueryDto, bodyOf(fields));
    if (checked.errors) return { result: null, state: { form, errors: checked.errors, refusal: null } };
    const done = await attempt(() => this.voids.void(ctx, meterId, checked.value));
    if (done.value) return { result: done.value, state: null };
    const errors: FieldErrors = {};
    for (const d of done.refusal.details) errors[d.path.split('.')[0]] ??= d.message;
    return {
      result: null,
      state: { form, errors: Object.keys(errors).length ? errors : null, refusal: done.refusal },
    };
  }
}
