import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';

/** Evidence of a certificate: the registry's cancellation (retirement) statement (domain §5). */
@ApiTags('procurement')
@ApiBearerAuth()
@ApiErrors()
@Controller('certificates/:id/evidence')
export class CertificateEvidenceController extends EvidenceController {
  constructor(evidence: EvidenceService) {
    super(evidence, 'certificate');
  }
}
