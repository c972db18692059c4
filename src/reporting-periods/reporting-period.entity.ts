import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A reporting year's state; a year without a row is open. A finalized year does not change (invariant 7). */
@Entity({ name: 'reporting_periods' })
export class ReportingPeriod {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('smallint')
  year: number;

  @Column('text')
  status: 'open' | 'finalized';

  /** The ready report the year was last finalized from (kept when it is reopened: a restatement compares to it). */
  @Column('uuid', { name: 'report_id', nullable: true })
  reportId: string | null;

  @Column('timestamptz', { name: 'finalized_at', nullable: true })
  finalizedAt: Date | null;

  @Column('uuid', { name: 'finalized_by', nullable: true })
  finalizedBy: string | null;

  @Column('timestamptz', { name: 'reopened_at', nullable: true })
  reopenedAt: Date | null;

  @Column('uuid', { name: 'reopened_by', nullable: true })
  reopenedBy: string | null;

  @Column('text', { name: 'reopen_reason', nullable: true })
  reopenReason: string | null;
}
