import { Column, Entity, PrimaryColumn } from 'typeorm';

/** RE100's five procurement types (domain §1); Korean methods map onto them and are kept as a tag. */
export const PROCUREMENT_METHODS = [
  'SELF_GEN_OWNED',
  'SELF_GEN_THIRD_PARTY',
  'PPA_PHYSICAL',
  'PPA_VIRTUAL',
  'SUPPLIER_GREEN_TARIFF',
  'UNBUNDLED_EAC',
  'DEFAULT_DELIVERED',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const KR_TAGS = [
  'KR_GREEN_PREMIUM',
  'KR_REC_PURCHASE',
  'KR_THIRD_PARTY_PPA',
  'KR_DIRECT_PPA',
  'KR_EQUITY_INVESTMENT',
  'KR_SELF_GEN',
] as const;
export type KrTag = (typeof KR_TAGS)[number];

/** The RE100 type (1–5) each Korean method belongs to. */
export const KR_TAG_METHODS: Record<KrTag, ProcurementMethod[]> = {
  KR_GREEN_PREMIUM: ['SUPPLIER_GREEN_TARIFF'],
  KR_REC_PURCHASE: ['UNBUNDLED_EAC'],
  KR_THIRD_PARTY_PPA: ['PPA_PHYSICAL', 'PPA_VIRTUAL'],
  KR_DIRECT_PPA: ['PPA_PHYSICAL', 'PPA_VIRTUAL'],
  KR_EQUITY_INVESTMENT: ['SELF_GEN_OWNED'],
  KR_SELF_GEN: ['SELF_GEN_OWNED', 'SELF_GEN_THIRD_PARTY'],
};

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

  /** RE100-AGE-2: contracts signed before 2024 are grandfathered (with a justification). */
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

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
