import { Column, Entity, PrimaryColumn } from 'typeorm';

export const METER_KINDS = ['interval', 'register'] as const;
export const METER_DIRECTIONS = ['import', 'export', 'generation'] as const;
export const ENERGY_UNITS = ['Wh', 'kWh', 'MWh'] as const;
export const INTERVAL_MINUTES = [5, 15, 30, 60, 1440] as const;
export const ENERGY_CARRIERS = ['electricity'] as const;

export type MeterKind = (typeof METER_KINDS)[number];
export type MeterDirection = (typeof METER_DIRECTIONS)[number];
export type EnergyUnit = (typeof ENERGY_UNITS)[number];

@Entity({ name: 'meters' })
export class Meter {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'site_id' })
  siteId: string;

  /** The meter's serial or the id its gateway uses; unique within the organization. */
  @Column('text', { name: 'external_id' })
  externalId: string;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text')
  kind: MeterKind;

  /** Length of one interval reading (M-1); required for interval meters. */
  @Column('integer', { name: 'interval_minutes', nullable: true })
  intervalMinutes: number | null;

  @Column('text', { name: 'energy_carrier', default: 'electricity' })
  energyCarrier: (typeof ENERGY_CARRIERS)[number];

  /** RE100-SCOPE-1 in docs/rules.md: consumption = import + generation − export. */
  @Column('text')
  direction: MeterDirection;

  @Column('text')
  unit: EnergyUnit;

  /** Register meters: the value at which the register wraps to zero (M-2), in Wh, as a decimal string. */
  @Column('bigint', { name: 'rollover_modulus', nullable: true })
  rolloverModulusWh: string | null;

  @Column('timestamptz', { name: 'active_from', nullable: true })
  activeFrom: Date | null;

  @Column('timestamptz', { name: 'active_to', nullable: true })
  activeTo: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
