import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'sites' })
export class Site {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** ISO 3166-1 alpha-2. */
  @Column('char', { length: 2 })
  country: string;

  /** Sub-national grid region, e.g. an eGRID subregion such as `RFCE` (S2-LB-1 in docs/rules.md). */
  @Column('text', { name: 'grid_region', nullable: true })
  gridRegion: string | null;

  /**
   * Id of the supplier's emission factor (kind SUPPLIER) in the reporting year's factor set: market-based
   * Scope 2 uses it for consumption not covered by instruments, before the residual mix (S2-MB-1 in docs/rules.md).
   */
  @Column('text', { name: 'supplier_factor_id', nullable: true })
  supplierFactorId: string | null;

  /** IANA time zone: local days and DST come from it (C-2). */
  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('text', { nullable: true })
  address: string | null;

  /** Excluded from the RE100 commitment as immaterial (RE100-SCOPE-2 in docs/rules.md), with the reason reported. */
  @Column('boolean', { name: 'excluded_from_re100', default: false })
  excludedFromRe100: boolean;

  @Column('text', { name: 'exclusion_reason', nullable: true })
  exclusionReason: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
