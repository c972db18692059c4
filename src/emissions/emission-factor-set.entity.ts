import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An emission factor set an organization loaded (C-4). Shipped reference sets live apart, in the
 * `reference` schema, and have no entity. Both are read and written with SQL by `EmissionFactorsRepository`
 * (one query serves both kinds); the entity keeps this table checked against its migration.
 */
@Entity({ name: 'emission_factor_sets' })
export class EmissionFactorSet {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Unique with `version` in the organization. */
  @Column('text')
  name: string;

  @Column('text')
  version: string;

  @Column('text')
  description: string;

  /** How the rows arrived: `csv` or `json`. */
  @Column('text', { name: 'source_format' })
  sourceFormat: 'csv' | 'json';

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;
}
