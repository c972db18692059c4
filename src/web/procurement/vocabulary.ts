import { isCountryCode } from '../../common/geo';
import { KR_PROCUREMENT_TAGS } from '../../re100/engine/types';
import {
  INSTRUMENT_STATUSES,
  INSTRUMENT_TYPES,
  MULTI_COUNTRY_MARKETS,
  PASSIVE_BASES,
  PROCUREMENT_METHODS,
  PROCUREMENT_TYPE,
  TECHNOLOGIES,
} from '../../re100/engine/types';
import type { ReportText } from '../../reports/templates/report-text';
import { Language } from '../i18n/language';
import { PROCUREMENT_TEXT } from './procurement.text';

export interface Choice {
  value: string;
  label: string;
}

/** The units an energy field of the API takes (`volumeUnit`, `expectedAnnualUnit`). */
export const ENERGY_UNITS = ['MWh', 'kWh', 'Wh'] as const;

/**
 * Every ISO 3166-1 alpha-2 code the API's `@IsCountryCode()` accepts: the two-letter codes its own test
 * lets through, so the pickers offer exactly what the DTOs take.
 */
export const COUNTRY_CODES: readonly string[] = (() => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes: string[] = [];
  for (const a of letters) for (const b of letters) if (isCountryCode(a + b)) codes.push(a + b);
  return codes;
})();

const countryNames = new Map<Language, Intl.DisplayNames>();

/** A country's name in the page's language ("Germany", "독일"), the code when the runtime has none. */
export function countryName(code: string, language: Language): string {
  let names = countryNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    countryNames.set(language, names);
  }
  return names.of(code) ?? code;
}

/**
 * The words of every value a page of this area shows or offers: the RE100 report's own wording for
 * technologies, methods, RE100 types, verdicts and reason codes (templates/report/<language>.json, checked at
 * start-up to word each of them), this area's text for the rest. The lists are the engine's, so the choices
 * are exactly what the DTOs accept.
 */
export class Vocabulary {
  readonly countries: Choice[];

  constructor(
    readonly language: Language,
    private readonly report: ReportText,
  ) {
    const collator = new Intl.Collator(language);
    this.countries = COUNTRY_CODES.map((code) => ({ value: code, label: this.country(code) })).sort((a, b) =>
      collator.compare(a.label, b.label),
    );
  }

  private get text() {
    return PROCUREMENT_TEXT[this.language];
  }

  country = (code: string | null): string =>
    code ? `${countryName(code, this.language)} (${code})` : this.text.none;
  technology = (value: string): string => this.report.technologies[value] ?? value;
  method = (value: string): string => this.report.methods[value] ?? value;
  re100Type = (type: number): string => this.report.procurementTypes[String(type)] ?? String(type);
  typeOfMethod = (method: string): string =>
    this.re100Type(PROCUREMENT_TYPE[method as keyof typeof PROCUREMENT_TYPE]);
  instrumentType = (value: string): string =>
    (this.text.instrumentTypes as Record<string, string>)[value] ?? value;
  instrumentStatus = (value: string): string =>
    (this.text.instrumentStatuses as Record<string, string>)[value] ?? value;
  krTag = (value: string | null): string =>
    value ? ((this.text.krTags as Record<string, string>)[value] ?? value) : this.text.none;
  passiveBasis = (value: string | null): string =>
    value ? ((this.text.passiveBases as Record<string, string>)[value] ?? value) : this.text.none;
  /** ELIGIBLE, PARTIAL, INELIGIBLE in words. */
  verdict = (status: string): string => this.report.statuses[status] ?? status;
  /** A reason code of a verdict in words (every code is worded by the report text, checked at start-up). */
  reason = (code: string): string => this.report.reasons[code] ?? code;
  market = (code: string): string =>
    this.text.markets[code] ?? (isCountryCode(code) ? this.country(code) : code);

  get technologies(): Choice[] {
    return TECHNOLOGIES.map((value) => ({ value, label: this.technology(value) }));
  }
  get methods(): Choice[] {
    return PROCUREMENT_METHODS.map((value) => ({
      value,
      label: `${this.method(value)} (${this.text.typeNumber(PROCUREMENT_TYPE[value])})`,
    }));
  }
  get instrumentTypes(): Choice[] {
    return INSTRUMENT_TYPES.map((value) => ({ value, label: this.instrumentType(value) }));
  }
  get instrumentStatuses(): Choice[] {
    return INSTRUMENT_STATUSES.map((value) => ({ value, label: this.instrumentStatus(value) }));
  }
  get krTags(): Choice[] {
    return KR_PROCUREMENT_TAGS.map((value) => ({ value, label: this.krTag(value) }));
  }
  get passiveBases(): Choice[] {
    return PASSIVE_BASES.map((value) => ({ value, label: this.passiveBasis(value) }));
  }
  get units(): Choice[] {
    return ENERGY_UNITS.map((value) => ({ value, label: value }));
  }
  /** Consumption markets as `MARKET_CODE` takes them: the multi-country markets, then every country. */
  get markets(): Choice[] {
    return [
      ...MULTI_COUNTRY_MARKETS.map((value) => ({ value, label: this.market(value) })),
      ...this.countries.map((c) => ({ value: c.value, label: c.label })),
    ];
  }
}
