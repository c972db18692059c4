import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

/** Officer workspace: facilities, contracts, certificates, claims and auto-allocation. */
@Module({ imports: [WebCoreModule], controllers: [], providers: [] })
export class ProcurementPagesModule {}
