import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TECHNOLOGIES = [
  'WIND',
  'SOLAR',
  'GEOTHERMAL',
  'HYDRO',
  'BIOMASS',
  'NUCLEAR',
  'FOSSIL',
  'STORAGE',
  'HYDROGEN',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

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

  /** ISO 3166-1 alpha-2: decides the market boundary of its output (RE100-MB-1). */
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

  /** RE100-AGE-1: age counts from the later of commissioning and re-powering. */
  @Column('date', { name: 'commissioning_date' })
  commissioningDate: string;

  @Column('date', { name: 'repowering_date', nullable: true })
  repoweringDate: string | null;

  /** RE100-CLAIM-5: hydro and biomass need sustainability evidence. */
  @Column('boolean', { name: 'sustainability_evidence', default: false })
  sustainabilityEvidence: boolean;

  @Column('text', { name: 'sustainability_note', nullable: true })
  sustainabilityNote: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
