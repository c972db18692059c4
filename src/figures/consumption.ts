/**
 * The one consumption rule (RE100-SCOPE-1, docs/rules.md#re100-scope-1), used by `/consumption`, the RE100
 * figures and Scope 2 alike.
 *
 * A site consumes what it imports plus what it generates on site minus what it exports. The rule is applied
 * per site and per **site-local day** (the unit the daily rollups keep, C-2), and a day never counts below
 * zero: a site that exports more than it imports and generates on a day consumed nothing that day, and its
 * surplus neither lowers another day's figure nor another site's. Every longer figure (a month, a reporting
 * year, a market's share of a year) is the sum of the same days, so the figures tie out whatever the period.
 * With complete metering a day is never below zero (export is part of generation); the floor only matters
 * when a generation meter is missing, and then it keeps one site's export from hiding another's import.
 *
 * The self-generated part consumed is generation − export, never below zero and never above the day's
 * consumption.
 */
export interface EnergyFlows {
  importWh: bigint;
  exportWh: bigint;
  generationWh: bigint;
}

export interface SiteConsumption {
  consumptionWh: bigint;
  selfGenerationConsumedWh: bigint;
}

const atLeastZero = (wh: bigint) => (wh > 0n ? wh : 0n);

/** One site's consumption over one site-local day (or one hour, for hourly series). */
export function siteConsumption(flows: EnergyFlows): SiteConsumption {
  const consumptionWh = atLeastZero(flows.importWh + flows.generationWh - flows.exportWh);
  const selfConsumed = atLeastZero(flows.generationWh - flows.exportWh);
  return {
    consumptionWh,
    selfGenerationConsumedWh: selfConsumed < consumptionWh ? selfConsumed : consumptionWh,
  };
}

/**
 * The same rule in SQL, for queries that sum many site-days in the database. Arguments are SQL expressions
 * of one site and one day (or hour); a spec checks that both forms agree on the same values.
 */
export const CONSUMPTION_SQL = {
  consumptionWh: (flow: { imp: string; exp: string; gen: string }) =>
    `greatest(${flow.imp} + ${flow.gen} - ${flow.exp}, 0)`,
  selfGenerationConsumedWh: (flow: { imp: string; exp: string; gen: string }) =>
    `least(greatest(${flow.gen} - ${flow.exp}, 0), greatest(${flow.imp} + ${flow.gen} - ${flow.exp}, 0))`,
};
