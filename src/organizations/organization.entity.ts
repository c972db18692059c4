import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Milestone } from '../re100/commitment';

@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Matched against certificate beneficiaries (RE100-CLAIM-1). */
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

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
