import type { Meter } from '../../../meters/meter.entity';
import type {
  MeterCoverageDto,
  MeterDataQualityDto,
  ReadingPageDto,
} from '../../../readings/dto/consumption.dto';
import type { Site } from '../../../sites/site.entity';
import { localTime, percentOf } from '../officer-format';

/** A meter's data quality in words: what the page says of it (the API's figures decide which). */
export type MeterStatus = 'complete' | 'gaps' | 'stale' | 'no_data';
export const METER_STATUSES: readonly MeterStatus[] = ['complete', 'gaps', 'stale', 'no_data'];

/**
 * No reading in the year is "no data"; in a year still running, a meter that should report and has not
 * lately is "stale" (its missing intervals then mostly trail); intervals missing is "gaps"; else
 * "complete". A year that is over is judged by its intervals: a meter that stopped after it is complete
 * for it (its staleness is still shown beside).
 */
export function meterStatus(c: MeterDataQualityDto, yearOver: boolean): MeterStatus {
  if (c.receivedIntervals === 0) return 'no_data';
  if (c.stale && !yearOver) return 'stale';
  if ((c.missingIntervals ?? 0) > 0) return 'gaps';
  return 'complete';
}

export interface MeterRow {
  meterId: string;
  externalId: string;
  kind: string;
  intervalMinutes: number | null;
  direction: string;
  status: MeterStatus;
  /** Percent with one decimal, rounded down; null for a register meter (nothing expected). */
  completeness: string | null;
  missingIntervals: number | null;
  estimated: string;
  stale: boolean;
  /** In the site's time, with its offset; null when the meter never reported. */
  lastReading: string | null;
}

export const meterRow = (c: MeterCoverageDto, yearOver: boolean): MeterRow => ({
  meterId: c.meterId,
  externalId: c.externalId,
  kind: c.kind,
  intervalMinutes: c.intervalMinutes,
  direction: c.direction,
  status: meterStatus(c, yearOver),
  completeness: percentOf(c.completeness, 'down'),
  missingIntervals: c.missingIntervals,
  estimated: percentOf(c.estimatedShare, 'up')!,
  stale: c.stale,
  lastReading: c.lastReadingAt && localTime(c.lastReadingAt, c.timeZone),
});

export interface SiteBlock {
  siteId: string;
  name: string;
  country: string;
  timeZone: string;
  excluded: boolean;
  meters: MeterRow[];
}

const siteBlock = (site: Site, coverage: MeterCoverageDto[], yearOver: boolean): SiteBlock => ({
  siteId: site.id,
  name: site.name,
  country: site.country,
  timeZone: site.timeZone,
  excluded: site.excludedFromRe100,
  meters: coverage.filter((c) => c.siteId === site.id).map((c) => meterRow(c, yearOver)),
});

const countByStatus = (coverage: MeterCoverageDto[], yearOver: boolean) => {
  const counts = { complete: 0, gaps: 0, stale: 0, no_data: 0 } as Record<MeterStatus, number>;
  for (const c of coverage) counts[meterStatus(c, yearOver)] += 1;
  return counts;
};

export interface SitesView {
  year: number;
  years: number[];
  sites: SiteBlock[];
  /** Every meter of the organization by status, whichever page of sites is shown. */
  counts: Record<MeterStatus, number>;
  total: number;
  limit: number;
  offset: number;
}

export function sitesView(input: {
  year: number;
  years: number[];
  currentYear: number;
  sites: { items: Site[]; total: number; limit: number; offset: number };
  coverage: MeterCoverageDto[];
}): SitesView {
  return {
    year: input.year,
    years: input.years,
    sites: input.sites.items.map((s) => siteBlock(s, input.coverage, input.year < input.currentYear)),
    counts: countByStatus(input.coverage, input.year < input.currentYear),
    total: input.sites.total,
    limit: input.sites.limit,
    offset: input.sites.offset,
  };
}

