import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Technology } from '../re100/engine/types';

/** A plant that generates the electricity behind contracts and certificates. */
@Entity({ name: 'generation_facilities' })
export class Facility {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The facility's id in its certificate registry. */
  @Column('text', { name: 'registry_facility_id', nullable: true })
  registryFacilityId: string | null;

  /** ISO 3166-1 alpha-2: decides the market boundary of its output (RE100-MB-1 in docs/rules.md). */
  @Column('char', { length: 2 })
  country: string;

  @Column('text', { name: 'grid_region', nullable: true })
  gridRegion: string | null;

  /** RE100 counts wind, solar, geothermal, sustainable hydro and biomass; the others are kept for completeness. */
  @Column('text')
  technology: Technology;

  /** Capacity in MW, as a decimal string with up to 3 decimals. */
  @Column('numeric', { name: 'capacity_mw', precision: 12, scale: 3, nullable: true })
  capacityMw: string | null;

  /** RE100-AGE-1 in docs/rules.md: age counts from the later of commissioning and re-powering. */
  @Column('date', { name: 'commissioning_date' })
  commissioningDate: string;

  @Column('date', { name: 'repowering_date', nullable: true })
  repoweringDate: string | null;

  /** RE100-CLAIM-5 in docs/rules.md: hydro and biomass need sustainability evidence. */
  @Column('boolean', { name: 'sustainability_evidence', default: false })
  sustainabilityEvidence: boolean;

  @Column('text', { name: 'sustainability_note', nullable: true })
  sustainabilityNote: string | null;

  /**
   * The plant burns biomass together with coal (co-firing). Under the v5.0 criteria its electricity is not
   * renewable and its claims count nothing; under v4.1 the flag has no effect (docs/rules.md#v5-coal-1).
   */
  @Column('boolean', { name: 'coal_cofiring', default: false })
  coalCofiring: boolean;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
