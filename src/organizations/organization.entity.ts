import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Milestone } from '../re100/commitment';

@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Matched against certificate beneficiaries (RE100-CLAIM-1 in docs/rules.md). */
  @Column('text', { name: 'legal_entity_name' })
  legalEntityName: string;

  @Column('char', { length: 2 })
  country: string;

  @Column('smallint', { name: 'reporting_year_start_month', default: 1 })
  reportingYearStartMonth: number;

  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('smallint', { name: 're100_target_year', nullable: true })
  re100TargetYear: number | null;

  @Column('smallint', { name: 're100_baseline_year', nullable: true })
  re100BaselineYear: number | null;

  @Column('jsonb', { name: 're100_milestones', default: () => "'[]'" })
  re100Milestones: Milestone[];

  /**
   * RE100-SCOPE-2 in docs/rules.md: the organization chooses to exclude every site of every market where it consumes at most the
   * immaterial threshold (100 MWh a year). Off by default: then only the sites it flags are excluded.
   */
  @Column('boolean', { name: 're100_exclude_immaterial_markets', default: false })
  re100ExcludeImmaterialMarkets: boolean;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
