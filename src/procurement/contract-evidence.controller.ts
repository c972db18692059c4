import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';

/** Evidence of a contract: the signed PPA, supplier statements. */
@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('contracts/:id/evidence')
export class ContractEvidenceController extends EvidenceController {
  constructor(evidence: EvidenceService) {
    super(evidence, 'contract');
  }
}
