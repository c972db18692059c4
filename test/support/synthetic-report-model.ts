import type { ClaimRow, ReportModel } from '../../src/reports/model/report-model';

/**
 * A large report model for layout and speed checks, cloned from the rows of a real one: `sites` sites of
 * `metersPerSite` meters and `claims` claims, with distinct names, ids and serials. Its figures do not add
 * up (nothing here is a result); a renderer only lays them out.
 */
export function syntheticModel(
  base: ReportModel,
  { sites = 1000, metersPerSite = 2, claims = 5000 } = {},
): ReportModel {
  const model = structuredClone(base);
  const content = model.content;
  const siteTemplates = base.content.dataQuality.sites;
  content.dataQuality.sites = Array.from({ length: sites }, (_, i) => {
    const template = siteTemplates[i % siteTemplates.length];
    const meter = template.meters[0];
    return {
      ...template,
      siteId: `site-${i}`,
      name: `${template.name} ${i + 1}`,
      consumptionMwh: `${1000 + i}.${String(i % 1000).padStart(3, '0')}`,
      meters: Array.from({ length: metersPerSite }, (_, j) => ({
        ...meter,
        meterId: `meter-${i}-${j}`,
        externalId: `${meter.externalId}-${i}-${j}`,
        mwh: `${500 + i + j}.${String((i * 7 + j) % 1000).padStart(3, '0')}`,
      })),
    };
  });
  const claimTemplates = base.content.claims;
  content.claims = Array.from({ length: claims }, (_, i): ClaimRow => {
    const template = claimTemplates[i % claimTemplates.length];
    const serial = String(i * 1000 + 1).padStart(9, '0');
    return {
      ...template,
      claimId: `${String(i).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`,
      facilityName: `${template.facilityName} ${i + 1}`,
      serialStart: template.serialStart === null ? null : `SER-${serial}`,
      serialEnd: template.serialEnd === null ? null : `SER-${String(i * 1000 + 999).padStart(9, '0')}`,
      claimedMwh: `${100 + (i % 900)}.${String(i % 1000).padStart(3, '0')}`,
    };
  });
  return model;
}

/** Site names in Korean, Japanese (kanji and kana), Chinese, German and Dutch, given to the sites in turn. */
const SITE_NAMES = [
  '구미 반도체 공장',
  '東京本社ビル（品川）',
  'Dresdner Modulwerk Süd – Straße 7',
  '上海研发中心',
  'Eindhoven ontwerpcentrum',
  'Austin sales and service',
];
const FACILITY_NAMES = [
  '영암 풍력발전단지',
  '北海道石狩洋上風力',
  'Nordsee Ost Windpark Übertragung',
  'Zeeland zonnepark',
  'Roscoe West wind',
  'Glomma kraftverk',
];
export const MANY_SCRIPTS_COUNTERPARTY = '한국전력공사 / 東京電力 / Stadtwerke München';

/** A copy of a model whose site, facility and counterparty names are in several scripts. */
export function withNamesInManyScripts(base: ReportModel): ReportModel {
  const model = structuredClone(base);
  model.content.dataQuality.sites.forEach((site, i) => (site.name = SITE_NAMES[i % SITE_NAMES.length]));
  model.content.claims.forEach((claim, i) => {
    claim.facilityName = FACILITY_NAMES[i % FACILITY_NAMES.length];
    if (claim.contract) claim.contract.counterparty = MANY_SCRIPTS_COUNTERPARTY;
  });
  return model;
}
