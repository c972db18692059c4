import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ALLOCATION_KINDS = ['certificate', 'self_generation', 'physical_delivery'] as const;

/** A claim: renewable energy allocated to a reporting year and a consumption market (RE100-CALC-2 in docs/rules.md). */
@Entity({ name: 'allocations' })
export class Allocation {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  kind: (typeof ALLOCATION_KINDS)[number];

  @Column('uuid', { name: 'certificate_id', nullable: true })
  certificateId: string | null;

  @Column('uuid', { name: 'contract_id', nullable: true })
  contractId: string | null;

  @Column('uuid', { name: 'facility_id', nullable: true })
  facilityId: string | null;

  @Column('smallint', { name: 'reporting_year' })
  reportingYear: number;

  /** The RE100 market the energy is claimed in (a country code, `EU` or `US-CA`). */
  @Column('text', { name: 'consumption_market' })
  consumptionMarket: string;

  @Column('uuid', { name: 'site_ids', array: true, default: () => "'{}'" })
  siteIds: string[];

  @Column('bigint', { name: 'volume_wh' })
  volumeWh: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;
}