export interface SiteView {
  year: number;
  years: number[];
  site: SiteBlock & { gridRegion: string | null; address: string | null; exclusionReason: string | null };
}

export function siteView(input: {
  year: number;
  years: number[];
  currentYear: number;
  site: Site;
  coverage: MeterCoverageDto[];
}): SiteView {
  const { site } = input;
  return {
    year: input.year,
    years: input.years,
    site: {
      ...siteBlock(site, input.coverage, input.year < input.currentYear),
      gridRegion: site.gridRegion,
      address: site.address,
      exclusionReason: site.exclusionReason,
    },
  };
}

export interface ReadingRow {
  start: string;
  durationMinutes: number;
  valueWh: string;
  qualityClass: string;
  revision: number;
  source: string;
  receivedAt: string;
}

/** What the void form holds (as typed), re-shown with its problems when refused. */
export interface VoidForm {
  from: string;
  to: string;
  reason: string;
}

export interface MeterView {
  year: number;
  years: number[];
  meter: {
    id: string;
    externalId: string;
    name: string | null;
    kind: string;
    intervalMinutes: number | null;
    direction: string;
    unit: string;
    activeFrom: string | null;
    activeTo: string | null;
  };
  site: { id: string; name: string; timeZone: string };
  quality: {
    status: MeterStatus;
    checkedFrom: string;
    checkedTo: string;
    expectedIntervals: number | null;
    receivedIntervals: number;
    missingIntervals: number | null;
    completeness: string | null;
    estimated: string;
    stale: boolean;
    lastReading: string | null;
    gaps: { from: string; to: string; missingIntervals: number }[];
    gapCount: number;
  };
  /** The period of readings shown, as asked (or the default: from the day before the last reading's). */
  period: { from: string; to: string };
  readings: { items: ReadingRow[]; total: number; limit: number; offset: number };
}

export function meterView(input: {
  year: number;
  years: number[];
  currentYear: number;
  meter: Meter;
  site: Site;
  quality: MeterDataQualityDto;
  period: { from: string; to: string };
  readings: ReadingPageDto;
}): MeterView {
  const { meter, site, quality, readings } = input;
  const zone = site.timeZone;
  return {
    year: input.year,
    years: input.years,
    meter: {
      id: meter.id,
      externalId: meter.externalId,
      name: meter.name,
      kind: meter.kind,
      intervalMinutes: meter.intervalMinutes,
      direction: meter.direction,
      unit: meter.unit,
      activeFrom: meter.activeFrom && localTime(meter.activeFrom, zone),
      activeTo: meter.activeTo && localTime(meter.activeTo, zone),
    },
    site: { id: site.id, name: site.name, timeZone: zone },
    quality: {
      status: meterStatus(quality, input.year < input.currentYear),
      checkedFrom: localTime(quality.checkedFrom, zone),
      checkedTo: localTime(quality.checkedTo, zone),
      expectedIntervals: quality.expectedIntervals,
      receivedIntervals: quality.receivedIntervals,
      missingIntervals: quality.missingIntervals,
      completeness: percentOf(quality.completeness, 'down'),
      estimated: percentOf(quality.estimatedShare, 'up')!,
      stale: quality.stale,
      lastReading: quality.lastReadingAt && localTime(quality.lastReadingAt, zone),
      gaps: (quality.gaps ?? []).map((g) => ({
        from: localTime(g.from, zone),
        to: localTime(g.to, zone),
        missingIntervals: g.missingIntervals,
      })),
      gapCount: quality.gapCount ?? 0,
    },
    period: input.period,
    readings: {
      items: readings.items.map((r) => ({
        start: localTime(r.start, zone),
        durationMinutes: r.durationMinutes,
        valueWh: r.valueWh,
        qualityClass: r.qualityClass,
        revision: r.revision,
        source: r.source,
        receivedAt: localTime(r.receivedAt, zone),
      })),
      total: readings.total,
      limit: readings.limit,
      offset: readings.offset,
    },
  };
}
