import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  EQUITY_STAKE_TYPES,
  KR_PROCUREMENT_TAGS,
  KR_TAG_TYPE,
  PROCUREMENT_METHODS,
  PROCUREMENT_TYPE,
  type PassiveBasis,
  type ProcurementMethod,
} from '../re100/engine/types';

/** A Korean procurement method kept beside the RE100 type it maps to (domain §1); one of `KR_PROCUREMENT_TAGS`. */
export type KrTag = (typeof KR_PROCUREMENT_TAGS)[number];

const methodsOfType = (types: readonly number[]): ProcurementMethod[] =>
  PROCUREMENT_METHODS.filter((method) => types.includes(PROCUREMENT_TYPE[method]));

/**
 * The methods each Korean tag allows: those of the RE100 type the tag maps to (`KR_TAG_TYPE`), derived from
 * the engine so the two never disagree (V5-KR-1: the green premium is a type-3 supplier contract).
 */
export const KR_TAG_METHODS: Readonly<Record<KrTag, readonly ProcurementMethod[]>> = Object.freeze(
  Object.fromEntries(KR_PROCUREMENT_TAGS.map((tag) => [tag, methodsOfType([KR_TAG_TYPE[tag]])])) as Record<
    KrTag,
    ProcurementMethod[]
  >,
);

/** K-RE100: the methods an equity stake may sit on (a type-2 PPA or a type-4 REC purchase from that plant). */
export const EQUITY_STAKE_METHODS: readonly ProcurementMethod[] = Object.freeze(
  methodsOfType(EQUITY_STAKE_TYPES),
);

/** V5-PASSIVE-1: the methods a passive basis may be stated for (type 5, default-delivered). */
export const PASSIVE_BASIS_METHODS: readonly ProcurementMethod[] = Object.freeze(methodsOfType([5]));

@Entity({ name: 'contracts' })
export class Contract {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  method: ProcurementMethod;

  @Column('text', { name: 'kr_tag', nullable: true })
  krTag: KrTag | null;

  @Column('text')
  counterparty: string;

  @Column('date', { name: 'start_date' })
  startDate: string;

  @Column('date', { name: 'end_date', nullable: true })
  endDate: string | null;

  /** RE100-AGE-2 in docs/rules.md: contracts signed before 2024 are grandfathered (with a justification). */
  @Column('date', { name: 'signed_date' })
  signedDate: string;

  /** Expected yearly energy in Wh (decimal string), for the progress forecast. */
  @Column('bigint', { name: 'expected_annual_wh', nullable: true })
  expectedAnnualWh: string | null;

  /** Whether the energy attribute certificates go to the organization (else the claim is not credible). */
  @Column('boolean', { name: 'eacs_conveyed' })
  eacsConveyed: boolean;

  @Column('text', { name: 'consumption_market', nullable: true })
  consumptionMarket: string | null;

  @Column('text', { name: 'grandfathering_justification', nullable: true })
  grandfatheringJustification: string | null;

  /**
   * The contract is long-term. A PPA signed from 1 January 2024 keeps its plant exempt from the 15-year age
   * limit only when it is long-term, project-specific and the buyer is the first offtaker, all three
   * (docs/rules.md#re100-age-2).
   */
  @Column('boolean', { name: 'long_term', default: false })
  longTerm: boolean;

  /**
   * The contract is tied to a named project (project-specific), one of the three conditions of the PPA age
   * exemption (docs/rules.md#re100-age-2).
   */
  @Column('boolean', { name: 'project_specific', default: false })
  projectSpecific: boolean;

  /**
   * The buyer is the plant's first offtaker: it signed before the plant started operating and takes power from
   * its start (or from the end of a trial operation). One of the three conditions of the PPA age exemption
   * (docs/rules.md#re100-age-2).
   */
  @Column('boolean', { name: 'first_offtaker', default: false })
  firstOfftaker: boolean;

  /**
   * The first day the buyer could take power after a trial operation that regulation imposed on the plant
   * (YYYY-MM-DD), or null when there was none. Under the v5.0 criteria a trial of at most one year keeps the
   * PPA age exemption (docs/rules.md#v5-age-1).
   */
  @Column('date', { name: 'trial_operation_end_date', nullable: true })
  trialOperationEndDate: string | null;

  /**
   * The organization holds equity in the plant (Korea's K-RE100). An equity stake is not a procurement method of
   * its own: it counts only together with a PPA or a REC purchase from that same plant, so it is allowed only on
   * PPA_PHYSICAL, PPA_VIRTUAL and UNBUNDLED_EAC contracts (docs/rules.md#v5-kr-1).
   */
  @Column('boolean', { name: 'equity_stake', default: false })
  equityStake: boolean;

  /**
   * For default-delivered electricity (DEFAULT_DELIVERED) backed by certificates: what they rest on.
   * SUPPLIER_PRO_RATA: a share of certificates the supplier retired for all its customers (counts only for load
   * not procured actively, under the v5.0 criteria); MANDATE_ONLY: certificates retired only to meet a mandate,
   * which is not enough. Null when not stated; only DEFAULT_DELIVERED contracts may state it
   * (docs/rules.md#v5-passive-1).
   */
  @Column('text', { name: 'passive_basis', nullable: true })
  passiveBasis: PassiveBasis | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
