import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstrumentStatus, InstrumentType } from '../re100/engine/types';

/** One serial range of energy attribute certificates (domain §5). */
@Entity({ name: 'certificates' })
export class Certificate {
  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId: string;

  @PrimaryColumn('uuid')
  id: string;

  /** Registry that issued the range, e.g. `M-RETS`, `AIB-NL`, `KPX`. Serials never overlap within one. */
  @Column('text')
  registry: string;

  @Column('text', { name: 'instrument_type' })
  instrumentType: InstrumentType;

  @Column('text', { name: 'serial_start', nullable: true })
  serialStart: string | null;

  @Column('text', { name: 'serial_end', nullable: true })
  serialEnd: string | null;

  /** The serials' common prefix: ranges overlap only under the same prefix (invariant 3). */
  @Column('text', { name: 'serial_prefix', nullable: true })
  serialPrefix: string | null;

  /** Numeric serial numbers `[first,last]` for the overlap check (invariant 3). */
  @Column('numrange', { name: 'serial_range', nullable: true, select: true })
  serialRange: string | null;

  /** Energy in Wh (1 REC = 1 GO = 1 I-REC = 1 MWh), as a decimal string. */
  @Column('bigint', { name: 'volume_wh' })
  volumeWh: string;

  /** K-RECs: the number of RECs; claims use the underlying energy in `volumeWh`. */
  @Column('integer', { name: 'rec_count', nullable: true })
  recCount: number | null;

  @Column('uuid', { name: 'facility_id' })
  facilityId: string;

  /** Production period (RE100-CLAIM-3 in docs/rules.md). */
  @Column('date', { name: 'vintage_start' })
  vintageStart: string;

  @Column('date', { name: 'vintage_end' })
  vintageEnd: string;

  @Column('date', { name: 'issuance_date', nullable: true })
  issuanceDate: string | null;

  @Column('text')
  status: InstrumentStatus;

  /** RE100-CLAIM-1 in docs/rules.md: a retired certificate has its cancellation date and beneficiary. */
  @Column('date', { name: 'cancellation_date', nullable: true })
  cancellationDate: string | null;

  @Column('text', { nullable: true })
  beneficiary: string | null;

  @Column('char', { name: 'consumption_country', length: 2, nullable: true })
  consumptionCountry: string | null;

  @Column('date', { name: 'consumption_period_start', nullable: true })
  consumptionPeriodStart: string | null;

  @Column('date', { name: 'consumption_period_end', nullable: true })
  consumptionPeriodEnd: string | null;

  @Column('uuid', { name: 'contract_id', nullable: true })
  contractId: string | null;

  @Column('text', { name: 'evidence_url', nullable: true })
  evidenceUrl: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
