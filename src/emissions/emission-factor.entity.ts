import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FactorGas, FactorKind, FactorUnit } from './factor-set';

/**
 * One factor of a set an organization loaded; never edited (C-4). The columns of `FactorRow`. Read and
 * written with SQL by `EmissionFactorsRepository`; the entity keeps this table checked against its migration.
 */
@Entity({ name: 'emission_factors' })
export class EmissionFactor {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid', { name: 'factor_set_id' })
  factorSetId: string;

  @PrimaryColumn('text')
  id: string;

  @Column('text')
  source: string;

  @Column('text')
  edition: string;

  @Column('smallint', { name: 'data_year' })
  dataYear: number;

  @Column('text')
  region: string;

  @Column('text')
  kind: FactorKind;

  /** Exact, as published, in `unit`. */
  @Column('numeric')
  value: string;

  @Column('text')
  unit: FactorUnit;

  @Column('text')
  gas: FactorGas;

  @Column('boolean', { default: false })
  verified: boolean;

  @Column('text')
  note: string;
}
