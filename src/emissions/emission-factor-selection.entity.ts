import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The factor set an organization chose for a reporting year: one of its own (`factorSetId`) or a shipped
 * reference set (`referenceSetId`). Without a row the year uses the shipped defaults. Read and written with
 * SQL by `EmissionFactorsRepository`; the entity keeps this table checked against its migration.
 */
@Entity({ name: 'emission_factor_selections' })
export class EmissionFactorSelection {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('smallint', { name: 'reporting_year' })
  reportingYear: number;

  @Column('uuid', { name: 'factor_set_id', nullable: true })
  factorSetId: string | null;

  @Column('uuid', { name: 'reference_set_id', nullable: true })
  referenceSetId: string | null;

  @Column('timestamptz', { name: 'selected_at', default: () => 'now()' })
  selectedAt: Date;

  @Column('uuid', { name: 'selected_by', nullable: true })
  selectedBy: string | null;
}
