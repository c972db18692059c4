import { OmitType } from '@nestjs/swagger';
import { PageDto } from '../../common/page.dto';
import { Allocation } from '../allocation.entity';
import { Certificate } from '../certificate.entity';
import { Contract } from '../contract.entity';
import { Facility } from '../facility.entity';

export class FacilityDto extends Facility {
  /** Generation meters measuring this facility (self-generation). */
  generationMeterIds: string[];
}

export class FacilityPageDto extends PageDto {
  items: FacilityDto[];
}

export class ContractDto extends Contract {
  facilityIds: string[];
  /** Consuming sites. */
  siteIds: string[];
}

export class ContractPageDto extends PageDto {
  items: ContractDto[];
}

export class CertificateDto extends OmitType(Certificate, ['serialRange', 'serialPrefix'] as const) {
  /** Energy claimed by allocations, Wh. */
  allocatedWh: string;
  /** Energy left to claim, Wh. */
  availableWh: string;
}

export class CertificatePageDto extends PageDto {
  items: CertificateDto[];
}

export class AllocationPageDto extends PageDto {
  items: Allocation[];
}
