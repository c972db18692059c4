import { whToMwh } from '../../common/energy';
import type { YearFigures } from '../../figures/year-figures';
import type { Re100YearResult } from '../../re100/engine';
import { isMeasuredClaim } from './cdp-tables';
import type { ClaimRow } from './report-model';

const yearOf = (date: string | null | undefined) => (date ? Number(date.slice(0, 4)) : null);

/**
 * Every claim of the year with what an auditor traces it to (auditors' checks 2–6): the certificate's
 * registry and serial range, instrument, facility, origin, commissioning year, vintage, cancellation and
 * beneficiary, the contract, and the verdict with its eligible and ineligible MWh and reason codes.
 */
export function claimsRegister(figures: YearFigures, re100: Re100YearResult): ClaimRow[] {
  const inputs = new Map(figures.re100.claims.map((c) => [c.claimId, c]));
  return re100.claims
    .map((verdict): ClaimRow => {
      const input = inputs.get(verdict.claimId)!;
      const source = figures.claimSources[verdict.claimId];
      const contract = source?.contracts[0] ?? null;
      const commissioned = [input.facility.commissioningDate, input.facility.repoweringDate ?? null]
        .map(yearOf)
        .filter((y): y is number => y !== null);
      return {
        claimId: verdict.claimId,
        kind: isMeasuredClaim(verdict.claimId) ? 'SELF_GENERATION' : 'CERTIFICATE',
        market: verdict.market,
        method: verdict.basis.method,
        procurementType: verdict.basis.procurementType,
        krTag: verdict.basis.krTag,
        certificateId: source?.certificate?.certificateId ?? null,
        registry: source?.certificate?.registry ?? null,
        serialStart: source?.certificate?.serialStart ?? null,
        serialEnd: source?.certificate?.serialEnd ?? null,
        instrumentType: verdict.basis.instrumentType,
        facilityId: source?.facility.facilityId ?? input.facility.facilityId ?? null,
        facilityName: source?.facility.name ?? input.facility.facilityId ?? '',
        facilityCountry: verdict.basis.facilityCountry,
        technology: verdict.basis.technology,
        commissioningYear: commissioned.length ? Math.max(...commissioned) : null,
        vintageStart: verdict.basis.vintage?.start ?? null,
        vintageEnd: verdict.basis.vintage?.end ?? null,
        cancellationDate: verdict.basis.cancellationDate,
        beneficiary: verdict.basis.beneficiary,
        contract: contract && {
          contractId: contract.contractId,
          counterparty: contract.counterparty,
          method: contract.method,
          signedDate: contract.signedDate,
        },
        consumptionCountry: verdict.basis.consumptionCountry,
        status: verdict.status,
        claimedMwh: whToMwh(verdict.volumeWh),
        eligibleMwh: whToMwh(verdict.eligibleWh),
        ineligibleMwh: whToMwh(verdict.ineligibleWh),
        reasons: [...verdict.reasons],
      };
    })
    .sort((a, b) =>
      a.market !== b.market ? (a.market < b.market ? -1 : 1) : a.claimId < b.claimId ? -1 : 1,
    );
}
